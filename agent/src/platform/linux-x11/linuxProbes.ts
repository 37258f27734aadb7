import type { CapabilityStatus } from '@lookout/shared';
import { findExecutable } from '../findExecutable.js';

export async function probeLinuxNotifications(env: NodeJS.ProcessEnv = process.env): Promise<CapabilityStatus> {
  if (!findExecutable('notify-send'))
    return { available: false, reason: 'notify-send not found (install libnotify-bin)' };
  if (!env.DBUS_SESSION_BUS_ADDRESS) return { available: false, reason: 'no session D-Bus (DBUS_SESSION_BUS_ADDRESS)' };
  return { available: true };
}

export async function probeLinuxInput(env: NodeJS.ProcessEnv = process.env): Promise<CapabilityStatus> {
  // The hook needs an X display with the RECORD extension (Xorg and Xvfb have it); without one it aborts.
  if (!env.DISPLAY) return { available: false, reason: 'no X display (DISPLAY is not set)' };
  return { available: true };
}
