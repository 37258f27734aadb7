import { useDeferredValue } from 'react';
import { useQuery } from '@tanstack/react-query';
import { HostnamePattern } from '@lookout/shared';
import { api } from '../api/ApiClient';

/** Which enrolled PCs a hostname pattern matches, as it is typed (asked of the console once the pattern is valid). */
export function PatternPreview({ pattern, roomNames }: { pattern: string; roomNames: ReadonlyMap<string, string> }) {
  const typed = useDeferredValue(pattern.trim());
  const valid = typed !== '' && HostnamePattern.safeParse(typed).success;
  const preview = useQuery({
    queryKey: ['pattern-preview', typed],
    queryFn: ({ signal: _signal }) => api.patternPreview(typed),
    enabled: valid,
    staleTime: 5_000,
  });
  if (!valid) return null;
  const data = preview.data;
  return (
    <div className="pattern-preview" data-testid="pattern-preview" aria-live="polite">
      {!data ? (
        <p className="muted">Looking for matching PCs…</p>
      ) : data.matching === 0 ? (
        <p className="muted">
          No enrolled PC is named like this yet; PCs that enrol later with a matching name will be placed here.
        </p>
      ) : (
        <>
          <p>
            <strong>{data.matching}</strong> {data.matching === 1 ? 'PC matches' : 'PCs match'}
            {data.matching > data.devices.length ? ` (the first ${data.devices.length} shown)` : ''}:
          </p>
          <ul className="chips">
            {data.devices.map((d) => (
              <li key={d.id} className="chip">
                {d.hostname}
                {d.roomId && <span className="muted"> · now in {roomNames.get(d.roomId) ?? 'another room'}</span>}
              </li>
            ))}
          </ul>
        </>
      )}
    </div>
  );
}
