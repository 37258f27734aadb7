import { useEffect, useState } from 'react';
import { api } from '../api/ApiClient';

type Limit = Awaited<ReturnType<typeof api.lessonLimit>>;

/** A teacher limits the web for this lesson: only these sites (or not these) for N minutes; ends by itself. */
export function LessonLimit({ roomId }: { roomId: string }) {
  const [limit, setLimit] = useState<Limit>(null);
  const [mode, setMode] = useState<'allow' | 'block'>('allow');
  const [sites, setSites] = useState('');
  const [minutes, setMinutes] = useState(50);
  const [error, setError] = useState<string | undefined>();
  useEffect(() => {
    api.lessonLimit(roomId).then(setLimit, () => setLimit(null));
  }, [roomId]);
  const apply = async () => {
    try {
      const list = sites.split(/[\s,]+/).filter(Boolean);
      setLimit(await api.setLessonLimit(roomId, { mode, sites: list, minutes }));
      setError(undefined);
    } catch (err) {
      setError(String(err));
    }
  };
  return (
    <div className="lesson-limit" data-testid="lesson-limit">
      {limit ? (
        <p>
          {limit.mode === 'allow' ? 'Only' : 'Not'} {limit.sites.join(', ')} until{' '}
          {new Date(limit.expiresAt).toLocaleTimeString('en-GB', { hour: '2-digit', minute: '2-digit' })}.{' '}
          <button type="button" onClick={() => void api.clearLessonLimit(roomId).then(() => setLimit(null))}>
            End now
          </button>
        </p>
      ) : (
        <form
          className="filters"
          onSubmit={(e) => {
            e.preventDefault();
            void apply();
          }}
        >
          <select value={mode} onChange={(e) => setMode(e.target.value as 'allow' | 'block')} aria-label="Limit">
            <option value="allow">Only these sites</option>
            <option value="block">Block these sites</option>
          </select>
          <input
            value={sites}
            onChange={(e) => setSites(e.target.value)}
            placeholder="bbc.co.uk/bitesize, example.org"
            aria-label="Sites"
            required
          />
          <label>
            for
            <input
              type="number"
              min={1}
              max={600}
              value={minutes}
              onChange={(e) => setMinutes(Number(e.target.value))}
            />
            minutes
          </label>
          <button type="submit">Apply to the room</button>
        </form>
      )}
      {error && <p className="error">{error}</p>}
    </div>
  );
}
