import { CONCERN_CATEGORIES, escapeHtml, type SafeguardingSettings } from '@lookout/shared';

const STYLE = `
body{margin:0;padding:1.5rem;font-family:system-ui,'Segoe UI',Roboto,sans-serif;color:#1d2330;line-height:1.5;max-width:40rem}
h1{color:#0b3d91;font-size:1.4rem;margin-top:0}a{color:#0b3d91;font-weight:600}
fieldset{border:1px solid #c5cbd8;border-radius:6px;margin:0 0 1rem}label{display:block;margin:.2rem 0}
textarea{width:100%;min-height:8rem;font:inherit;box-sizing:border-box}
button{background:#0b3d91;color:#fff;border:0;border-radius:6px;padding:.6rem 1.2rem;font:inherit;font-weight:600}
.error{color:#a00;font-weight:600}.help{background:#f1f4fa;border-radius:6px;padding:.8rem 1rem;margin-top:1.5rem}
`;

/**
 * `title` is what the browser's tab and window show: the agent's neutral, marked title (OwnPages), so the window
 * says nothing about a concern being reported and the agent knows the window as its own.
 */
function layout(title: string, body: string): string {
  return `<!doctype html>
<html lang="en-GB"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; form-action 'self'">
<style>${STYLE}</style></head><body>${body}</body></html>`;
}

function help(settings: SafeguardingSettings): string {
  const contacts = settings.contacts
    .map(
      (c) =>
        `<li><strong>${escapeHtml(c.name)}</strong>${c.role ? `, ${escapeHtml(c.role)}` : ''}` +
        `${c.phone ? ` — ${escapeHtml(c.phone)}` : ''}${c.email ? ` — ${escapeHtml(c.email)}` : ''}</li>`,
    )
    .join('');
  return `<div class="help">
<p>You can also talk to a member of staff you trust${contacts ? ', or contact:' : '.'}</p>
${contacts ? `<ul>${contacts}</ul>` : ''}
<p>To report to CEOP, the police's child protection team: <a href="${escapeHtml(settings.ceopUrl)}" target="_blank" rel="noreferrer">Click CEOP</a>.</p>
<p>If you are in danger now, call 999.</p></div>`;
}

/** The form: no script, so it works in any browser and in Electron's locked-down window alike. */
export function reportConcernForm(
  title: string,
  settings: SafeguardingSettings,
  token: string,
  previous?: { category?: string; text?: string; anonymous?: boolean; error?: string },
): string {
  const school = settings.schoolName || 'your school';
  const options = CONCERN_CATEGORIES.map(
    (c) =>
      `<label><input type="radio" name="category" value="${c.id}" required${previous?.category === c.id ? ' checked' : ''}> ${escapeHtml(c.name)}</label>`,
  ).join('\n');
  return layout(
    title,
    `<h1>Worried about something online?</h1>
<p>Tell ${escapeHtml(school)}'s safeguarding team. You will be listened to. What you write goes only to the
Designated Safeguarding Lead.</p>
${previous?.error ? `<p class="error" role="alert">${escapeHtml(previous.error)}</p>` : ''}
<form method="post" action="report">
<input type="hidden" name="token" value="${escapeHtml(token)}">
<fieldset><legend>What is it about?</legend>
${options}
</fieldset>
<label for="text">What happened? Use your own words.</label>
<textarea id="text" name="text" maxlength="5000" required>${escapeHtml(previous?.text ?? '')}</textarea>
<label><input type="checkbox" name="anonymous" value="1"${previous?.anonymous ? ' checked' : ''}> Do not send my name (anonymous)</label>
<p><button type="submit">Send to the safeguarding team</button></p>
</form>
${help(settings)}`,
  );
}

export function reportConcernSent(
  title: string,
  settings: SafeguardingSettings,
  anonymous: boolean,
  delivered: boolean,
): string {
  return layout(
    title,
    `<h1>Thank you for telling us</h1>
<p role="status">${
      delivered
        ? 'Your concern has been sent to the safeguarding team.'
        : 'Your concern is saved on this computer and will be sent to the safeguarding team as soon as it is back online.'
    }${anonymous ? ' It does not carry your name.' : ''}</p>
<p><a href="./">Report something else</a></p>
${help(settings)}`,
  );
}

/** The school's acceptable-use notice, with a button to accept it (acceptance is recorded). */
export function acceptableUsePage(title: string, text: string, token: string, accepted: boolean): string {
  if (!text) return layout(title, '<h1>Acceptable use</h1><p>Your school has no notice for this computer.</p>');
  const paragraphs = text
    .split(/\n{2,}/)
    .map((p) => `<p>${escapeHtml(p).replace(/\n/g, '<br>')}</p>`)
    .join('\n');
  return layout(
    title,
    `<h1>Using this computer</h1>
<div data-testid="acceptable-use-text">${paragraphs}</div>
<p>This computer is monitored by your school to keep you safe online.</p>
${
  accepted
    ? '<p role="status">Thank you: you have accepted this.</p>'
    : `<form method="post" action="acceptable-use"><input type="hidden" name="token" value="${escapeHtml(token)}">
<button type="submit">I have read this and I agree</button></form>`
}`,
  );
}
