/** One record of a utmp file (Linux's `struct utmp`, 384 bytes on every 64-bit and 32-bit glibc target). */
export interface UtmpRecord {
  type: number;
  pid: number;
  line: string;
  user: string;
  host: string;
}

export const UTMP_RECORD_BYTES = 384;
/** ut_type of a logged-in user's session. */
export const USER_PROCESS = 7;

const text = (buffer: Buffer, start: number, length: number): string => {
  const field = buffer.subarray(start, start + length);
  const end = field.indexOf(0);
  return field.subarray(0, end === -1 ? length : end).toString('utf8');
};

/** The records of a utmp file's contents (a trailing partial record, being written, is left out). */
export function utmpRecords(buffer: Buffer): UtmpRecord[] {
  const records: UtmpRecord[] = [];
  for (let at = 0; at + UTMP_RECORD_BYTES <= buffer.length; at += UTMP_RECORD_BYTES) {
    records.push({
      type: buffer.readInt16LE(at),
      pid: buffer.readInt32LE(at + 4),
      line: text(buffer, at + 8, 32),
      user: text(buffer, at + 44, 32),
      host: text(buffer, at + 76, 256),
    });
  }
  return records;
}

/** The X display a user-process record is a graphical login on (`:0` as its line or host), else undefined. */
export function utmpDisplay(record: UtmpRecord): string | undefined {
  if (record.type !== USER_PROCESS || !record.user) return undefined;
  // A display manager records the display as the line (lightdm, xdm's sessreg); some put it in the host only.
  const display = /^:\d+(\.\d+)?$/;
  if (display.test(record.line)) return record.line;
  if (!record.line.startsWith('pts/') && display.test(record.host)) return record.host;
  return undefined;
}
