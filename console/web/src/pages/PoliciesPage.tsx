import { useEffect, useState } from 'react';
import { PolicyDocument, SCOPE_ORDER } from '@lookout/shared';
import { api } from '../api/ApiClient';

type Policy = Awaited<ReturnType<typeof api.policies>>[number];
type Assignment = Awaited<ReturnType<typeof api.assignments>>[number];

const EXAMPLE = JSON.stringify(PolicyDocument.parse({}), null, 2);

/**
 * Technicians' policies: edit a document (saved as a new version with a reason), compare and roll back versions,
 * assign to a scope with an optional schedule, import URL categories, and see which PCs run an old version.
 */
export function PoliciesPage() {
  const [policies, setPolicies] = useState<Policy[]>([]);
  const [assignments, setAssignments] = useState<Assignment[]>([]);
  const [status, setStatus] = useState<Awaited<ReturnType<typeof api.policyStatus>>>([]);
  const [categories, setCategories] = useState<Awaited<ReturnType<typeof api.urlCategories>>>([]);
  const [grants, setGrants] = useState<Awaited<ReturnType<typeof api.mediaGrants>>>([]);
  const [editing, setEditing] = useState<{ id?: string; name: string; text: string } | undefined>();
  const [reason, setReason] = useState('');
  const [message, setMessage] = useState<string | undefined>();
  const [history, setHistory] = useState<{ policy: Policy; versions: Policy[]; diff?: string[] } | undefined>();
  const [assignTo, setAssignTo] = useState({
    policyId: '',
    scope: 'school',
    targetId: '',
    days: '',
    start: '',
    end: '',
  });
  const [importing, setImporting] = useState({ category: '', domains: '', urls: '' });

  const load = () => {
    void api.policies().then(setPolicies);
    void api.assignments().then(setAssignments);
    void api.policyStatus().then(setStatus);
    void api.urlCategories().then(setCategories);
    void api.mediaGrants().then(setGrants);
  };
  useEffect(load, []);
  const attempt = async (work: () => Promise<unknown>, done: string) => {
    try {
      await work();
      setMessage(done);
      setReason('');
      load();
    } catch (err) {
      setMessage(String(err));
    }
  };

  const save = () =>
    attempt(async () => {
      let document: unknown;
      try {
        document = JSON.parse(editing!.text);
      } catch (err) {
        throw new Error(`the document is not valid JSON: ${(err as Error).message}`);
      }
      const body = { name: editing!.name, document, reason };
      if (editing!.id) await api.savePolicy(editing!.id, body);
      else await api.createPolicy(body);
      setEditing(undefined);
    }, 'Saved as a new version and sent to the PCs it applies to.');

  const name = (policyId: string) => policies.find((p) => p.id === policyId)?.name ?? policyId;
  const outOfDate = status.filter((s) => !s.upToDate);

  return (
    <section className="policies">
      <header className="page-head">
        <h2>Policies</h2>
        <button type="button" onClick={() => setEditing({ name: '', text: EXAMPLE })}>
          New policy
        </button>
      </header>
      {message && <p role="status">{message}</p>}
      <table className="activity" data-testid="policies">
        <thead>
          <tr>
            <th>Policy</th>
            <th>Version</th>
            <th>Changed</th>
            <th>Blocks</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {policies.map((p) => (
            <tr key={p.id}>
              <td>{p.name}</td>
              <td>{p.version}</td>
              <td>
                {new Date(p.changedAt).toLocaleString('en-GB')} by {p.changedBy ?? 'system'}: {p.reason}
              </td>
              <td>{p.document.webFilter.blockedCategories.join(', ') || '—'}</td>
              <td>
                <button
                  type="button"
                  onClick={() => setEditing({ id: p.id, name: p.name, text: JSON.stringify(p.document, null, 2) })}
                >
                  Edit
                </button>{' '}
                <button
                  type="button"
                  onClick={() => void api.policyVersions(p.id).then((versions) => setHistory({ policy: p, versions }))}
                >
                  History
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>

      {editing && (
        <form
          className="policy-editor"
          onSubmit={(e) => {
            e.preventDefault();
            void save();
          }}
        >
          <h3>{editing.id ? `Edit ${editing.name}` : 'New policy'}</h3>
          <label>
            Name
            <input value={editing.name} onChange={(e) => setEditing({ ...editing, name: e.target.value })} required />
          </label>
          <label>
            Document (JSON; anything left out takes its default)
            <textarea
              value={editing.text}
              rows={18}
              className="mono"
              onChange={(e) => setEditing({ ...editing, text: e.target.value })}
            />
          </label>
          <label>
            Why (recorded with the version)
            <input value={reason} onChange={(e) => setReason(e.target.value)} required minLength={3} />
          </label>
          <button type="submit">Save version</button>{' '}
          <button type="button" onClick={() => setEditing(undefined)}>
            Cancel
          </button>
        </form>
      )}

      {history && (
        <div className="policy-history" data-testid="policy-history">
          <h3>History of {history.policy.name}</h3>
          <ol reversed>
            {history.versions.map((v) => (
              <li key={v.version}>
                Version {v.version}, {new Date(v.changedAt).toLocaleString('en-GB')} by {v.changedBy ?? 'system'}:{' '}
                {v.reason}{' '}
                {v.version > 1 && (
                  <button
                    type="button"
                    onClick={() =>
                      void api
                        .policyDiff(v.id, v.version - 1, v.version)
                        .then((d) => setHistory({ ...history, diff: d.lines }))
                    }
                  >
                    Changes
                  </button>
                )}{' '}
                {v.version !== history.policy.version && (
                  <button
                    type="button"
                    disabled={reason.length < 3}
                    onClick={() => void attempt(() => api.rollbackPolicy(v.id, v.version, reason), 'Rolled back.')}
                  >
                    Roll back to this
                  </button>
                )}
              </li>
            ))}
          </ol>
          <label>
            Reason for a rollback
            <input value={reason} onChange={(e) => setReason(e.target.value)} />
          </label>
          {history.diff && (
            <pre className="mono" data-testid="policy-diff">
              {history.diff.join('\n') || 'no changes'}
            </pre>
          )}
        </div>
      )}

      <h3>Where they apply</h3>
      <p className="muted">
        The most specific assignment in force wins: user group, then room, device group, site, the whole school. At the
        same level a scheduled assignment beats an all-day one.
      </p>
      <ul data-testid="assignments">
        {assignments.map((a) => (
          <li key={a.id}>
            <strong>{name(a.policyId)}</strong> → {a.scope}
            {a.targetId ? ` ${a.targetId}` : ''}
            {a.schedule.length > 0 &&
              ` (${a.schedule.map((w) => `${w.days.join(',')} ${w.start}–${w.end}`).join('; ')})`}{' '}
            <button
              type="button"
              disabled={reason.length < 3}
              onClick={() => void attempt(() => api.unassign(a.id, reason), 'Assignment removed.')}
            >
              Remove
            </button>
          </li>
        ))}
      </ul>
      <form
        className="filters"
        onSubmit={(e) => {
          e.preventDefault();
          const schedule = assignTo.days
            ? [{ days: assignTo.days.split(',').map((d) => d.trim()), start: assignTo.start, end: assignTo.end }]
            : [];
          void attempt(
            () =>
              api.assign({
                policyId: assignTo.policyId,
                scope: assignTo.scope,
                targetId: assignTo.scope === 'school' ? null : assignTo.targetId,
                schedule,
                reason,
              }),
            'Assigned.',
          );
        }}
      >
        <label>
          Policy
          <select
            value={assignTo.policyId}
            aria-label="Policy to assign"
            onChange={(e) => setAssignTo({ ...assignTo, policyId: e.target.value })}
          >
            <option value="">choose…</option>
            {policies.map((p) => (
              <option key={p.id} value={p.id}>
                {p.name}
              </option>
            ))}
          </select>
        </label>
        <label>
          Scope
          <select value={assignTo.scope} onChange={(e) => setAssignTo({ ...assignTo, scope: e.target.value })}>
            {SCOPE_ORDER.map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
          </select>
        </label>
        <label>
          Target id (room, site or group)
          <input value={assignTo.targetId} onChange={(e) => setAssignTo({ ...assignTo, targetId: e.target.value })} />
        </label>
        <label>
          Days (mon,tue,…)
          <input value={assignTo.days} onChange={(e) => setAssignTo({ ...assignTo, days: e.target.value })} />
        </label>
        <label>
          From
          <input
            type="time"
            value={assignTo.start}
            onChange={(e) => setAssignTo({ ...assignTo, start: e.target.value })}
          />
        </label>
        <label>
          To
          <input type="time" value={assignTo.end} onChange={(e) => setAssignTo({ ...assignTo, end: e.target.value })} />
        </label>
        <label>
          Why
          <input aria-label="Why (assignment)" value={reason} onChange={(e) => setReason(e.target.value)} />
        </label>
        <button type="submit" disabled={!assignTo.policyId || reason.length < 3}>
          Assign
        </button>
      </form>

      <h3>PCs running an out-of-date policy</h3>
      {outOfDate.length === 0 ? (
        <p className="muted" data-testid="policy-status">
          Every PC runs its current policy.
        </p>
      ) : (
        <ul data-testid="policy-status">
          {outOfDate.map((s) => (
            <li key={s.deviceId}>
              {s.hostname} ({s.online ? 'online' : 'offline: it will update when it reconnects'})
            </li>
          ))}
        </ul>
      )}

      <h3>Removable drives allowed</h3>
      {grants.length === 0 ? (
        <p className="muted">None beyond the policies' lists. Allow a drive from the page of the PC it was used on.</p>
      ) : (
        <ul data-testid="media-grants">
          {grants.map((g) => (
            <li key={g.id}>
              {g.label ?? g.deviceKey} ({g.deviceKey}){' '}
              {g.expiresAt ? `until ${new Date(g.expiresAt).toLocaleString('en-GB')}` : 'for good'}, allowed by{' '}
              {g.grantedBy}: {g.reason}{' '}
              <button
                type="button"
                disabled={reason.length < 3}
                onClick={() => void attempt(() => api.revokeMediaGrant(g.id, reason), 'Permission withdrawn.')}
              >
                Withdraw
              </button>
            </li>
          ))}
        </ul>
      )}

      <h3>URL categories</h3>
      <ul>
        {categories.map((c) => (
          <li key={c.category}>
            {c.category}: {c.domains.toLocaleString('en-GB')} domains, {c.urls.toLocaleString('en-GB')} URLs (imported{' '}
            {new Date(c.importedAt).toLocaleDateString('en-GB')})
          </li>
        ))}
      </ul>
      <form
        className="category-import"
        onSubmit={(e) => {
          e.preventDefault();
          void attempt(() => api.importCategory({ ...importing, reason }), `Imported ${importing.category}.`);
        }}
      >
        <label>
          Category (its UT1 folder name)
          <input
            value={importing.category}
            onChange={(e) => setImporting({ ...importing, category: e.target.value })}
          />
        </label>
        <label>
          domains file
          <input
            type="file"
            onChange={(e) => void readInto(e.target.files?.[0], (domains) => setImporting((i) => ({ ...i, domains })))}
          />
        </label>
        <label>
          urls file
          <input
            type="file"
            onChange={(e) => void readInto(e.target.files?.[0], (urls) => setImporting((i) => ({ ...i, urls })))}
          />
        </label>
        <label>
          Why
          <input aria-label="Why (import)" value={reason} onChange={(e) => setReason(e.target.value)} />
        </label>
        <button type="submit" disabled={!importing.category || reason.length < 3}>
          Import
        </button>
      </form>
    </section>
  );
}

async function readInto(file: File | undefined, set: (text: string) => void): Promise<void> {
  if (file) set(await file.text());
}
