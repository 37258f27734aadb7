import { useState } from 'react';
import { Controller, useForm, useWatch } from 'react-hook-form';
import { zodResolver } from '@hookform/resolvers/zod';
import { z } from 'zod';
import { Button } from 'react-aria-components';
import {
  CreateAssignmentRequest,
  type GroupInfo,
  type PolicyPreviewResponse,
  type PolicyVersionInfo,
  type Room,
  type Site,
} from '@lookout/shared';
import { api } from '../../api/ApiClient';
import { sentence } from '../../api/useAction';
import { Notice } from '../../api/useAction';
import { ModalDialog } from '../ui/ModalDialog';
import { FormTextField } from '../ui/Fields';
import { PreviewList } from './PreviewList';
import { TimeWindowsEditor } from './TimeWindowsEditor';

const SCOPES = [
  { value: 'school', label: 'The whole school' },
  { value: 'site', label: 'A site' },
  { value: 'room', label: 'A room' },
  { value: 'device-group', label: 'A group of PCs' },
  { value: 'user-group', label: 'A group of pupils' },
] as const;
const AssignForm = CreateAssignmentRequest.extend({ targetId: z.string() }).superRefine((a, ctx) => {
  if (a.scope !== 'school' && !a.targetId) {
    ctx.addIssue({
      code: 'custom',
      path: ['targetId'],
      message: `choose ${SCOPES.find((s) => s.value === a.scope)!.label.toLowerCase()}`,
    });
  }
});
type Input = z.input<typeof AssignForm>;
type Output = z.output<typeof AssignForm>;
export interface Names {
  sites: readonly Site[];
  rooms: readonly Room[];
  groups: readonly GroupInfo[];
}

/**
 * Assigns a policy to the school, a site, a room or a group picked by name, all day or on days and times; before
 * anything is saved the console lists the PCs that would change and why.
 */
