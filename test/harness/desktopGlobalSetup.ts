import { inject } from 'vitest';
import type { TestProject } from 'vitest/node';
import { Desktop } from './Desktop.js';

declare module 'vitest' {
  export interface ProvidedContext {
    display: string;
    dbusAddress: string;
  }
}

/** One X desktop for the whole integration run; each test opens and closes its own windows. */
export function attachDesktop(): Desktop {
  return Desktop.attach(inject('display'), inject('dbusAddress'));
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const desktop = await Desktop.start();
  project.provide('display', desktop.display);
  project.provide('dbusAddress', desktop.dbusAddress);
  return () => desktop.stop();
}
