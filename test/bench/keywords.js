// Keyword matching: Lookout's matcher against one RegExp alternation and modern-ahocorasick, on the same
// 20,000-phrase library and 10 MiB of text, made from a seeded generator so every run measures the same work.
import { loadavg } from 'node:os';
import AhoCorasick from 'modern-ahocorasick';
import { KeywordLibrary, KeywordMatcher } from '@lookout/shared';
import { random } from './seededRandom.js';

const PHRASES = 20_000;
const TEXT_BYTES = 10 * 1024 * 1024;

/**
 * The phrases, and two texts of the same size over them: `dense`, words drawn from the phrases' own vocabulary
 * (a fifth of all words start a match: the stress case for a match's own cost), and `typical`, ordinary words
 * that are in no phrase with a phrase every ~150 words (one match per ~1 KB: still far more than pupils' text,
 * where most screens hold none).
 */
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
  const inPhrases = new Set(vocabulary);
  const ordinary = [];
  while (ordinary.length < 30_000) {
    const w = word();
    if (!inPhrases.has(w)) ordinary.push(w);
  }
  const phraseList = [...phrases];
  const typical = [];
  size = 0;
  while (size < TEXT_BYTES) {
    const w =
      rand() < 1 / 150
        ? phraseList[Math.floor(rand() * phraseList.length)]
        : ordinary[Math.floor(rand() * ordinary.length)];
    typical.push(w);
    size += w.length + 1;
  }
  return { phrases: phraseList, dense: parts.join(' '), typical: typical.join(' ') };
}

/**
 * Throughput of each contestant over the text: each warmed up on a slice first (so the JIT has compiled it), then
 * ROUNDS rounds in turn, the order rotated each round (so that no contestant always runs after the one that left the
 * most garbage). The machine is shared: taking turns puts every contestant under the same passing load. Each keeps
 * its best round (the one least disturbed) and its median.
 */
const ROUNDS = 3;
function measureAll(contestants, text) {
  for (const [, fn] of contestants) fn(text.slice(0, 1024 * 1024));
  const runs = contestants.map(() => []);
  const cpu = contestants.map(() => []);
  const found = contestants.map(() => 0);
  for (let round = 0; round < ROUNDS; round++) {
    for (let k = 0; k < contestants.length; k++) {
      const i = (k + round) % contestants.length;
      const start = process.hrtime.bigint();
      const cpuStart = process.cpuUsage();
      found[i] = contestants[i][1](text);
      const used = process.cpuUsage(cpuStart);
      runs[i].push(Number(process.hrtime.bigint() - start) / 1e9);
      cpu[i].push((used.user + used.system) / 1e6);
    }
  }
  const mib = text.length / 1024 / 1024;
  return contestants.map(([name], i) => {
    const sorted = [...runs[i]].sort((a, b) => a - b);
    return {
      name,
      found: found[i],
      seconds: sorted[0],
      mibPerSecond: mib / sorted[0],
      medianMibPerSecond: mib / sorted[Math.floor(sorted.length / 2)],
      cpuSeconds: Math.min(...cpu[i]),
    };
  });
}

export async function keywordBench() {
  const { phrases, dense, typical } = makeWorkload();
  const library = KeywordLibrary.parse({
    id: 'bench',
    name: 'bench',
    categories: [{ id: 'c', name: 'c' }],
    phrases: phrases.map((phrase) => ({ phrase, category: 'c', severity: 3 })),
  });
  // Built twice: the first build also pays for compiling the builder (JIT); the target is on the better one.
  const builds = [];
  let ours;
  const buildCpu = [];
  for (let round = 0; round < 2; round++) {
    const buildStart = process.hrtime.bigint();
    const cpuStart = process.cpuUsage();
    ours = new KeywordMatcher([library]);
    const used = process.cpuUsage(cpuStart);
    builds.push(Number(process.hrtime.bigint() - buildStart) / 1e9);
    buildCpu.push((used.user + used.system) / 1e6);
  }
  const buildSeconds = Math.min(...builds);
  const escaped = phrases.map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  // No `u` flag: with it V8 blows up past ~1,000 alternatives.
  const regex = new RegExp(`\\b(?:${escaped.join('|')})\\b`, 'gi');
  const modern = new AhoCorasick(phrases);
  for (const [name, text] of [
    ['dense', dense],
    ['typical', typical],
  ]) {
    compare(name, text, { phrases, ours, regex, modern, buildSeconds, builds, buildCpu });
  }
}

