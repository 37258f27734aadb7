// Keyword matching: Lookout's matcher against one RegExp alternation and modern-ahocorasick, on the same
// 20,000-phrase library and 10 MiB of text, made from a seeded generator so every run measures the same work.
import AhoCorasick from 'modern-ahocorasick';
import { KeywordLibrary, KeywordMatcher } from '@lookout/shared';

const PHRASES = 20_000;
const TEXT_BYTES = 10 * 1024 * 1024;

/** mulberry32: a small seeded PRNG. */
function random(seed) {
  return () => {
    seed |= 0;
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function makeWorkload() {
  const rand = random(42);
  const letters = 'abcdefghijklmnopqrstuvwxyz';
  const word = () =>
    Array.from({ length: 3 + Math.floor(rand() * 7) }, () => letters[Math.floor(rand() * 26)]).join('');
  const vocabulary = Array.from({ length: 30_000 }, word);
  const phrases = new Set();
  while (phrases.size < PHRASES) {
    const n = 1 + Math.floor(rand() * 3);
    phrases.add(Array.from({ length: n }, () => vocabulary[Math.floor(rand() * vocabulary.length)]).join(' '));
  }
  const parts = [];
  let size = 0;
  while (size < TEXT_BYTES) {
    const w = vocabulary[Math.floor(rand() * vocabulary.length)];
    parts.push(w);
    size += w.length + 1;
  }
  return { phrases: [...phrases], text: parts.join(' ') };
}

/**
 * Throughput of each contestant over the text: each warmed up on a slice first (so the JIT has compiled it), then
 * three rounds in turn, each contestant's best kept. The machine is shared: taking turns puts every contestant
 * under the same passing load, and the best run is the one least disturbed.
 */
function measureAll(contestants, text) {
  for (const [, fn] of contestants) fn(text.slice(0, 1024 * 1024));
  const best = contestants.map(([name]) => ({ name, seconds: Infinity, found: 0, mibPerSecond: 0 }));
  for (let round = 0; round < 3; round++) {
    contestants.forEach(([, fn], i) => {
      const start = process.hrtime.bigint();
      const found = fn(text);
      const seconds = Number(process.hrtime.bigint() - start) / 1e9;
      if (seconds < best[i].seconds)
        best[i] = { ...best[i], found, seconds, mibPerSecond: text.length / 1024 / 1024 / seconds };
    });
  }
  return best;
}

export async function keywordBench() {
  const { phrases, text } = makeWorkload();
  const library = KeywordLibrary.parse({
    id: 'bench',
    name: 'bench',
    categories: [{ id: 'c', name: 'c' }],
    phrases: phrases.map((phrase) => ({ phrase, category: 'c', severity: 3 })),
  });
  // Built twice: the first build also pays for compiling the builder (JIT); the target is on the better one.
  const builds = [];
  let ours;
  for (let round = 0; round < 2; round++) {
    const buildStart = process.hrtime.bigint();
    ours = new KeywordMatcher([library]);
    builds.push(Number(process.hrtime.bigint() - buildStart) / 1e9);
  }
  const buildSeconds = Math.min(...builds);
  const escaped = phrases.map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  // No `u` flag: with it V8 blows up past ~1,000 alternatives.
  const regex = new RegExp(`\\b(?:${escaped.join('|')})\\b`, 'gi');
  const modern = new AhoCorasick(phrases);

  const results = measureAll(
    [
      ['lookout KeywordMatcher.count (normalising, whole words)', (t) => ours.count(t)],
      ['RegExp alternation (gi)', (t) => t.match(regex)?.length ?? 0],
      // modern-ahocorasick segments graphemes with Intl.Segmenter, which is super-linear on long strings in
      // Node 20; it is given the same text in 64 KiB slices, as an integrator would have to.
      [
        'modern-ahocorasick (64 KiB slices)',
        (t) => {
          let n = 0;
          for (let i = 0; i < t.length; i += 65_536) n += modern.count(t.slice(i, i + 65_536));
          return n;
        },
      ],
      // The same matcher building a match object (phrase, offsets, matched text) for each of its ~300,000 hits.
      ['lookout KeywordMatcher.match (objects for every hit)', (t) => ours.match(t).length],
    ],
    text,
  );
  const baseline = results[0].mibPerSecond;
  console.log(`keyword matching: ${PHRASES} phrases over ${(text.length / 1024 / 1024).toFixed(1)} MiB`);
  for (const r of results) {
    console.log(
      `  ${r.name.padEnd(52)} ${r.mibPerSecond.toFixed(2).padStart(7)} MiB/s   ${(r.mibPerSecond / baseline).toFixed(2)}× lookout   (${r.found} matches, ${r.seconds.toFixed(1)} s)`,
    );
  }
  const [, alternation, aho, objects] = results;
  const targets = [
    [
      `automaton built for ${PHRASES} phrases in ${buildSeconds.toFixed(2)} s (first build, cold: ${builds[0].toFixed(2)} s)`,
      buildSeconds < 1,
      '< 1 s',
    ],
    [
      `lookout ${(baseline / alternation.mibPerSecond).toFixed(1)}× the RegExp alternation`,
      baseline >= 5 * alternation.mibPerSecond,
      '≥ 5×',
    ],
    [
      `lookout ${(baseline / aho.mibPerSecond).toFixed(2)}× modern-ahocorasick`,
      baseline >= 0.7 * aho.mibPerSecond,
      '≥ 0.7×',
    ],
    // The same targets for match(), which builds an object for every hit (what the agent and console call).
    [
      `lookout match() ${(objects.mibPerSecond / alternation.mibPerSecond).toFixed(1)}× the RegExp alternation`,
      objects.mibPerSecond >= 5 * alternation.mibPerSecond,
      '≥ 5×',
    ],
    [
      `lookout match() ${(objects.mibPerSecond / aho.mibPerSecond).toFixed(2)}× modern-ahocorasick`,
      objects.mibPerSecond >= 0.7 * aho.mibPerSecond,
      '≥ 0.7×',
    ],
  ];
  for (const [what, met, target] of targets) console.log(`  ${met ? 'met   ' : 'MISSED'} ${what} (target ${target})`);
}
