/** What the lock's cover says before the lock page is up: the same words as the page (agent/src/ui/lock.html). */
export interface LockCoverView {
  message?: string;
  expiresAt?: string;
}

const DEFAULT_MESSAGE = 'Eyes on your teacher, please.';
const WRAP_AT = 60;
const MAX_MESSAGE_LINES = 6;

/**
 * The cover's lines: heading, the teacher's message wrapped at word boundaries, and when it unlocks. X core fonts
 * draw Latin-1, so other characters become '?' (the lock page that follows shows the message as typed).
 */
export function lockCoverLines(view: LockCoverView, timeZone?: string): string[] {
  const message = (view.message?.trim() || DEFAULT_MESSAGE).replace(/[^\n\u0020-\u007e\u00a0-\u00ff]/gu, '?');
  const wrapped = message.split('\n').flatMap(wrap).slice(0, MAX_MESSAGE_LINES);
  const until = view.expiresAt ? new Date(view.expiresAt) : undefined;
  const footer =
    until && !Number.isNaN(until.getTime())
      ? `Unlocks at ${until.toLocaleTimeString('en-GB', { hour: '2-digit', minute: '2-digit', timeZone })}, or when your teacher unlocks it.`
      : 'Your teacher will unlock it.';
  return ['This computer is locked', ...wrapped, footer];
}

function wrap(paragraph: string): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of paragraph.split(/\s+/).filter(Boolean)) {
    for (let rest = word; rest.length > 0;) {
      const candidate = line ? `${line} ${rest}` : rest;
      if (candidate.length <= WRAP_AT) {
        line = candidate;
        rest = '';
      } else if (line) {
        lines.push(line);
        line = '';
      } else {
        lines.push(rest.slice(0, WRAP_AT)); // one word longer than a line
        rest = rest.slice(WRAP_AT);
      }
    }
  }
  if (line) lines.push(line);
  return lines.length > 0 ? lines : [''];
}
