import { expect, it } from 'vitest';
import { ConnectionLimiter } from './ConnectionLimiter.js';

it('refuses an address past its limit, counts each address apart and frees a slot once per socket', () => {
  const limiter = new ConnectionLimiter(2);
  const first = limiter.acquire('10.0.0.1');
  const second = limiter.acquire('10.0.0.1');
  expect(first).toBeDefined();
  expect(second).toBeDefined();
  expect(limiter.acquire('10.0.0.1')).toBeUndefined();
  expect(limiter.acquire('10.0.0.2')).toBeDefined();

  first!();
  first!(); // released again on close: still one slot, not two
  expect(limiter.held('10.0.0.1')).toBe(1);
  expect(limiter.acquire('10.0.0.1')).toBeDefined();
  expect(limiter.acquire('10.0.0.1')).toBeUndefined();
});