export function AssignDialog({
  policy,
  names,
  onAssign,
  onClose,
  notice,
}: {
  /** How the last change went: a failure is shown in the dialog, which covers the page's notice. */
  notice: Parameters<typeof Notice>[0]['notice'];
  policy: PolicyVersionInfo;
  names: Names;
  onAssign(body: Omit<Output, 'targetId'> & { targetId: string | null }): Promise<boolean>;
  onClose(): void;
}) {
  const form = useForm<Input, unknown, Output>({
    resolver: zodResolver(AssignForm),
    mode: 'onTouched',
    defaultValues: { policyId: policy.id, scope: 'room', targetId: '', schedule: [], reason: '' },
  });
  const scope = useWatch({ control: form.control, name: 'scope' });
  const [preview, setPreview] = useState<{ body: Output; result: PolicyPreviewResponse } | undefined>();
  const [problem, setProblem] = useState<string | undefined>();
  const targets = targetsOf(scope, names);
  const review = form.handleSubmit(async (values) => {
    setProblem(undefined);
    try {
      const result = await api.previewPolicy({
        kind: 'assignment',
        policyId: values.policyId,
        scope: values.scope,
        targetId: values.scope === 'school' ? null : values.targetId,
        schedule: values.schedule,
      });
      setPreview({ body: values, result });
    } catch (err) {
      setProblem(sentence(err));
    }
  });
  return (
    <ModalDialog title={`Assign ${policy.name}`} isOpen onOpenChange={(open) => !open && onClose()}>
      <Notice notice={notice?.ok ? undefined : notice} />
      {preview ? (
        <div className="ui-form">
          <PreviewList preview={preview.result} />
          {preview.body.schedule.length > 0 && (
            <p className="muted">PCs change during the days and times chosen; outside them they keep what they run.</p>
          )}
          <div className="ui-form__actions">
            <Button className="ui-button" onPress={() => setPreview(undefined)}>
              Back
            </Button>
            <Button
              className="ui-button ui-button--primary"
              onPress={() =>
                void onAssign({
                  ...preview.body,
                  targetId: preview.body.scope === 'school' ? null : preview.body.targetId,
                }).then((done) => done && onClose())
              }
            >
              Assign
            </Button>
          </div>
        </div>
      ) : (
        <form className="ui-form" aria-label={`Assign ${policy.name}`} onSubmit={(e) => void review(e)} noValidate>
          <Controller
            control={form.control}
            name="scope"
            render={({ field }) => (
              <label className="ui-field">
                <span className="ui-label">Applies to</span>
                <select
                  className="ui-input"
                  aria-label="Applies to"
                  value={field.value}
                  onChange={(e) => {
                    field.onChange(e.target.value);
                    form.setValue('targetId', '');
                  }}
                  autoFocus
                >
                  {SCOPES.map((s) => (
                    <option key={s.value} value={s.value}>
                      {s.label}
                    </option>
                  ))}
                </select>
              </label>
            )}
          />
          {scope !== 'school' && (
            <Controller
              control={form.control}
              name="targetId"
              render={({ field, fieldState }) => (
                <label className="ui-field">
                  <span className="ui-label">{targets.label}</span>
                  <select
                    className="ui-input"
                    aria-label={targets.label}
                    value={field.value}
                    onChange={field.onChange}
                    onBlur={field.onBlur}
                    aria-invalid={fieldState.invalid}
                    aria-describedby={fieldState.error ? 'assign-target-error' : undefined}
                  >
                    <option value="">Choose…</option>
                    {targets.options.map((o) => (
                      <option key={o.value} value={o.value}>
                        {o.label}
                      </option>
                    ))}
                  </select>
                  {fieldState.error && (
                    <span id="assign-target-error" className="ui-field__error">
                      {fieldState.error.message}
                    </span>
                  )}
                  {targets.options.length === 0 && <span className="muted">{targets.none}</span>}
                </label>
              )}
            />
          )}
          <Controller
            control={form.control}
            name="schedule"
            render={({ field }) => (
              <TimeWindowsEditor
                label="When"
                value={field.value ?? []}
                onChange={field.onChange}
                empty="All day, every day. Add days and times to apply it only then (a lesson policy)."
              />
            )}
          />
          <FormTextField control={form.control} name="reason" label="Why (recorded)" />
          {problem && (
            <p className="notice notice--bad" role="alert">
              {problem}
            </p>
          )}
          <div className="ui-form__actions">
            <Button type="submit" className="ui-button ui-button--primary">
              Preview which PCs change…
            </Button>
          </div>
        </form>
      )}
    </ModalDialog>
  );
}

function targetsOf(scope: string, names: Names) {
  const siteName = new Map(names.sites.map((s) => [s.id, s.name]));
  switch (scope) {
    case 'site':
      return {
        label: 'Site',
        none: 'No sites yet (add one under Sites and rooms).',
        options: names.sites.map((s) => ({ value: s.id, label: s.name })),
      };
    case 'room':
      return {
        label: 'Room',
        none: 'No rooms yet (add one under Sites and rooms).',
        options: [...names.rooms]
          .sort((a, b) => a.name.localeCompare(b.name, 'en-GB', { numeric: true }))
          .map((r) => ({ value: r.id, label: `${r.name} (${siteName.get(r.siteId) ?? 'site'})` })),
      };
    default: {
      const kind = scope === 'device-group' ? 'device' : 'user';
      return {
        label: kind === 'device' ? 'Group of PCs' : 'Group of pupils',
        none: 'No such group yet.',
        options: names.groups.filter((g) => g.kind === kind).map((g) => ({ value: g.id, label: g.name })),
      };
    }
  }
}

/** An assignment's target by name: "the whole school", "room LAB2", "group of pupils Year 7". */
export function describeTarget(scope: string, targetId: string | null, names: Names): string {
  if (scope === 'school') return 'the whole school';
  if (scope === 'site') return `site ${names.sites.find((s) => s.id === targetId)?.name ?? 'no longer there'}`;
  if (scope === 'room') return `room ${names.rooms.find((r) => r.id === targetId)?.name ?? 'no longer there'}`;
  const group = names.groups.find((g) => g.id === targetId)?.name ?? 'no longer there';
  return `${scope === 'device-group' ? 'group of PCs' : 'group of pupils'} ${group}`;
}
