import { describe, expect, it } from 'vitest';
import { RoomDirectory } from './RoomDirectory.js';

const room = (id: string) => ({ id, siteId: 'site', name: id, hostnamePattern: null, teacherIds: [] });

describe('RoomDirectory', () => {
  it("keeps each room's devices as devices are placed, moved and unplaced", () => {
    const directory = new RoomDirectory();
    directory.replace(
      [room('a'), room('b')],
      [
        { id: 'pc-1', roomId: 'a' },
        { id: 'pc-2', roomId: 'a' },
        { id: 'pc-3', roomId: null },
      ],
    );
    expect(directory.devicesIn('a').sort()).toEqual(['pc-1', 'pc-2']);
    directory.setDeviceRoom('pc-1', 'b');
    directory.setDeviceRoom('pc-3', 'b');
    directory.setDeviceRoom('pc-2', null);
    expect(directory.devicesIn('a')).toEqual([]);
    expect(directory.devicesIn('b').sort()).toEqual(['pc-1', 'pc-3']);
    expect(directory.roomOf('pc-2')).toBeUndefined();
    directory.replace([room('a')], [{ id: 'pc-1', roomId: 'a' }]);
    expect(directory.devicesIn('b')).toEqual([]);
    expect(directory.devicesIn('a')).toEqual(['pc-1']);
  });
});
