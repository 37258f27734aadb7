import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { alertNotice } from './alertNotice.js';
import { postToChatWebhook } from './ChatWebhook.js';

const base = {
  alertId: '5d7c0e0e-8f6e-4a53-9a57-1d2c3b4a5f60',
  kind: 'keyword' as const,
  severity: 5,
  categoryName: 'Suicide and self-harm',
  receivedAt: new Date('2026-06-03T09:05:00Z'),
  stage: 0,
  schoolName: 'St <Mary>’s',
  consoleUrl: 'https://lookout.school.test:8443',
  timeZone: 'Europe/London',
};

describe('the notice of a high-risk alert', () => {
  it('says what and when in the school’s time, links to the alert, and escapes the school name in HTML', () => {
    const notice = alertNotice(base);
    expect(notice.subject).toBe('High-risk alert (severity 5) at St <Mary>’s');
    expect(notice.text).toContain(
      'A severity 5 alert was raised at St <Mary>’s (Suicide and self-harm) at Wed 3 Jun, 10:05.',
    );
    expect(notice.text).toContain(`https://lookout.school.test:8443/alerts/${base.alertId}`);
    expect(notice.html).toContain('St &lt;Mary&gt;’s');
    expect(notice.html).not.toContain('<Mary>');
  });

  it('says when it was escalated, and names a concern as one', () => {
    const notice = alertNotice({ ...base, kind: 'concern', stage: 2 });
    expect(notice.subject).toBe('Escalated: Concern reported at St <Mary>’s');
    expect(notice.chat).toMatch(/^Escalated: nobody has acknowledged it yet\. A concern was reported/);
  });
});

describe('the chat webhook', () => {
  it('posts {"text"} as Teams and Slack accept, and reports a refusal', async () => {
    const bodies: string[] = [];
    let status = 200;
    const server = createServer((req, res) => {
      let body = '';
      req.on('data', (d) => (body += d));
      req.on('end', () => {
        bodies.push(`${req.headers['content-type']} ${body}`);
        res.writeHead(status).end();
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
    try {
      await postToChatWebhook(url, 'A severity 5 alert');
      expect(bodies).toEqual(['application/json {"text":"A severity 5 alert"}']);
      status = 403;
      await expect(postToChatWebhook(url, 'again')).rejects.toThrow('the webhook answered 403');
    } finally {
      server.close();
    }
  });

  it('refuses a plain-HTTP address beyond this machine', async () => {
    await expect(postToChatWebhook('http://hooks.example.test/x', 'hi')).rejects.toThrow(/https/);
  });
});
