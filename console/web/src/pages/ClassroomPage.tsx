import { useCallback, useEffect, useState } from 'react';
import { Link, useParams } from 'react-router';
import { Button, ToggleButton, ToggleButtonGroup, type Key } from 'react-aria-components';
import { useQuery } from '@tanstack/react-query';
import type { CommandResponse } from '@lookout/shared';
import { api } from '../api/ApiClient';
import { useLive, useLiveDevice, useRoomDeviceIds } from '../live/useLive';
import { ClassroomActions } from '../components/ClassroomActions';
import { ClassroomTile } from '../components/ClassroomTile';
import { ModalDialog } from '../components/ui/ModalDialog';
import { ScreenThumbnail } from '../components/ScreenThumbnail';
import { RoomCounts } from '../components/RoomCounts';

type CommandResult = CommandResponse['results'][number];
const TILE_SIZES = ['small', 'medium', 'large'] as const;
type TileSize = (typeof TILE_SIZES)[number];
const SIZE_KEY = 'lookout.tileSize';

function savedTileSize(): TileSize {
  const saved = window.localStorage.getItem(SIZE_KEY);
  return TILE_SIZES.find((s) => s === saved) ?? 'medium';
}

/** The larger, sharper view of one PC's screen, while it is open. */
function LargeView({ deviceId, onClose }: { deviceId: string; onClose(): void }) {
  const { watch } = useLive();
  const device = useLiveDevice(deviceId);
  useEffect(() => {
    watch({ type: 'watch-device', deviceId });
    return () => watch({ type: 'unwatch-device', deviceId });
  }, [deviceId, watch]);
  const hostname = device?.hostname ?? 'PC';
  return (
    <ModalDialog
      title={`${device?.user ?? 'Nobody'} on ${hostname}`}
      isOpen
      onOpenChange={(open) => !open && onClose()}
    >
      <div className="large-screen">
        <ScreenThumbnail
          deviceId={deviceId}
          hostname={hostname}
          size="large"
          placeholder="Loading…"
          testId="large-thumbnail"
        />
        <p className="muted">
          {device?.app ?? '—'}: {device?.title ?? ''}
        </p>
      </div>
    </ModalDialog>
  );
}

/** A teacher's wall of their room's screens: tiles follow their own PCs, results land on the tiles. */
export function ClassroomPage() {
  const { id: roomId = '' } = useParams();
  const { watch } = useLive();
  const rooms = useQuery({ queryKey: ['rooms'], queryFn: api.rooms });
  const room = rooms.data?.find((r) => r.id === roomId);
  const ids = useRoomDeviceIds(roomId);
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const [enlarged, setEnlarged] = useState<string | undefined>();
  const [results, setResults] = useState<ReadonlyMap<string, CommandResult>>(new Map());
  const [size, setSize] = useState<TileSize>(savedTileSize);

  useEffect(() => {
    watch({ type: 'watch-room', roomId });
    return () => watch({ type: 'unwatch-room', roomId });
  }, [roomId, watch]);

  const toggle = useCallback(
    (id: string) =>
      setSelected((prev) => {
        const next = new Set(prev);
        if (!next.delete(id)) next.add(id);
        return next;
      }),
    [],
  );
  const chooseSize = (keys: Set<Key>) => {
    const next = TILE_SIZES.find((s) => keys.has(s));
    if (!next) return;
    setSize(next);
    window.localStorage.setItem(SIZE_KEY, next);
  };

  return (
    <section className="page page--classroom">
      <header className="page-head">
        <Link to="/rooms" aria-label="All classrooms">
          ←
        </Link>
        <h1>{room?.name ?? 'Classroom'}</h1>
        <RoomCounts ids={ids} />
        <span className="page-head__spacer" />
        <Button className="ui-button ui-button--quiet" onPress={() => setSelected(new Set(ids))}>
          Select all
        </Button>
        <Button className="ui-button ui-button--quiet" onPress={() => setSelected(new Set())}>
          Select none
        </Button>
        <ToggleButtonGroup
          className="ui-segmented"
          aria-label="Tile size"
          selectionMode="single"
          disallowEmptySelection
          selectedKeys={[size]}
          onSelectionChange={chooseSize}
        >
          <ToggleButton id="small" className="ui-segmented__item">
            Small
          </ToggleButton>
          <ToggleButton id="medium" className="ui-segmented__item">
            Medium
          </ToggleButton>
          <ToggleButton id="large" className="ui-segmented__item">
            Large
          </ToggleButton>
        </ToggleButtonGroup>
      </header>
      <ClassroomActions
        roomId={roomId}
        selected={[...selected]}
        onDone={(response) => setResults(new Map(response.results.map((r) => [r.deviceId, r])))}
      />
      {ids.length === 0 && <p className="empty">No PCs in this room yet.</p>}
      <div className={`class-grid class-grid--${size}`} data-testid="class-grid">
        {ids.map((id) => (
          <ClassroomTile
            key={id}
            id={id}
            selected={selected.has(id)}
            result={results.get(id)}
            onToggle={toggle}
            onEnlarge={setEnlarged}
          />
        ))}
      </div>
      {enlarged && <LargeView deviceId={enlarged} onClose={() => setEnlarged(undefined)} />}
    </section>
  );
}
