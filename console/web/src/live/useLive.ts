import { createContext, useCallback, useContext, useSyncExternalStore } from 'react';
import type {
  AlertSummary,
  DeviceSummary,
  DslGrant,
  StaffClientMessage,
  StoredEvent,
  ThumbnailSize,
} from '@lookout/shared';
import { topic, type LiveDeviceList, type LiveState, type LiveStore } from './LiveStore';
import { thumbnailKey, type LiveThumbnail } from './liveThumbnail';

export interface Live {
  store: LiveStore;
  watch(message: StaffClientMessage): void;
}

export const LiveContext = createContext<Live | undefined>(undefined);

export function useLive(): Live {
  const live = useContext(LiveContext);
  if (!live) throw new Error('useLive outside the signed-in pages');
  return live;
}

/** Follows one piece of the live store: the component re-renders when that piece, and only it, changes. */
function useLivePiece<T>(key: string, read: (store: LiveStore) => T): T {
  const { store } = useLive();
  const subscribe = useCallback((onChange: () => void) => store.subscribe(key, onChange), [store, key]);
  return useSyncExternalStore(subscribe, () => read(store));
}

export const useLiveState = (): LiveState => useLivePiece(topic.state, (s) => s.state);
export const useLiveDevice = (id: string): DeviceSummary | undefined =>
  useLivePiece(topic.device(id), (s) => s.device(id));
export const useLiveList = (): LiveDeviceList | undefined => useLivePiece(topic.list, (s) => s.list);
export const useRoomDeviceIds = (roomId: string): readonly string[] =>
  useLivePiece(topic.room(roomId), (s) => s.roomDevices(roomId));
export const useRecentEvents = (deviceId: string): readonly StoredEvent[] =>
  useLivePiece(topic.events(deviceId), (s) => s.recentEvents(deviceId));
export const useLiveAlerts = (): readonly AlertSummary[] => useLivePiece(topic.alerts, (s) => s.alerts);
export const useDslGrants = (): readonly DslGrant[] => useLivePiece(topic.grants, (s) => s.dslGrants);
export function useThumbnail(deviceId: string, size: ThumbnailSize): LiveThumbnail | undefined {
  const key = thumbnailKey(deviceId, size);
  return useLivePiece(topic.thumbnail(key), (s) => s.thumbnail(key));
}
