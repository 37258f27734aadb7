import { useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { Button, Input, Label, TextField } from 'react-aria-components';
import type { PolicyVersionInfo } from '@lookout/shared';
import { api } from '../../api/ApiClient';
import { Notice } from '../../api/useAction';
import { ModalDialog } from '../ui/ModalDialog';

/** A policy's versions: who changed what and why, the changes between any two, and rollback to an earlier one. */
export function HistoryDialog({
  policy,
  onRollback,
  onClose,
  notice,
}: {
  /** How the last change went: a failure is shown in the dialog, which covers the page's notice. */
  notice: Parameters<typeof Notice>[0]['notice'];
  policy: PolicyVersionInfo;
  /** Makes `version` current again (as a new version); true when done. */
  onRollback(version: number, reason: string): Promise<boolean>;
  onClose(): void;
}) {
  const versions = useQuery({
    queryKey: ['policy-versions', policy.id, policy.version],
    queryFn: () => api.policyVersions(policy.id),
  });
  const [from, setFrom] = useState(Math.max(1, policy.version - 1));
  const [to, setTo] = useState(policy.version);
  const diff = useQuery({
    queryKey: ['policy-diff', policy.id, from, to],
    queryFn: () => api.policyDiff(policy.id, from, to),
    enabled: from !== to,
  });
  const [rollingBack, setRollingBack] = useState<number | undefined>();
  const [reason, setReason] = useState('');
  const numbers = (versions.data ?? []).map((v) => v.version);
  const versionSelect = (label: string, value: number, set: (v: number) => void) => (
    <label className="ui-field">
      <span className="ui-label">{label}</span>
      <select className="ui-input" value={value} onChange={(e) => set(Number(e.target.value))}>
        {numbers.map((n) => (
          <option key={n} value={n}>
            Version {n}
          </option>
        ))}
      </select>
    </label>
  );
  return (
    <ModalDialog title={`History of ${policy.name}`} isOpen onOpenChange={(open) => !open && onClose()}>
      <Notice notice={notice?.ok ? undefined : notice} />
      <div className="ui-form">
        <table className="ui-table" aria-label={`Versions of ${policy.name}`} data-testid="policy-history">
          <thead>
            <tr>
              <th scope="col">Version</th>
              <th scope="col">Changed</th>
              <th scope="col">Why</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {(versions.data ?? []).map((v) => (
              <tr key={v.version}>
                <td>{v.version}</td>
                <td>
                  {new Date(v.changedAt).toLocaleString('en-GB')} by {v.changedBy ?? 'Lookout'}
                </td>
                <td>{v.reason}</td>
                <td>
                  {v.version === policy.version ? (
                    <span className="muted">current</span>
                  ) : (
                    <Button className="ui-button" onPress={() => setRollingBack(v.version)}>
                      Roll back to version {v.version}…
                    </Button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        {rollingBack !== undefined && (
          <form
            className="ui-form ui-form--inline"
            aria-label={`Roll back to version ${rollingBack}`}
            onSubmit={(e) => {
              e.preventDefault();
              void onRollback(rollingBack, reason).then((done) => done && onClose());
            }}
          >
            <TextField className="ui-field" value={reason} onChange={setReason} autoFocus>
              <Label>Why roll back to version {rollingBack}</Label>
              <Input className="ui-input" />
            </TextField>
            <Button type="submit" className="ui-button ui-button--primary" isDisabled={reason.trim().length < 3}>
              Roll back
            </Button>
          </form>
        )}
        {numbers.length > 1 && (
          <section aria-label="Compare versions" className="policy-compare">
            <div className="ui-form--inline">
              {versionSelect('Compare version', from, setFrom)}
              {versionSelect('with version', to, setTo)}
            </div>
            {from === to ? (
              <p className="muted">Choose two different versions.</p>
            ) : (
              <ul className="policy-diff" data-testid="policy-diff" aria-live="polite">
                {diff.data?.lines.length === 0 && <li>No changes.</li>}
                {diff.data?.lines.map((line, i) => (
                  <li
                    key={i}
                    className={`mono policy-diff__${line[0] === '+' ? 'add' : line[0] === '-' ? 'remove' : 'change'}`}
                  >
                    {line}
                  </li>
                ))}
              </ul>
            )}
          </section>
        )}
      </div>
    </ModalDialog>
  );
}
