import type { TestProject } from 'vitest/node';
import { Desktop } from './Desktop.js';

declare module 'vitest' {
  export interface ProvidedContext {
    display: string;
  }
}

/** One X desktop for the whole integration run; each test opens and closes its own windows. */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const desktop = await Desktop.start();
  project.provide('display', desktop.display);
  return () => desktop.stop();
}
