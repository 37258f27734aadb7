// The filtering resolver's domain set (DomainSet: one sorted byte array, a binary search per label suffix) on
// 1,000,000 category domains, in a child process so that its RSS is its own: build time, RSS, bytes held and
// lookups a second (half of them hits on a subdomain, half misses), beside UrlClassifier's Map on the same names
// (the baseline, measured in its own child the same way).
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { random } from './seededRandom.js';

const DOMAINS = 1_000_000;
const LOOKUPS = 1_000_000;

async function measure(kind) {
  const { DomainSet, UrlClassifier } = await import('@lookout/shared');
  const rand = random(11);
  const label = () => Math.floor(rand() * 36 ** 7).toString(36);
  const tlds = ['com', 'net', 'org', 'co.uk', 'io', 'fr'];
  let domains = Array.from({ length: DOMAINS }, () => `${label()}.${tlds[Math.floor(rand() * tlds.length)]}`);
  const hosts = Array.from({ length: LOOKUPS }, (_, i) =>
    i % 2 === 0 ? `www.${domains[Math.floor(rand() * DOMAINS)]}` : `cdn.${label()}.example`,
  );
  globalThis.gc?.();
  const live = () => {
    const m = process.memoryUsage();
    return m.heapUsed + m.external;
  };
  const rssBefore = process.memoryUsage().rss;
  const liveBefore = live();
  let t = performance.now();
  let matches;
  if (kind === 'DomainSet') {
    const set = DomainSet.from(domains);
    matches = (host) => set.matches(host);
  } else {
    const classifier = new UrlClassifier([{ category: 'c', domains, urls: [] }]);
    matches = (host) => classifier.categoriesOf({ host, path: '/' }).length > 0;
  }
  const buildMs = performance.now() - t;
  domains = undefined; // only the structure stays
  globalThis.gc?.();
  const rssMb = (process.memoryUsage().rss - rssBefore) / 1024 / 1024;
  // What the structure itself holds once the list's strings are gone (RSS keeps the pages the build used).
  const liveMb = (live() - liveBefore) / 1024 / 1024;
  let hits = 0;
  t = performance.now();
  for (const host of hosts) if (matches(host)) hits++;
  const perSecond = LOOKUPS / ((performance.now() - t) / 1000);
  process.send({ kind, buildMs, rssMb, liveMb, perSecond, hits });
}

function child(kind) {
  return new Promise((resolve, reject) => {
    const p = fork(fileURLToPath(import.meta.url), ['--measure', kind], { execArgv: ['--expose-gc'] });
    p.on('message', resolve);
    p.on('error', reject);
    p.on('exit', (code) => code !== 0 && reject(new Error(`${kind} bench exited ${code}`)));
  });
}

export async function domainSetBench() {
  const ours = await child('DomainSet');
  const baseline = await child('UrlClassifier');
  console.log(
    `Filtering resolver's domain set: ${DOMAINS.toLocaleString('en-GB')} domains, ${LOOKUPS.toLocaleString('en-GB')} lookups`,
  );
  for (const r of [ours, baseline]) {
    console.log(
      `  ${r.kind.padEnd(24)} built in ${(r.buildMs / 1000).toFixed(2)} s   held ${Math.round(r.liveMb)} MB (RSS +${Math.round(r.rssMb)} MB)   ${Math.round(
        r.perSecond,
      )
        .toLocaleString('en-GB')
        .padStart(11)} lookups/s   (${r.hits} hits)`,
    );
  }
  console.log(
    `  DomainSet ÷ UrlClassifier: memory held ${(ours.liveMb / baseline.liveMb).toFixed(2)}×, lookups ${(ours.perSecond / baseline.perSecond).toFixed(2)}×`,
  );
}

if (process.argv[2] === '--measure') await measure(process.argv[3]);
