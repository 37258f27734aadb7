import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

let gc: (() => void) | undefined;

/**
 * A full garbage collection now. For after a rare, large build whose garbage would otherwise stay in the process's
 * RSS: an idle agent allocates so little that V8 makes no full collection for a long time (building the keyword
 * matcher for the starter library leaves about 35 MB of dead arrays and objects). V8's `gc` is exposed to one new
 * context only (the agent's own code gets no `gc` global); no code is loaded.
 */
export function collectGarbage(): void {
  if (!gc) {
    setFlagsFromString('--expose-gc');
    gc = runInNewContext('gc') as () => void;
  }
  gc();
}
