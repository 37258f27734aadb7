/**
 * Posts a line to a Microsoft Teams or Slack incoming webhook: both accept `{"text": "…"}`. HTTPS only (the
 * address is a secret that lets anyone post to the channel), except to this machine for a local relay.
 */
export async function postToChatWebhook(url: string, text: string, fetchImpl: typeof fetch = fetch): Promise<void> {
  const target = new URL(url);
  const loopback = ['127.0.0.1', '[::1]', 'localhost'].includes(target.hostname);
  if (target.protocol !== 'https:' && !(target.protocol === 'http:' && loopback)) {
    throw new Error('the webhook address must start with https://');
  }
  const response = await fetchImpl(target, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ text }),
    redirect: 'error',
    signal: AbortSignal.timeout(10_000),
  });
  if (!response.ok) throw new Error(`the webhook answered ${response.status}`);
}
