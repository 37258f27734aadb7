import type { PolicyPreviewResponse } from '@lookout/shared';

/** Which PCs a change moves, by name, and why (worked out by the console from the real policy resolution). */
export function PreviewList({ preview }: { preview: PolicyPreviewResponse }) {
  const n = preview.changes.length;
  return (
    <div className="policy-preview" data-testid="policy-preview">
      <p>
        <strong>
          {n === 0 ? 'No PC changes' : `${n} of ${preview.devices} ${preview.devices === 1 ? 'PC' : 'PCs'} change`}
        </strong>
        {n === 0 && ` (of ${preview.devices} enrolled): none of them would run anything different.`}
      </p>
      {n > 0 && (
        <ul className="policy-preview__list">
          {preview.changes.map((c) => (
            <li key={c.deviceId} data-testid={`preview-${c.hostname}`}>
              <strong>{c.hostname}</strong>
              <ul>
                {c.why.map((line, i) => (
                  <li key={i} className={/^[+~-] /.test(line) ? 'mono' : undefined}>
                    {line}
                  </li>
                ))}
              </ul>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
