import { describe, expect, it } from 'vitest';
import { schoolOverview } from './schoolOverview.js';

const site = { id: '00000000-0000-4000-8000-000000000001', name: 'Main' };
const room = (id: string, name: string) => ({ id, siteId: site.id, name, hostnamePattern: null, teacherIds: [] });
const lab = room('00000000-0000-4000-8000-00000000000a', 'Lab');
const art = room('00000000-0000-4000-8000-00000000000b', 'Art');

describe('schoolOverview', () => {
  it('counts devices and online devices per room, unplaced apart, revoked left out', () => {
    const overview = schoolOverview(
      [
        { roomId: lab.id, online: true, revoked: false },
        { roomId: lab.id, online: false, revoked: false },
        { roomId: null, online: true, revoked: false },
        { roomId: lab.id, online: false, revoked: true },
        { roomId: 'gone', online: false, revoked: false },
      ],
      [site],
      [lab, art],
    );
    expect(overview).toEqual({
      devices: 4,
      online: 2,
      unplaced: { devices: 2, online: 1 },
      sites: [
        {
          id: site.id,
          name: 'Main',
          rooms: [
            { id: art.id, name: 'Art', devices: 0, online: 0 },
            { id: lab.id, name: 'Lab', devices: 2, online: 1 },
          ],
        },
      ],
    });
  });
});
