import { fileURLToPath } from 'node:url';
import type { WebPreferences } from 'electron';

/** Every Lookout window: isolated, sandboxed, no Node; only the narrow preload API. */
export function lockedDownWebPreferences(): WebPreferences {
  return {
    contextIsolation: true,
    nodeIntegration: false,
    sandbox: true,
    webSecurity: true,
    devTools: false,
    preload: fileURLToPath(new URL('./preload.cjs', import.meta.url)),
  };
}
