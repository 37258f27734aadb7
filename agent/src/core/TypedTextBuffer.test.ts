import { describe, expect, it } from 'vitest';
import type { Timers } from './Timers.js';
import { TypedTextBuffer } from './TypedTextBuffer.js';

describe('TypedTextBuffer in a password field', () => {
  it('drops what is typed while a password field has the focus', () => {
    const out: string[] = [];
    const timers = { setTimeout: () => 0, clearTimeout: () => undefined } as unknown as Timers;
    const buffer = new TypedTextBuffer((t) => out.push(t), timers, { idleFlushMs: 1000, maxLength: 2000 });
    const type = (s: string) => [...s].forEach((char) => buffer.key({ kind: 'char', char }, 'w'));
    type('my name');
    buffer.secretInput(true);
    type('hunter2 kill myself');
    buffer.secretInput(false);
    type('after');
    buffer.flush();
    expect(out).toEqual(['my name', 'after']);
  });
});
