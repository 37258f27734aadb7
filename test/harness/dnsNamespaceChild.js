// Run by test/e2e/dns-filter-chromium.test.ts inside its own network and mount namespaces (`unshare --net
// --mount`, root): a loopback of its own, and /etc/resolv.conf bind-mounted to name 127.0.0.1, so that Chromium's
// own name resolution (the system's, as on a PC) reaches the filtering resolver on port 53 without touching this
// machine's. In here: the built FilteringResolver with a policy blocking `games`, a stand-in for the PC's own
// resolver (127.0.0.2:53, answering every name with 127.0.0.1), a web server on 127.0.0.1:80 recording each
// request's host, and Debian's Chromium. Prints one JSON line with what happened.
import { createSocket } from 'node:dgram';
import { createServer } from 'node:http';
import { chromium } from 'playwright-core';
import * as dnsPacket from 'dns-packet';
import { NameFilter } from '@lookout/shared';
import { FilteringResolver } from '../../agent/dist/service/FilteringResolver.js';

const requests = [];
const web = createServer((req, res) => {
  requests.push(`${req.headers.host}${req.url}`);
  res.setHeader('content-type', 'text/html');
  const frame = req.headers.host === 'allowed.test' ? '<iframe src="http://www.games.test/frame"></iframe>' : '';
  res.end(`<!doctype html><title>${req.headers.host}</title><h1>${req.headers.host}</h1>${frame}`);
});
await new Promise((resolve) => web.listen(80, '127.0.0.1', resolve));

const upstream = createSocket('udp4');
upstream.on('message', (message, from) => {
  const query = dnsPacket.decode(message);
  const q = query.questions[0];
  const answers = q.type === 'A' ? [{ type: 'A', name: q.name, ttl: 60, data: '127.0.0.1' }] : [];
  upstream.send(
    dnsPacket.encode({ type: 'response', id: query.id, flags: dnsPacket.RECURSION_AVAILABLE, questions: [q], answers }),
    from.port,
    from.address,
  );
});
await new Promise((resolve) => upstream.bind(53, '127.0.0.2', resolve));

const resolver = new FilteringResolver({
  port: 53,
  addresses: ['127.0.0.1'],
  upstreams: () => [{ address: '127.0.0.2', port: 53 }],
  log: { info: () => undefined, warn: (m) => process.stderr.write(`${m}\n`) },
});
await resolver.start();
resolver.setFilter(
  NameFilter.build([{ category: 'games', domains: ['games.test'], urls: [] }], {
    blockedCategories: ['games'],
    allowList: [],
    blockList: [],
  }),
);

const result = { requests };
const browser = await chromium.launch({
  executablePath: process.env.LOOKOUT_CHROMIUM ?? '/usr/bin/chromium',
  headless: true,
  args: [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--disable-background-networking',
    '--disable-component-update',
    '--no-first-run',
  ],
});
try {
  const page = await browser.newPage();
  await page.goto('http://allowed.test/', { waitUntil: 'load' });
  result.allowedTitle = await page.title();
  result.frameLoaded = await page
    .frames()[1]
    ?.title()
    .catch(() => null);
  result.blockedError = await page.goto('http://www.games.test/').then(
    () => null,
    (err) => err.message.split('\n')[0],
  );
  // The sentinel: a page asked for after the blocked ones; the server's record of requests ends with it.
  const sentinel = await browser.newPage();
  await sentinel.goto('http://sentinel.test/', { waitUntil: 'load' });
  result.sentinelTitle = await sentinel.title();
  result.counts = resolver.counts;
} finally {
  await browser.close();
  await resolver.stop();
  upstream.close();
  web.close();
}
process.stdout.write(`${JSON.stringify(result)}\n`);
