import { useMemo, useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { Button, Input, Label, Text, TextField } from 'react-aria-components';
import { describeSchedule, type PolicyVersionInfo } from '@lookout/shared';
import { api } from '../api/ApiClient';
import { Notice, useAction } from '../api/useAction';
import { ModalDialog } from '../components/ui/ModalDialog';
import { AssignDialog, describeTarget, type Names } from '../components/policy/AssignDialog';
import { HistoryDialog } from '../components/policy/HistoryDialog';
import { PolicyEditor } from '../components/policy/PolicyEditor';
import '../components/policy/editors.css';

type AssignmentInfo = Awaited<ReturnType<typeof api.assignments>>[number];
const TOUCHES = [['policies'], ['assignments'], ['policy-status'], ['url-categories'], ['media-grants']];
type Open =
  | { kind: 'edit'; policy: PolicyVersionInfo | undefined }
  | { kind: 'assign' | 'history'; policy: PolicyVersionInfo }
  | { kind: 'unassign'; assignment: AssignmentInfo }
  | { kind: 'withdraw'; grantId: string; label: string };

/**
 * Technicians' policies: written as forms (section by section), assigned to a site, room or group by name with
 * days and times, previewed (which PCs change, and why) before saving; history, differences and rollback; the
 * URL category lists and the removable drives allowed.
 */
export function PoliciesPage() {
  const policies = useQuery({ queryKey: ['policies'], queryFn: api.policies });
  const assignments = useQuery({ queryKey: ['assignments'], queryFn: api.assignments });
  const status = useQuery({ queryKey: ['policy-status'], queryFn: api.policyStatus });
  const categories = useQuery({ queryKey: ['url-categories'], queryFn: api.urlCategories });
  const grants = useQuery({ queryKey: ['media-grants'], queryFn: api.mediaGrants });
  const libraries = useQuery({ queryKey: ['keyword-libraries'], queryFn: api.keywordLibraries });
  const sites = useQuery({ queryKey: ['sites'], queryFn: api.sites });
  const rooms = useQuery({ queryKey: ['rooms'], queryFn: api.rooms });
  const groups = useQuery({ queryKey: ['groups'], queryFn: api.groups });
  const { act, notice } = useAction(TOUCHES);
  const [open, setOpen] = useState<Open | undefined>();
  const close = () => setOpen(undefined);
  const names: Names = useMemo(
    () => ({ sites: sites.data ?? [], rooms: rooms.data ?? [], groups: groups.data ?? [] }),
    [sites.data, rooms.data, groups.data],
  );
  const policyName = (id: string) => policies.data?.find((p) => p.id === id)?.name ?? 'a removed policy';
  const outOfDate = (status.data ?? []).filter((s) => !s.upToDate);
  const categoryNames = (categories.data ?? []).map((c) => c.category);

  if (open?.kind === 'edit') {
    return (
      <section className="page">
        <header className="page-head">
          <h1>Policies</h1>
        </header>
        <Notice notice={notice} />
        <PolicyEditor
          policy={open.policy}
          categories={categoryNames}
          libraries={libraries.data ?? []}
          onCancel={close}
          onSave={async ({ name, document, reason }) => {
            const id = open.policy?.id;
            const done = await act(
              () =>
                id ? api.savePolicy(id, { name, document, reason }) : api.createPolicy({ name, document, reason }),
              `${name} saved as a new version and sent to the PCs it applies to`,
            );
            if (done) close();
            return done;
          }}
        />
      </section>
    );
  }

  return (
    <section className="page policies">
      <header className="page-head">
        <h1>Policies</h1>
        <Button className="ui-button ui-button--primary" onPress={() => setOpen({ kind: 'edit', policy: undefined })}>
          New policy
        </Button>
      </header>
      <Notice notice={notice} />
      <table className="ui-table" aria-label="Policies" data-testid="policies">
        <thead>
          <tr>
            <th scope="col">Policy</th>
            <th scope="col">Version</th>
            <th scope="col">Changed</th>
            <th scope="col">Blocks</th>
            <th scope="col">
              <span className="visually-hidden">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {policies.data?.length === 0 && (
            <tr>
              <td colSpan={5} className="muted">
                No policies yet: every PC runs Lookout’s defaults (nothing blocked).
              </td>
            </tr>
          )}
          {policies.data?.map((p) => (
            <tr key={p.id} data-testid={`policy-${p.name}`}>
              <td>{p.name}</td>
              <td>{p.version}</td>
              <td>
                {new Date(p.changedAt).toLocaleString('en-GB')} by {p.changedBy ?? 'Lookout'}: {p.reason}
              </td>
              <td>{p.document.webFilter.blockedCategories.join(', ') || '—'}</td>
              <td className="row-actions">
                <Button
                  className="ui-button"
                  aria-label={`Edit ${p.name}`}
                  onPress={() => setOpen({ kind: 'edit', policy: p })}
                >
                  Edit…
                </Button>
                <Button
                  className="ui-button"
                  aria-label={`Assign ${p.name}`}
                  onPress={() => setOpen({ kind: 'assign', policy: p })}
                >
                  Assign…
                </Button>
                <Button
                  className="ui-button"
                  aria-label={`History of ${p.name}`}
                  onPress={() => setOpen({ kind: 'history', policy: p })}
                >
                  History…
                </Button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>

      <h2>Where they apply</h2>
      <p className="muted">
        The most specific assignment in force wins: a group of pupils, then a room, a group of PCs, a site, the whole
        school. At the same level an assignment with days and times beats an all-day one.
      </p>
      <table className="ui-table" aria-label="Assignments" data-testid="assignments">
        <thead>
          <tr>
            <th scope="col">Policy</th>
            <th scope="col">Applies to</th>
            <th scope="col">When</th>
            <th scope="col">
              <span className="visually-hidden">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {assignments.data?.length === 0 && (
            <tr>
              <td colSpan={4} className="muted">
                Nothing assigned yet: use Assign… on a policy.
              </td>
            </tr>
          )}
          {assignments.data?.map((a) => (
            <tr key={a.id}>
              <td>{policyName(a.policyId)}</td>
              <td>{describeTarget(a.scope, a.targetId, names)}</td>
              <td>{a.schedule.length ? describeSchedule(a.schedule) : 'all day, every day'}</td>
              <td>
                <Button
                  className="ui-button"
                  aria-label={`Remove ${policyName(a.policyId)} from ${describeTarget(a.scope, a.targetId, names)}`}
                  onPress={() => setOpen({ kind: 'unassign', assignment: a })}
                >
                  Remove…
                </Button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>

      <h2>PCs running an out-of-date policy</h2>
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

      <h2>Removable drives allowed</h2>
      {grants.data?.length === 0 ? (
        <p className="muted">None beyond the policies' lists. Allow a drive from the page of the PC it was used on.</p>
      ) : (
        <ul data-testid="media-grants">
          {grants.data?.map((g) => (
            <li key={g.id}>
              {g.label ?? g.deviceKey} ({g.deviceKey}){' '}
              {g.expiresAt ? `until ${new Date(g.expiresAt).toLocaleString('en-GB')}` : 'for good'}, allowed by{' '}
              {g.grantedBy}: {g.reason}{' '}
              <Button
                className="ui-button"
                onPress={() => setOpen({ kind: 'withdraw', grantId: g.id, label: g.label ?? g.deviceKey })}
              >
                Withdraw…
              </Button>
            </li>
          ))}
        </ul>
      )}

      <h2>URL categories</h2>
      <ul className="chips" aria-label="Imported URL categories">
        {categories.data?.map((c) => (
          <li key={c.category} className="chip">
            {c.category}: {c.domains.toLocaleString('en-GB')} domains, {c.urls.toLocaleString('en-GB')} URLs
          </li>
        ))}
      </ul>
      <CategoryImport act={act} />

      {open?.kind === 'assign' && (
        <AssignDialog
          policy={open.policy}
          names={names}
          notice={notice}
          onClose={close}
          onAssign={(body) => act(() => api.assign(body), `${open.policy.name} assigned`)}
        />
      )}
      {open?.kind === 'history' && (
        <HistoryDialog
          policy={open.policy}
          notice={notice}
          onClose={close}
          onRollback={(version, reason) =>
            act(
              () => api.rollbackPolicy(open.policy.id, version, reason),
              `${open.policy.name} rolled back to version ${version}`,
            )
          }
        />
      )}
      {open?.kind === 'unassign' && (
        <ReasonDialog
          title={`Remove ${policyName(open.assignment.policyId)} from ${describeTarget(open.assignment.scope, open.assignment.targetId, names)}`}
          action="Remove"
          notice={notice}
          onClose={close}
          onConfirm={(reason) => act(() => api.unassign(open.assignment.id, reason), 'Assignment removed')}
        />
      )}
      {open?.kind === 'withdraw' && (
        <ReasonDialog
          title={`Withdraw permission for ${open.label}`}
          action="Withdraw"
          notice={notice}
          onClose={close}
          onConfirm={(reason) => act(() => api.revokeMediaGrant(open.grantId, reason), 'Permission withdrawn')}
        />
      )}
    </section>
  );
}

/** A change that needs only a reason for the audit log. */
function ReasonDialog({
  title,
  action,
  onConfirm,
  onClose,
  notice,
}: {
  notice: Parameters<typeof Notice>[0]['notice'];
  title: string;
  action: string;
  onConfirm(reason: string): Promise<boolean>;
  onClose(): void;
}) {
  const [reason, setReason] = useState('');
  return (
    <ModalDialog title={title} isOpen onOpenChange={(o) => !o && onClose()}>
      <Notice notice={notice?.ok ? undefined : notice} />
      <form
        className="ui-form"
        onSubmit={(e) => {
          e.preventDefault();
          void onConfirm(reason).then((done) => done && onClose());
        }}
      >
        <TextField className="ui-field" value={reason} onChange={setReason} autoFocus>
          <Label>Why (recorded)</Label>
          <Input className="ui-input" />
          <Text slot="description">At least 3 characters.</Text>
        </TextField>
        <div className="ui-form__actions">
          <Button type="submit" className="ui-button ui-button--primary" isDisabled={reason.trim().length < 3}>
            {action}
          </Button>
        </div>
      </form>
    </ModalDialog>
  );
}

/** One UT1 category folder's domains and urls files. */
function CategoryImport({ act }: { act: ReturnType<typeof useAction>['act'] }) {
  const [importing, setImporting] = useState({ category: '', domains: '', urls: '', reason: '' });
  const valid = /^[a-z0-9_-]+$/.test(importing.category) && importing.reason.trim().length >= 3;
  return (
    <form
      className="card ui-form"
      aria-label="Import a URL category"
      onSubmit={(e) => {
        e.preventDefault();
        void act(() => api.importCategory(importing), `Category ${importing.category} imported`).then(
          (done) => done && setImporting({ category: '', domains: '', urls: '', reason: '' }),
        );
      }}
    >
      <h3>Import a category</h3>
      <TextField
        className="ui-field"
        value={importing.category}
        onChange={(category) => setImporting((i) => ({ ...i, category }))}
      >
        <Label>Category</Label>
        <Input className="ui-input" />
        <Text slot="description">Its UT1 folder name: lower-case letters, digits, _ and - (gambling, games).</Text>
      </TextField>
      <label className="ui-field">
        <span className="ui-label">Its domains file</span>
        <input
          type="file"
          onChange={(e) => void readInto(e.target.files?.[0], (domains) => setImporting((i) => ({ ...i, domains })))}
        />
      </label>
      <label className="ui-field">
        <span className="ui-label">Its urls file</span>
        <input
          type="file"
          onChange={(e) => void readInto(e.target.files?.[0], (urls) => setImporting((i) => ({ ...i, urls })))}
        />
      </label>
      <TextField
        className="ui-field"
        value={importing.reason}
        onChange={(reason) => setImporting((i) => ({ ...i, reason }))}
      >
        <Label>Why (recorded)</Label>
        <Input className="ui-input" />
      </TextField>
      <div className="ui-form__actions ui-form__actions--start">
        <Button type="submit" className="ui-button ui-button--primary" isDisabled={!valid}>
          Import
        </Button>
      </div>
    </form>
  );
}

async function readInto(file: File | undefined, set: (text: string) => void): Promise<void> {
  if (file) set(await file.text());
}
