import type { CapabilityReport } from '@lookout/shared';
import type { DeviceSide } from '../core/DeviceSide.js';
import type { MediaWatcher } from '../platform/MediaWatcher.js';
import type { VirusScanner } from '../platform/VirusScanner.js';
import { DeviceCore, type DeviceCoreOptions } from './DeviceCore.js';
import { browserProfileRoots, configuredExtensionId, watchExtensionIntegrity } from '../browser/ExtensionIntegrity.js';
import { EXTENSION_SOURCE } from '../browser/installExtension.js';

/**
 * The single-process agent (development, the Electron app): the PC's side in the same process, as the logged-in
 * user. Events carry the process's own user.
 */
export async function inProcessDevice(
  options: Omit<DeviceCoreOptions, 'capabilities' | 'notify' | 'media' | 'scanner'> & {
    media: MediaWatcher;
    scanner: VirusScanner;
  },
): Promise<DeviceSide> {
  let capabilities: CapabilityReport = {};
  const notifyHandlers: ((title: string, text: string) => void)[] = [];
  const core = await DeviceCore.open({
    ...options,
    capabilities: () => capabilities,
    notify: (title, text) => notifyHandlers.forEach((h) => h(title, text)),
  });
  const user = () => options.loggedInUser();
  const { uplink } = core;
  let stopExtensionChecks = () => undefined as void;
  return {
    get consoleReady() {
      return uplink.currentState === 'ready';
    },
    onConsoleReady: (listener) => uplink.onStateChange((state) => listener(state === 'ready')),
    record: async (type, payload) => (await core.record(type, payload, user())).id,
    raiseAlert: async (payload) => (await core.raiseAlert(payload, user())).id,
    sendEvidence: (evidence) => uplink.sendEvidence(evidence),
    onEvidenceAck: (handler) => uplink.onEvidenceAck(handler),
    sendThumbnail: (frame) => uplink.sendThumbnail(frame),
    reportConcern: (form) => core.reportConcern(form, user()),
    initialPolicy: core.cachedPolicy,
    onPolicy: (handler) => core.onPolicy((pushed) => handler(pushed)),
    policyEnforced: (pushed, policy) => core.policyEnforced(pushed, policy),
    categoryLists: (refs) => core.categoryLists(refs),
    handleCommandsWith: (handler) => uplink.handleCommandsWith(handler),
    onNotify: (handler) => void notifyHandlers.push(handler),
    setCapabilities: (c) => {
      capabilities = c;
    },
    start: () => {
      core.start(capabilities.media?.available === true);
      // As the service does: the Lookout extension in this PC's browser profiles, changed or removed, is tampering.
      stopExtensionChecks = watchExtensionIntegrity({
        sourceDir: EXTENSION_SOURCE,
        extensionId: configuredExtensionId(),
        roots: () => browserProfileRoots(),
        everyMs: 10_000,
        warn: () => undefined,
        report: (state) =>
          void core.record(
            'tamper',
            { kind: 'extension-changed', osUser: user(), detail: `${state.profile}: ${state.detail}` },
            user(),
          ),
      });
    },
    stop: () => {
      stopExtensionChecks();
      return core.stop();
    },
  };
}
