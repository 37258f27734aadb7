import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

let gc: (() => void) | undefined;

/**
 * A full garbage collection now, with the old generation compacted. For after a rare, large build whose garbage
 * would otherwise stay in the process's RSS: an idle agent allocates so little that V8 makes no full collection
 * for a long time (building the keyword matcher for the starter library leaves tens of MB of dead arrays and
 * objects). A plain full collection frees the objects but leaves the pages they were on committed, the few live
 * objects scattered over them (for the starter library of 2 December: 11 MB of objects live on 34 MB of pages,
 * whatever the memory reducer did later); compacting moves the survivors together and gives the empty pages back
 * (RSS 106 → 82 MB in that measurement). The flag is set for this collection only, and the usual heuristics hold
 * for every other. V8's `gc` is exposed to one new context only (the agent's own code gets no `gc` global); no
 * code is loaded.
 */
export function collectGarbage(): void {
  if (!gc) {
    setFlagsFromString('--expose-gc');
    gc = runInNewContext('gc') as () => void;
  }
  setFlagsFromString('--compact-on-every-full-gc');
  try {
    gc();
  } finally {
    setFlagsFromString('--no-compact-on-every-full-gc');
  }
}
