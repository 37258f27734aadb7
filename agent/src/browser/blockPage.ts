import { escapeHtml } from '@lookout/shared';

const WHY: Record<string, (category: string | null) => string> = {
  category: (c) => `it is in the category “${c ?? 'unknown'}”, which your school blocks on this computer`,
  'block-list': () => 'your school has blocked this site on this computer',
  'lesson-allow-list': () => 'your teacher has limited this lesson to a few sites, and this is not one of them',
  'lesson-block-list': () => 'your teacher has blocked this site for this lesson',
};

/** What a pupil sees instead of a blocked page: what, why, and how to ask for it to be looked at again. */
export function blockPage(input: {
  url: string;
  reason: string;
  category: string | null;
  school: string;
  /** The agent's own marked title (OwnPages.title): the pupil sees "Blocked", the agent knows the page as its own. */
  title: string;
}): string {
  const why = (WHY[input.reason] ?? WHY['block-list']!)(input.category);
  return `<!doctype html>
<html lang="en-GB"><head><meta charset="utf-8"><title>${escapeHtml(input.title)}</title>
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<style>body{font-family:system-ui,'Segoe UI',Roboto,sans-serif;color:#1d2330;max-width:40rem;margin:3rem auto;padding:0 1rem;line-height:1.5}
h1{color:#8a1c1c}code{word-break:break-all;background:#f1f4fa;padding:.1rem .3rem;border-radius:4px}</style></head>
<body><h1>This page is blocked</h1>
<p data-testid="blocked-url">You tried to open <code>${escapeHtml(input.url)}</code>.</p>
<p data-testid="blocked-reason">It is blocked because ${escapeHtml(why)}.</p>
<p>If you need it for your work, ask your teacher or ${escapeHtml(input.school || 'the school')}'s IT team to review it.
Tell them the address above and why you need it.</p>
</body></html>`;
}
