import { describe, expect, it } from 'vitest';
import type { Timers } from './Timers.js';
import { TypedTextBuffer } from './TypedTextBuffer.js';

function setup() {
  const out: string[] = [];
  const clock = { now: 0 };
  const timers = { setTimeout: () => 0, clearTimeout: () => undefined } as unknown as Timers;
  const buffer = new TypedTextBuffer(
    (t, w) => out.push(`${w}:${t}`),
    timers,
    { idleFlushMs: 1000, maxLength: 2000, secretTimeoutMs: 120_000 },
    () => clock.now,
  );
  const type = (s: string, window = 'browser') => {
    [...s].forEach((char) => buffer.key({ kind: 'char', char }, window));
    buffer.key({ kind: 'enter' }, window);
  };
  return { out, clock, buffer, type };
}

describe('TypedTextBuffer in a password field', () => {
  it('drops what is typed while a password field has the focus, and only then', () => {
    const { out, buffer, type } = setup();
    type('my name');
    buffer.secretInput({ focused: true, field: 'pw', title: 'Sign in' }, 'browser');
    type('hunter2 kill myself');
    buffer.secretInput({ focused: false, field: 'pw' }, 'browser');
    type('after');
    expect(out).toEqual(['browser:my name', 'browser:after']);
  });

  it('a "show password" toggle and a blur end it: the next field is monitored (the attack of issue 10)', () => {
    const { out, buffer, type } = setup();
    buffer.secretInput({ focused: true, field: 'pw', title: 'Sign in' }, 'browser');
    // The page turned the field into a text field and blurred it: the extension says no field is secret.
    buffer.secretInput({ focused: false }, 'browser');
    type('kill myself');
    expect(out).toEqual(['browser:kill myself']);
  });

  it('ends when another window takes the focus, or after the timeout, even if the page never says so', () => {
    const { out, clock, buffer, type } = setup();
    buffer.secretInput({ focused: true, field: 'pw', title: 'Sign in' }, 'browser');
    clock.now = 5000;
    buffer.focusChanged('chat');
    type('in the chat', 'chat');
    buffer.focusChanged('browser');
    type('back in the browser'); // the extension says again when the field has the focus again
    buffer.secretInput({ focused: true, field: 'pw', title: 'Sign in' }, 'browser');
    type('secret');
    clock.now += 120_001;
    type('much later');
    expect(out).toEqual(['chat:in the chat', 'browser:back in the browser', 'browser:much later']);
  });

  it("covers only the browser window showing the field's tab, which may be read just after the notice", () => {
    const { out, clock, buffer, type } = setup();
    const showsTab = (window: string) => window.startsWith('browser');
    // Clicked straight from a terminal into a password field: the page speaks before the window is read again.
    buffer.secretInput({ focused: true, field: 'pw', title: 'Sign in' }, 'terminal', showsTab);
    type('in the terminal still', 'terminal');
    clock.now = 300;
    buffer.focusChanged('browser');
    type('secret');
    type('in another window', 'terminal');
    expect(out).toEqual(['terminal:in the terminal still', 'terminal:in another window']);
  });

  it('a notice while another program has the focus covers nothing there', () => {
    const { out, buffer, type } = setup();
    buffer.secretInput({ focused: true, field: 'pw', title: 'Sign in' }, 'chat', (w) => w === 'browser');
    type('typed in the chat', 'chat');
    expect(out).toEqual(['chat:typed in the chat']);
  });

  it('a stale "lost the focus" for another field does not end the current one', () => {
    const { out, buffer, type } = setup();
    buffer.secretInput({ focused: true, field: 'new', title: 'Sign in' }, 'browser');
    buffer.secretInput({ focused: false, field: 'old' }, 'browser');
    type('secret');
    expect(out).toEqual([]);
  });
});
