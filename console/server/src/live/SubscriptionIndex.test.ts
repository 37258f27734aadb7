import { describe, expect, it } from 'vitest';
import { SubscriptionIndex } from './SubscriptionIndex.js';

const view = { page: 0, pageSize: 50 };

describe('SubscriptionIndex', () => {
  it("finds a device's subscribers through its room, its own watchers and list pages, and nobody else", () => {
    const index = new SubscriptionIndex<string>();
    index.watchRoom('teacher-a', 'room-a');
    index.watchRoom('teacher-b', 'room-b');
    index.watchDevice('tech', 'pc-1', false);
    index.showList('admin', view, ['pc-1', 'pc-2']);
    index.subscribeAlerts('dsl');
    expect(index.subscribersOf('pc-1', 'room-a')).toEqual(new Set(['teacher-a', 'tech', 'admin']));
    expect(index.subscribersOf('pc-2', 'room-b')).toEqual(new Set(['teacher-b', 'admin']));
    expect(index.subscribersOf('pc-3', 'room-b')).toEqual(new Set(['teacher-b']));
    expect(index.subscribersOf('pc-4', null)).toEqual(new Set());
    expect(index.alertSubscribersNow()).toEqual(new Set(['dsl']));
    // Asked without building the set: the same answer as the set's size.
    for (const [pc, room] of [
      ['pc-1', 'room-a'],
      ['pc-2', 'room-b'],
      ['pc-3', 'room-b'],
      ['pc-3', 'room-c'],
      ['pc-4', null],
    ] as const) {
      expect(index.isFollowed(pc, room)).toBe(index.subscribersOf(pc, room).size > 0);
    }
    expect(index.mayWatchScreen('pc-1', undefined)).toBe(true);
    expect(index.mayWatchScreen('pc-2', 'room-b')).toBe(true);
    expect(index.mayWatchScreen('pc-2', 'room-c')).toBe(false);
    expect(index.mayWatchScreen('pc-2', undefined)).toBe(false);
  });

  it('sends a device that moved rooms to the watchers of the room it left, until it is placed in the new one', () => {
    const index = new SubscriptionIndex<string>();
    index.watchRoom('a', 'room-a');
    index.watchRoom('b', 'room-b');
    index.place('pc', 'room-a');
    expect(index.subscribersOf('pc', 'room-b')).toEqual(new Set(['a', 'b']));
    expect(index.isFollowed('pc', 'room-c')).toBe(true); // its old room's watchers still see it
    expect(index.subscribersOf('pc', 'room-b')).toEqual(new Set(['a', 'b']));
    index.place('pc', 'room-b');
    expect(index.subscribersOf('pc', 'room-b')).toEqual(new Set(['b']));
    expect(index.subscribersOf('pc', null)).toEqual(new Set(['b']));
    index.place('pc', null);
    expect(index.subscribersOf('pc', null)).toEqual(new Set());
  });

  it('replaces a list page, and forgets everything a removed subscriber held', () => {
    const index = new SubscriptionIndex<string>();
    index.showList('s', view, ['pc-1']);
    index.showList('s', { page: 1, pageSize: 50 }, ['pc-2']);
    expect(index.subscribersOf('pc-1', null)).toEqual(new Set());
    expect(index.subscribersOf('pc-2', null)).toEqual(new Set(['s']));
    expect(index.listSubscribers()).toEqual([{ subscriber: 's', view: { page: 1, pageSize: 50 }, shown: 1 }]);
    index.watchRoom('s', 'room');
    index.watchDevice('s', 'pc-9', true);
    index.subscribeAlerts('s');
    expect(index.remove('s')).toEqual({ rooms: ['room'], devices: ['pc-9'] });
    expect(index.subscribersOf('pc-2', 'room')).toEqual(new Set());
    expect(index.subscribersOf('pc-9', null)).toEqual(new Set());
    expect(index.alertSubscribersNow().size).toBe(0);
    expect(index.listSubscribers()).toEqual([]);
    expect(index.subscribers()).toBe(0);
  });

  it('tells screen watchers apart from those following only a device page', () => {
    const index = new SubscriptionIndex<string>();
    index.watchDevice('page', 'pc', false);
    index.watchDevice('screen', 'pc', true);
    expect([...index.watchersOfDevice('pc')]).toEqual(['page', 'screen']);
    expect(index.watchersOfDevice('pc', { screen: true })).toEqual(['screen']);
    index.unwatchDevice('screen', 'pc');
    expect(index.watchersOfDevice('pc', { screen: true })).toEqual([]);
    index.unwatchRoom('nobody', 'room');
    expect(index.watchersOfRoom('room').size).toBe(0);
  });
});
