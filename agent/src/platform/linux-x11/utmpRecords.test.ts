import { describe, expect, it } from 'vitest';
import { UTMP_RECORD_BYTES, USER_PROCESS, utmpDisplay, utmpRecords } from './utmpRecords.js';

function record(type: number, pid: number, line: string, user: string, host: string): Buffer {
  const b = Buffer.alloc(UTMP_RECORD_BYTES);
  b.writeInt16LE(type, 0);
  b.writeInt32LE(pid, 4);
  b.write(line, 8, 32);
  b.write(user, 44, 32);
  b.write(host, 76, 256);
  return b;
}

describe('utmp records', () => {
  it('reads struct utmp fields and leaves out a record still being written', () => {
    const file = Buffer.concat([record(USER_PROCESS, 42, ':0', 'pupil', ':0'), Buffer.alloc(100)]);
    expect(utmpRecords(file)).toEqual([{ type: USER_PROCESS, pid: 42, line: ':0', user: 'pupil', host: ':0' }]);
  });

  it('a display manager’s record is a graphical login; a terminal, a logout or a text console is not', () => {
    const [dm, dmHost, terminal, dead, tty] = utmpRecords(
      Buffer.concat([
        record(USER_PROCESS, 1, ':1', 'pupil', ':1'),
        record(USER_PROCESS, 1, 'tty7', 'pupil', ':0'),
        record(USER_PROCESS, 2, 'pts/3', 'pupil', ':0'),
        record(8, 1, ':2', '', ':2'),
        record(USER_PROCESS, 3, 'tty1', 'pupil', ''),
      ]),
    );
    expect(utmpDisplay(dm!)).toBe(':1');
    expect(utmpDisplay(dmHost!)).toBe(':0');
    expect(utmpDisplay(terminal!)).toBeUndefined();
    expect(utmpDisplay(dead!)).toBeUndefined();
    expect(utmpDisplay(tty!)).toBeUndefined();
  });
});
