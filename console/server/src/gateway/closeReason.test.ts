import { expect, it } from 'vitest';
import { closeReason } from './AgentGateway.js';

it('cuts a close reason to 123 bytes without splitting a character', () => {
  expect(closeReason('device revoked')).toBe('device revoked');
  const long = `${'é'.repeat(70)}`; // 140 bytes
  const cut = closeReason(long);
  expect(Buffer.byteLength(cut)).toBeLessThanOrEqual(123);
  expect(cut).toBe('é'.repeat(61));
});
