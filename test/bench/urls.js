// URL classification: Lookout's UrlClassifier (a map probe per host suffix) on a million category-listed domains,
// against a baseline of one RegExp per category list checked in turn (how a naive filter would do it, on a
// 10,000-domain slice since a million-way alternation does not compile in reasonable time).
import { UrlClassifier } from '@lookout/shared';
import { random } from './seededRandom.js';

const DOMAINS = 1_000_000;
const LOOKUPS = 500_000;

export async function urlBench() {
  const rand = random(7);
  const label = () => Math.floor(rand() * 36 ** 6).toString(36);
  const tlds = ['com', 'net', 'org', 'co.uk', 'io', 'fr'];
  const domains = Array.from({ length: DOMAINS }, () => `${label()}.${tlds[Math.floor(rand() * tlds.length)]}`);
  const categories = ['adult', 'games', 'social', 'gambling', 'malware'];
  const lists = categories.map((category, i) => ({
    category,
    domains: domains.filter((_, j) => j % categories.length === i),
    urls: [],
  }));
  const urls = Array.from({ length: LOOKUPS }, (_, i) =>
    i % 2 === 0
      ? `https://www.${domains[Math.floor(rand() * DOMAINS)]}/page?id=${i}`
      : `https://sub.${label()}.example/other/${i}`,
  );

  const heapBefore = process.memoryUsage().heapUsed;
  let t = performance.now();
  const classifier = new UrlClassifier(lists);
  const buildMs = performance.now() - t;
  const heapMb = (process.memoryUsage().heapUsed - heapBefore) / 1024 / 1024;
  t = performance.now();
  let hits = 0;
  for (const url of urls) if (classifier.categoriesOf(url).length > 0) hits++;
  const ours = LOOKUPS / ((performance.now() - t) / 1000);

  const slice = lists.map((l) => ({
    category: l.category,
    re: new RegExp(
      `(^|\\.)(${l.domains
        .slice(0, 2000)
        .map((d) => d.replace(/\./g, '\\.'))
        .join('|')})$`,
    ),
  }));
  const baselineUrls = urls.slice(0, 20_000);
  t = performance.now();
  for (const url of baselineUrls) {
    const host = new URL(url).hostname;
    slice.filter((s) => s.re.test(host));
  }
  const baseline = baselineUrls.length / ((performance.now() - t) / 1000);

  console.log(`URL classification: ${DOMAINS.toLocaleString('en-GB')} domains in ${categories.length} categories`);
  console.log(
    `  UrlClassifier            ${Math.round(ours).toLocaleString('en-GB').padStart(12)} lookups/s   ${(ours / baseline).toFixed(1)}× baseline   (built in ${(buildMs / 1000).toFixed(1)} s, ~${Math.round(heapMb)} MB heap, ${hits} hits)`,
  );
  console.log(
    `  RegExp per category      ${Math.round(baseline).toLocaleString('en-GB').padStart(12)} lookups/s   1.0× baseline   (only 10,000 domains loaded)`,
  );
}
