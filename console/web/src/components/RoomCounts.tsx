import { useSyncExternalStore, useCallback } from 'react';
import { topic } from '../live/LiveStore';
import { useLive } from '../live/useLive';

/** "N of M online · K locked" for a room's PCs: follows those PCs and re-renders only this line. */
export function RoomCounts({ ids }: { ids: readonly string[] }) {
  const { store } = useLive();
  const subscribe = useCallback(
    (onChange: () => void) => {
      const stops = ids.map((id) => store.subscribe(topic.device(id), onChange));
      return () => stops.forEach((stop) => stop());
    },
    [store, ids],
  );
  const counts = useSyncExternalStore(subscribe, () => {
    let online = 0;
    let locked = 0;
    for (const id of ids) {
      const d = store.device(id);
      if (d?.online) online++;
      if (d?.locked) locked++;
    }
    return `${online} of ${ids.length} online · ${locked} locked`;
  });
  return <span className="muted">{counts}</span>;
}
