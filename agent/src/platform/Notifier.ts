import type { CapabilityStatus } from '@lookout/shared';

/** Shows a message to whoever sits at the PC (a teacher's message, a notice about what the agent did). */
export interface Notifier {
  probe(): Promise<CapabilityStatus>;
  notify(title: string, text: string): Promise<void>;
}
