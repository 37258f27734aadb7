import { z } from 'zod';
import { DeviceSummary } from './deviceSummary.js';
import { StoredEvent } from './eventEnvelope.js';
import { ErrorMessage } from './agentMessages.js';

// Messages on the staff browsers' live websocket (server → browser). Each user receives only the devices
// they are allowed to see.

export const DeviceSnapshotMessage = z.object({
  type: z.literal('device-snapshot'),
  devices: z.array(DeviceSummary),
});

export const DeviceUpdatedMessage = z.object({
  type: z.literal('device-updated'),
  device: DeviceSummary,
});

export const DeviceEventMessage = z.object({
  type: z.literal('device-event'),
  event: StoredEvent,
});

export const StaffLiveMessage = z.discriminatedUnion('type', [
  DeviceSnapshotMessage,
  DeviceUpdatedMessage,
  DeviceEventMessage,
  ErrorMessage,
]);
export type StaffLiveMessage = z.infer<typeof StaffLiveMessage>;
