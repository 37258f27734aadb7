import { useEffect, useMemo, useState } from 'react';
import { Link, useParams } from 'react-router';
import type { CommandResponse, Room } from '@lookout/shared';
import { api } from '../api/ApiClient';
import { LessonLimit } from '../components/LessonLimit';
import { thumbnailKey, type LiveDevices } from '../api/useLiveDevices';
import { ClassroomActions } from '../components/ClassroomActions';
import { ClassroomTile } from '../components/ClassroomTile';

export function ClassroomPage({ live }: { live: LiveDevices }) {
  const { id: roomId = '' } = useParams();
  const { watch } = live;
  const [room, setRoom] = useState<Room | undefined>();
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [enlarged, setEnlarged] = useState<string | undefined>();
  const [results, setResults] = useState<CommandResponse | undefined>();

  useEffect(() => {
    api.rooms().then(
      (rooms) => setRoom(rooms.find((r) => r.id === roomId)),
      () => setRoom(undefined),
    );
    watch({ type: 'watch-room', roomId });
    return () => watch({ type: 'unwatch-room', roomId });
  }, [roomId, watch]);

  useEffect(() => {
    if (!enlarged) return;
    watch({ type: 'watch-device', deviceId: enlarged });
    return () => watch({ type: 'unwatch-device', deviceId: enlarged });
  }, [enlarged, watch]);

  const devices = useMemo(
    () =>
      [...live.devices.values()]
        .filter((d) => d.roomId === roomId)
        .sort((a, b) => a.hostname.localeCompare(b.hostname)),
    [live.devices, roomId],
  );
  const toggle = (id: string) =>
    setSelected((prev) => {
      const next = new Set(prev);
      if (!next.delete(id)) next.add(id);
      return next;
    });
  const large = enlarged
    ? (live.thumbnails.get(thumbnailKey(enlarged, 'large')) ?? live.thumbnails.get(thumbnailKey(enlarged, 'small')))
    : undefined;

  return (
    <section>
      <p>
        <Link to="/rooms">← Classrooms</Link>
      </p>
      <header className="page-head">
        <h2>{room?.name ?? 'Classroom'}</h2>
        <span className="muted">
          {devices.filter((d) => d.online).length} of {devices.length} online · {devices.filter((d) => d.locked).length}{' '}
          locked
        </span>
        <button type="button" onClick={() => setSelected(new Set(devices.map((d) => d.id)))}>
          Select all
        </button>
        <button type="button" onClick={() => setSelected(new Set())}>
          Select none
        </button>
      </header>
      <ClassroomActions roomId={roomId} selected={[...selected]} onDone={setResults} />
      <LessonLimit roomId={roomId} />
      {results && (
        <ul className="command-results" data-testid="command-results">
          {results.results.map((r) => (
            <li key={r.deviceId} data-status={r.status}>
              {r.hostname}: {r.status}
              {r.detail ? ` — ${r.detail}` : ''}
            </li>
          ))}
        </ul>
      )}
      <div className="class-grid">
        {devices.map((d) => (
          <ClassroomTile
            key={d.id}
            device={d}
            thumbnail={live.thumbnails.get(thumbnailKey(d.id, 'small'))}
            selected={selected.has(d.id)}
            onToggle={() => toggle(d.id)}
            onEnlarge={() => setEnlarged(d.id)}
          />
        ))}
      </div>
      {enlarged && (
        <div className="large-view" role="dialog" aria-label="Larger view" onClick={() => setEnlarged(undefined)}>
          {large ? (
            <img src={large.url} alt="Larger view of the screen" data-testid="large-thumbnail" />
          ) : (
            <p>Loading…</p>
          )}
          <p className="muted">Click anywhere to close.</p>
        </div>
      )}
    </section>
  );
}
