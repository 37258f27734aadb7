import { escapeHtml } from '@lookout/shared';

/** What a high-risk alert's mail and webhook say: what and when, never who or what they wrote (only a link). */
export interface AlertNoticeInput {
  alertId: string;
  kind: 'keyword' | 'concern';
  severity: number;
  categoryName: string;
  receivedAt: Date;
  /** 0 for the DSL and deputies; k for the k-th person the alert was escalated to. */
  stage: number;
  schoolName: string;
  /** The console's address as staff reach it, e.g. https://lookout.school.example:8443 */
  consoleUrl: string;
  timeZone: string;
}

export interface AlertNotice {
  subject: string;
  text: string;
  html: string;
  /** One line for a Teams or Slack channel. */
  chat: string;
}

export function alertNotice(input: AlertNoticeInput): AlertNotice {
  const link = new URL(`/alerts/${encodeURIComponent(input.alertId)}`, input.consoleUrl).toString();
  const when = input.receivedAt.toLocaleString('en-GB', {
    timeZone: input.timeZone,
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    hour: '2-digit',
    minute: '2-digit',
  });
  const what = input.kind === 'concern' ? 'A concern was reported' : `A severity ${input.severity} alert was raised`;
  const escalated = input.stage > 0 ? 'Escalated: nobody has acknowledged it yet. ' : '';
  const subject = `${input.stage > 0 ? 'Escalated: ' : ''}${input.kind === 'concern' ? 'Concern reported' : `High-risk alert (severity ${input.severity})`} at ${input.schoolName}`;
  const summary = `${what} at ${input.schoolName} (${input.categoryName}) at ${when}.`;
  const open = 'Open it in Lookout to see who and what, and acknowledge it:';
  const privacy =
    'This message holds no pupil name, text or image: the details stay in Lookout, where viewing them is recorded.';
  return {
    subject,
    text: `${escalated}${summary}\n\n${open}\n${link}\n\n${privacy}\n`,
    html: `<p>${escapeHtml(escalated + summary)}</p><p>${escapeHtml(open)}<br><a href="${escapeHtml(link)}">${escapeHtml(link)}</a></p><p><small>${escapeHtml(privacy)}</small></p>`,
    chat: `${escalated}${summary} ${link}`,
  };
}