/** The four contestants over one text, and the targets on it. */
function compare(textName, text, { phrases, ours, regex, modern, buildSeconds, builds, buildCpu }) {
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
  const [count, alternation, aho, objects] = results;
  const mib = (r) => r.mibPerSecond.toFixed(2).padStart(7);
  console.log(
    `keyword matching: ${PHRASES} phrases over ${(text.length / 1024 / 1024).toFixed(1)} MiB of ${textName} text ` +
      `(load average ${loadavg()
        .map((l) => l.toFixed(1))
        .join(', ')})`,
  );
  // Fair in both directions: the same answers. A RegExp alternation reports, left to right, the first alternative
  // that matches at each place and goes on after it; the matcher reports every phrase at every place. Reduced the
  // same way, the matcher's matches should be the RegExp's, but for what only normalisation reads (stretched
  // letters, the pupil register).
  const all = ours.match(text);
  const order = new Map(phrases.map((p, i) => [p, i]));
  let leftmost = 0;
  for (let i = 0, reach = 0; i < all.length;) {
    let j = i;
    let first = all[i];
    while (j < all.length && all[j].start === all[i].start) {
      if (order.get(all[j].phrase) < order.get(first.phrase)) first = all[j];
      j++;
    }
    if (first.start >= reach) {
      leftmost++;
      reach = first.end;
    }
    i = j;
  }
  const words = text.split(' ').length;
  console.log(
    `  ${all.length} matches (count() ${count.found}), one every ${Math.round(text.length / all.length)} characters, ` +
      `${((100 * all.length) / words).toFixed(1)} % of the ${words} words` +
      (textName === 'dense' ? ": far denser than pupils' text, which makes each match's own cost count" : ''),
  );
  console.log(
    `  left to right, first alternative, no overlaps as a RegExp reports them: ${leftmost} (RegExp: ${alternation.found}; ` +
      `${leftmost - alternation.found} more read through normalisation)`,
  );
  if (all.length !== count.found) console.log('  MISS  match() and count() disagree');
  for (const r of results) {
    console.log(
      `  ${r.name.padEnd(52)} ${mib(r)} MiB/s best, ${r.medianMibPerSecond.toFixed(2).padStart(6)} median   (${r.found} matches, best ${r.seconds.toFixed(2)} s, CPU ${r.cpuSeconds.toFixed(2)} s)`,
    );
  }
  /** A ratio of best runs, and of median runs. */
  const ratio = (a, b) =>
    `${(a.mibPerSecond / b.mibPerSecond).toFixed(2)}× (median ${(a.medianMibPerSecond / b.medianMibPerSecond).toFixed(2)}×)`;
  const line = (met, what) => console.log(`  ${met ? 'PASS' : 'MISS'}  ${what}`);
  // On a loaded machine wall time is mostly waiting for a core: the CPU time each used (least of its rounds, GC
  // threads included) says what it costs.
  const cpuRatio = (a, b) => `${(b.cpuSeconds / a.cpuSeconds).toFixed(2)}× in CPU time`;
  console.log(`  targets (issue 15 item 3) on the ${textName} text, on the best runs:`);
  line(
    buildSeconds < 1,
    `automaton built for ${PHRASES} phrases in ${buildSeconds.toFixed(2)} s, target < 1 s (first build, cold: ${builds[0].toFixed(2)} s; CPU ${Math.min(...buildCpu).toFixed(2)} s)`,
  );
  // match() is the API the agent and the console call: offsets into the original text and an object for every hit.
  line(
    objects.mibPerSecond >= 5 * alternation.mibPerSecond,
    `match() ${ratio(objects, alternation)} the RegExp alternation, target ≥ 5× (${cpuRatio(objects, alternation)})`,
  );
  line(
    objects.mibPerSecond >= 0.7 * aho.mibPerSecond,
    `match() ${ratio(objects, aho)} modern-ahocorasick, target ≥ 0.7× (${cpuRatio(objects, aho)})`,
  );
  // count(): the same normalisation, automaton and rules, without building the matches.
  line(
    count.mibPerSecond >= 5 * alternation.mibPerSecond,
    `count() ${ratio(count, alternation)} the RegExp alternation, target ≥ 5× (${cpuRatio(count, alternation)})`,
  );
  line(
    count.mibPerSecond >= 0.7 * aho.mibPerSecond,
    `count() ${ratio(count, aho)} modern-ahocorasick, target ≥ 0.7× (${cpuRatio(count, aho)})`,
  );
}
