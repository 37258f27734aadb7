import { useMemo, useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { useForm, useWatch } from 'react-hook-form';
import { zodResolver } from '@hookform/resolvers/zod';
import { z } from 'zod';
import {
  Button,
  Checkbox,
  CheckboxGroup,
  GridList,
  GridListItem,
  Input,
  Label,
  SearchField,
  type Selection,
} from 'react-aria-components';
import { CreateSiteRequest, HostnamePattern, type Room, type Site } from '@lookout/shared';
import { api } from '../api/ApiClient';
import { Notice, useAction } from '../api/useAction';
import { FormTextField } from '../components/ui/Fields';
import { ModalDialog } from '../components/ui/ModalDialog';
import { PatternPreview } from '../components/PatternPreview';

const TOUCHES = [['sites'], ['rooms'], ['overview'], ['devices'], ['pattern-preview']];
/** The room form: a name, and a hostname pattern that may be left empty (PCs are then placed by hand). */
const RoomForm = z.object({
  name: z.string().trim().min(1).max(100),
  hostnamePattern: z.union([z.literal(''), HostnamePattern]),
});
type RoomForm = z.infer<typeof RoomForm>;
type Act = ReturnType<typeof useAction>['act'];
type Editing = { kind: 'new-room'; site: Site } | { kind: 'room'; room: Room } | { kind: 'place'; room: Room };

/** Technicians: sites, their rooms (hostname patterns with a live preview), teachers, and placing PCs. */
export function SitesPage() {
  const sites = useQuery({ queryKey: ['sites'], queryFn: api.sites });
  const rooms = useQuery({ queryKey: ['rooms'], queryFn: api.rooms });
  const overview = useQuery({ queryKey: ['overview'], queryFn: api.overview });
  const teachers = useQuery({ queryKey: ['teachers'], queryFn: api.teachers });
  const { act, notice, busy } = useAction(TOUCHES);
  const [editing, setEditing] = useState<Editing | undefined>();
  const roomNames = useMemo(() => new Map((rooms.data ?? []).map((r) => [r.id, r.name])), [rooms.data]);
  const teacherNames = useMemo(() => new Map((teachers.data ?? []).map((t) => [t.id, t.username])), [teachers.data]);
  const counts = useMemo(() => {
    const byRoom = new Map<string, { devices: number; online: number }>();
    for (const site of overview.data?.sites ?? []) for (const r of site.rooms) byRoom.set(r.id, r);
    return byRoom;
  }, [overview.data]);
  const close = () => setEditing(undefined);

  return (
    <section className="page">
      <header className="page-head">
        <h1>Sites and rooms</h1>
        {overview.data && overview.data.unplaced.devices > 0 && (
          <span className="muted">{overview.data.unplaced.devices} PCs are not in a room yet.</span>
        )}
      </header>
      <Notice notice={notice} />
      {sites.data?.length === 0 && <p className="empty">No sites yet: add the school (or each campus) first.</p>}
      {sites.data?.map((site) => (
        <section key={site.id} className="card site" aria-labelledby={`site-${site.id}`}>
          <header className="card__head">
            <h2 id={`site-${site.id}`}>{site.name}</h2>
            <Button className="ui-button" onPress={() => setEditing({ kind: 'new-room', site })}>
              Add a room to {site.name}
            </Button>
          </header>
          <table className="ui-table" aria-label={`Rooms of ${site.name}`} data-testid="rooms-table">
            <thead>
              <tr>
                <th scope="col">Room</th>
                <th scope="col">PCs named</th>
                <th scope="col">PCs</th>
                <th scope="col">Teachers</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {(rooms.data ?? [])
                .filter((r) => r.siteId === site.id)
                .map((room) => (
                  <tr key={room.id} data-testid={`room-${room.name}`}>
                    <td>{room.name}</td>
                    <td className="mono">{room.hostnamePattern ?? '—'}</td>
                    <td>
                      {counts.get(room.id)?.devices ?? 0} ({counts.get(room.id)?.online ?? 0} online)
                    </td>
                    <td>{room.teacherIds.map((id) => teacherNames.get(id) ?? '?').join(', ') || '—'}</td>
                    <td className="row-actions">
                      <Button
                        className="ui-button"
                        aria-label={`Edit ${room.name}`}
                        onPress={() => setEditing({ kind: 'room', room })}
                      >
                        Edit…
                      </Button>
                      <Button
                        className="ui-button"
                        aria-label={`Place PCs in ${room.name}`}
                        onPress={() => setEditing({ kind: 'place', room })}
                      >
                        Place PCs…
                      </Button>
                    </td>
                  </tr>
                ))}
            </tbody>
          </table>
        </section>
      ))}
      <NewSiteForm act={act} busy={busy} />

      {editing?.kind === 'new-room' && (
        <RoomDialog
          title={`New room in ${editing.site.name}`}
          initial={{ name: '', hostnamePattern: '' }}
          roomNames={roomNames}
          onClose={close}
          onSave={(v) =>
            act(
              () =>
                api.createRoom({ siteId: editing.site.id, name: v.name, hostnamePattern: v.hostnamePattern || null }),
              `Room ${v.name} created`,
            )
          }
        />
      )}
      {editing?.kind === 'room' && (
        <RoomDialog
          title={`Edit ${editing.room.name}`}
          initial={{ name: editing.room.name, hostnamePattern: editing.room.hostnamePattern ?? '' }}
          roomNames={roomNames}
          teachers={teachers.data ?? []}
          teacherIds={editing.room.teacherIds}
          onClose={close}
          onSave={async (v, teacherIds) => {
            const room = editing.room;
            return act(async () => {
              await api.updateRoom(room.id, { name: v.name, hostnamePattern: v.hostnamePattern || null });
              if (teacherIds) await api.setRoomTeachers(room.id, teacherIds);
            }, `Room ${v.name} saved`);
          }}
        />
      )}
      {editing?.kind === 'place' && (
        <PlaceDevicesDialog room={editing.room} roomNames={roomNames} act={act} onClose={close} />
      )}
    </section>
  );
}

function NewSiteForm({ act, busy }: { act: Act; busy: boolean }) {
  const form = useForm({ resolver: zodResolver(CreateSiteRequest), mode: 'onTouched', defaultValues: { name: '' } });
  const create = form.handleSubmit(async ({ name }) => {
    if (await act(() => api.createSite(name), `Site ${name} created`)) form.reset();
  });
  return (
    <form className="card ui-form ui-form--inline" aria-label="New site" onSubmit={(e) => void create(e)}>
      <FormTextField control={form.control} name="name" label="New site" description="A school or campus" />
      <Button type="submit" className="ui-button ui-button--primary" isDisabled={busy}>
        Add site
      </Button>
    </form>
  );
}

function RoomDialog({
  title,
  initial,
  roomNames,
  teachers,
  teacherIds,
  onClose,
  onSave,
}: {
  title: string;
  initial: RoomForm;
  roomNames: ReadonlyMap<string, string>;
  teachers?: readonly { id: string; username: string }[];
  teacherIds?: readonly string[];
  onClose(): void;
  onSave(values: RoomForm, teacherIds: string[] | undefined): Promise<boolean>;
}) {
  const form = useForm({ resolver: zodResolver(RoomForm), mode: 'onChange', defaultValues: initial });
  const pattern = useWatch({ control: form.control, name: 'hostnamePattern' });
  const [chosen, setChosen] = useState<string[]>([...(teacherIds ?? [])]);
  const save = form.handleSubmit(async (values) => {
    if (await onSave(values, teachers ? chosen : undefined)) onClose();
  });
  return (
    <ModalDialog title={title} isOpen onOpenChange={(open) => !open && onClose()}>
      <form className="ui-form" onSubmit={(e) => void save(e)}>
        <FormTextField control={form.control} name="name" label="Room name" autoFocus />
        <FormTextField
          control={form.control}
          name="hostnamePattern"
          label="PCs named"
          description="A pattern such as LAB2-*: * stands for any run of characters, ? for one. Leave empty to place PCs by hand."
        />
        <PatternPreview pattern={pattern} roomNames={roomNames} />
        {teachers && (
          <CheckboxGroup className="ui-field" value={chosen} onChange={setChosen}>
            <Label>Teachers of this room</Label>
            {teachers.length === 0 && (
              <p className="muted">No teacher accounts yet (an admin creates them under Users).</p>
            )}
            {teachers.map((t) => (
              <Checkbox key={t.id} value={t.id} className="ui-checkbox">
                <span className="ui-checkbox__box" aria-hidden="true" />
                {t.username}
              </Checkbox>
            ))}
          </CheckboxGroup>
        )}
        <div className="ui-form__actions">
          <Button type="submit" className="ui-button ui-button--primary">
            Save room
          </Button>
        </div>
      </form>
    </ModalDialog>
  );
}

/** Picks PCs by name (several at once) and places them in a room. */
function PlaceDevicesDialog({
  room,
  roomNames,
  act,
  onClose,
}: {
  room: Room;
  roomNames: ReadonlyMap<string, string>;
  act: Act;
  onClose(): void;
}) {
  const devices = useQuery({ queryKey: ['devices'], queryFn: api.devices });
  const [text, setText] = useState('');
  const [selected, setSelected] = useState<Selection>(new Set());
  const shown = useMemo(() => {
    const needle = text.trim().toLowerCase();
    return (devices.data ?? [])
      .filter((d) => !d.revoked && d.roomId !== room.id && d.hostname.toLowerCase().includes(needle))
      .sort((a, b) => a.hostname.localeCompare(b.hostname))
      .slice(0, 300);
  }, [devices.data, text, room.id]);
  const ids = selected === 'all' ? shown.map((d) => d.id) : [...selected].map(String);
  const place = async () => {
    const done = await act(
      async () => {
        for (const id of ids) await api.placeDevice(id, room.id);
      },
      `${ids.length} ${ids.length === 1 ? 'PC' : 'PCs'} placed in ${room.name}`,
    );
    if (done) onClose();
  };
  return (
    <ModalDialog title={`Place PCs in ${room.name}`} isOpen onOpenChange={(open) => !open && onClose()}>
      <div className="ui-form">
        <SearchField className="ui-field" value={text} onChange={setText}>
          <Label>Find PCs by name</Label>
          <Input className="ui-input" placeholder="e.g. LAB2-" />
        </SearchField>
        <GridList
          className="ui-gridlist"
          aria-label="PCs to place"
          selectionMode="multiple"
          selectedKeys={selected}
          onSelectionChange={setSelected}
          items={shown}
          renderEmptyState={() => (
            <p className="muted">{devices.isLoading ? 'Loading…' : 'No other PC has a name like this.'}</p>
          )}
        >
          {(d) => (
            <GridListItem id={d.id} textValue={d.hostname} className="ui-gridlist__item">
              <Checkbox slot="selection" className="ui-checkbox">
                <span className="ui-checkbox__box" aria-hidden="true" />
              </Checkbox>
              <span>{d.hostname}</span>
              <span className="muted">
                {d.roomId ? `in ${roomNames.get(d.roomId) ?? 'another room'}` : 'not in a room'}
              </span>
            </GridListItem>
          )}
        </GridList>
        <div className="ui-form__actions">
          <Button className="ui-button ui-button--primary" isDisabled={ids.length === 0} onPress={() => void place()}>
            {ids.length === 0
              ? 'Choose PCs to place'
              : `Place ${ids.length} ${ids.length === 1 ? 'PC' : 'PCs'} in ${room.name}`}
          </Button>
        </div>
      </div>
    </ModalDialog>
  );
}
