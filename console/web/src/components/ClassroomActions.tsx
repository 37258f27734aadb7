import { useState } from 'react';
import type { CommandResponse, TeacherCommand } from '@lookout/shared';
import { api } from '../api/ApiClient';

interface Props {
  roomId: string;
  selected: string[];
  onDone: (response: CommandResponse) => void;
}

/** Lock, unlock, message and open a URL, for the selected PCs or the whole room. */
export function ClassroomActions({ roomId, selected, onDone }: Props) {
  const [message, setMessage] = useState('Eyes on me, please.');
  const [minutes, setMinutes] = useState('');
  const [text, setText] = useState('');
  const [url, setUrl] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | undefined>();

  const run = async (command: TeacherCommand, whole: boolean) => {
    setBusy(true);
    setError(undefined);
    try {
      onDone(await api.command(whole ? { roomId, command } : { deviceIds: selected, command }));
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    } finally {
      setBusy(false);
    }
  };
  const lock: TeacherCommand = {
    name: 'lock',
    ...(message ? { message } : {}),
    ...(minutes ? { durationMinutes: Number(minutes) } : {}),
  };
  const none = selected.length === 0;

  return (
    <div className="class-actions">
      <div className="class-actions__row">
        <button type="button" className="danger" disabled={busy} onClick={() => void run(lock, true)}>
          Lock room
        </button>
        <button type="button" disabled={busy} onClick={() => void run({ name: 'unlock' }, true)}>
          Unlock room
        </button>
        <label>
          Lock message <input value={message} onChange={(e) => setMessage(e.target.value)} maxLength={500} />
        </label>
        <label>
          for
          <select value={minutes} onChange={(e) => setMinutes(e.target.value)} aria-label="Lock duration">
            <option value="">until I unlock</option>
            <option value="5">5 minutes</option>
            <option value="10">10 minutes</option>
            <option value="30">30 minutes</option>
          </select>
        </label>
      </div>
      <div className="class-actions__row">
        <span className="muted">{none ? 'Select PCs for:' : `${selected.length} selected:`}</span>
        <button type="button" disabled={busy || none} onClick={() => void run(lock, false)}>
          Lock
        </button>
        <button type="button" disabled={busy || none} onClick={() => void run({ name: 'unlock' }, false)}>
          Unlock
        </button>
        <input
          placeholder="Message to send"
          value={text}
          onChange={(e) => setText(e.target.value)}
          aria-label="Message text"
        />
        <button
          type="button"
          disabled={busy || none || !text}
          onClick={() => void run({ name: 'message', text }, false)}
        >
          Send message
        </button>
        <input placeholder="https://…" value={url} onChange={(e) => setUrl(e.target.value)} aria-label="Web address" />
        <button
          type="button"
          disabled={busy || none || !/^https?:\/\//.test(url)}
          onClick={() => void run({ name: 'open-url', url }, false)}
        >
          Open web page
        </button>
      </div>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
    </div>
  );
}
