import { useMemo, useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { useFieldArray, useForm } from 'react-hook-form';
import { zodResolver } from '@hookform/resolvers/zod';
import { Button, Checkbox, CheckboxGroup, Label } from 'react-aria-components';
import { z } from 'zod';
import {
  ReportRecipient,
  ReportSettings,
  WEEKDAYS,
  WeeklyReportSettings,
  type CheckResult,
  type ReportSettingsView,
  type SessionInfo,
} from '@lookout/shared';
import { api } from '../api/ApiClient';
import { Notice, useAction } from '../api/useAction';
import { DataTable, type Columns } from '../components/ui/DataTable';
import { FormCheckbox, FormSelect, FormTextField } from '../components/ui/Fields';

const SETTINGS = ['report-settings'];
const CHECKS = ['checks'];
const DEVICES = ['devices'];

const ROLE_OPTIONS = [
  { value: 'dsl', label: 'DSL (gets the names)' },
  { value: 'deputy', label: 'Deputy DSL (gets the names)' },
  { value: 'senior-leader', label: 'Senior leader' },
  { value: 'governor', label: 'Governor' },
  { value: 'it', label: 'IT' },
  { value: 'other', label: 'Other' },
];
const DAY_OPTIONS = WEEKDAYS.map((d) => ({ value: d, label: d[0]!.toUpperCase() + d.slice(1) }));

/** Today as a date in the browser's calendar (the console reads the week in the school's time zone). */
const today = () => new Date().toLocaleDateString('en-CA');

/**
 * Reports for the DSL, leadership and governors: the weekly monitoring report for any past week, the annual review
 * pack, and the checks that PCs filter and monitor as they should (run by IT or the DSL, recorded for the pack).
 */
export function ReportsPage({ role }: { role: SessionInfo['role'] }) {
  const readsReports = ['dsl', 'viewer', 'admin'].includes(role);
  const runsChecks = ['dsl', 'admin', 'technician'].includes(role);
  const setsSchedule = ['dsl', 'admin'].includes(role);
  const { act, notice, busy } = useAction([SETTINGS, CHECKS]);
  return (
    <section className="page">
      <header className="page-head">
        <h1>Reports</h1>
      </header>
      <Notice notice={notice} />
      <div className="cards">
        {readsReports && <WeeklyReportCard isDsl={role === 'dsl'} />}
        {readsReports && <ReviewPackCard />}
        {runsChecks && <RunCheckCard act={act} busy={busy} />}
      </div>
      <CheckHistory />
      {setsSchedule && (
        <div className="cards">
          <ScheduleForm act={act} busy={busy} />
        </div>
      )}
    </section>
  );
}

function WeeklyReportCard({ isDsl }: { isDsl: boolean }) {
  const [week, setWeek] = useState(today);
  const query = `/api/reports/weekly?week=${encodeURIComponent(week)}`;
  return (
    <div className="card">
      <h2>Weekly report</h2>
      <p className="muted">
        Incidents by category, severity and outcome, time to first review, filtering breaches and coverage, Monday to
        Sunday. {isDsl ? 'Your copy names pupils with repeated alerts.' : 'Pupils are not named in your copy.'}
      </p>
      <label className="ui-field">
        <span className="ui-label">A day in the week</span>
        <input
          className="ui-input"
          type="date"
          value={week}
          max={today()}
          onChange={(e) => setWeek(e.target.value || today())}
        />
      </label>
      <div className="ui-form__actions ui-form__actions--start">
        <a className="ui-button" href={query} target="_blank" rel="noopener">
          View the report
        </a>
        <a className="ui-button ui-button--primary" href={`${query}&format=pdf`} download>
          Download PDF
        </a>
      </div>
    </div>
  );
}

function ReviewPackCard() {
  return (
    <div className="card">
      <h2>Annual review pack</h2>
      <p className="muted">
        One PDF for the review by the senior leader, DSL, IT lead and governor: each DfE filtering and monitoring
        standard with the evidence held (roles, policies and why, the year&apos;s incidents, the checks recorded).
      </p>
      <div className="ui-form__actions ui-form__actions--start">
        <a className="ui-button ui-button--primary" href="/api/reports/review-pack" download>
          Download the review pack (last 12 months)
        </a>
      </div>
    </div>
  );
}

type Act = ReturnType<typeof useAction>['act'];

function RunCheckCard({ act, busy }: { act: Act; busy: boolean }) {
  const devices = useQuery({ queryKey: DEVICES, queryFn: api.devices });
  const [chosen, setChosen] = useState<string[]>([]);
  const [last, setLast] = useState<CheckResult[] | undefined>();
  const online = (devices.data ?? []).filter((d) => !d.revoked && d.online);
  const run = () =>
    void act(
      async () => {
        setLast((await api.runCheck({ deviceIds: chosen, phrase: true })).results);
      },
      `Checked ${chosen.length} PC${chosen.length === 1 ? '' : 's'}`,
    );
  return (
    <div className="card">
      <h2>Run a check</h2>
      <p className="muted">
        The PCs chosen try each blocked category&apos;s test address and put a harmless test phrase through their
        monitoring. The test alert never reaches the alert queue.
      </p>
      <CheckboxGroup className="ui-field" value={chosen} onChange={setChosen}>
        <Label className="ui-label">PCs online</Label>
        {online.length === 0 && <p className="muted">No PC is online.</p>}
        {online.slice(0, 50).map((d) => (
          <Checkbox key={d.id} value={d.id} className="ui-checkbox">
            <span className="ui-checkbox__box" aria-hidden="true" />
            {d.hostname}
          </Checkbox>
        ))}
      </CheckboxGroup>
      <div className="ui-form__actions ui-form__actions--start">
        <Button className="ui-button ui-button--primary" isDisabled={busy || chosen.length === 0} onPress={run}>
          {busy ? 'Checking…' : 'Run the check'}
        </Button>
      </div>
      {last && (
        <p data-testid="check-summary">
          {last.filter((r) => r.passed).length} passed, {last.filter((r) => !r.passed).length} failed.
        </p>
      )}
    </div>
  );
}

function CheckHistory() {
  const checks = useQuery({ queryKey: CHECKS, queryFn: api.checks });
  const columns = useMemo<Columns<CheckResult>>(
    () => [
      { id: 'when', header: 'When', cell: ({ row }) => new Date(row.original.runAt).toLocaleString('en-GB') },
      { id: 'pc', header: 'PC', cell: ({ row }) => row.original.hostname },
      {
        id: 'what',
        header: 'What was checked',
        cell: ({ row: { original: r } }) =>
          r.kind === 'blocks' ? `Blocks ${r.category ?? ''}` : 'Test phrase raises an alert',
      },
      {
        id: 'outcome',
        header: 'Outcome',
        cell: ({ row: { original: r } }) => (
          <span className={`tag tag--${r.passed ? 'ok' : 'bad'}`}>{r.outcome.replace('-', ' ')}</span>
        ),
      },
      { id: 'by', header: 'Run by', cell: ({ row }) => row.original.runBy },
    ],
    [],
  );
  return (
    <>
      <h2>Checks recorded</h2>
      <DataTable
        label="Checks recorded"
        testId="checks"
        columns={columns}
        data={checks.data ?? []}
        rowId={(r) => `${r.runId}-${r.deviceId}-${r.kind}-${r.category ?? ''}`}
        empty={checks.isLoading ? 'Loading…' : 'No checks yet.'}
      />
    </>
  );
}

/** The form's shape: names typed as comma-separated lines, turned into the shared schema's lists on saving. */
const ScheduleFormValues = z.object({
  weekly: z.object({
    enabled: WeeklyReportSettings.shape.enabled.unwrap(),
    day: WeeklyReportSettings.shape.day.unwrap(),
    time: WeeklyReportSettings.shape.time.unwrap(),
    recipients: z.array(ReportRecipient).max(30),
  }),
  dsl: z.string().max(2000),
  deputies: z.string().max(2000),
  seniorLeader: z.string().max(200),
  governor: z.string().max(200),
  itLead: z.string().max(2000),
});

const names = (text: string) =>
  text
    .split(',')
    .map((n) => n.trim())
    .filter(Boolean);

function ScheduleForm({ act, busy }: { act: Act; busy: boolean }) {
  const settings = useQuery({ queryKey: SETTINGS, queryFn: api.reportSettings });
  if (!settings.data) return null;
  return <ScheduleFormLoaded initial={settings.data} act={act} busy={busy} />;
}

function ScheduleFormLoaded({ initial, act, busy }: { initial: ReportSettingsView; act: Act; busy: boolean }) {
  const form = useForm({
    resolver: zodResolver(ScheduleFormValues),
    mode: 'onTouched',
    defaultValues: {
      weekly: initial.weekly,
      dsl: initial.roles.dsl.join(', '),
      deputies: initial.roles.deputies.join(', '),
      seniorLeader: initial.roles.seniorLeader,
      governor: initial.roles.governor,
      itLead: initial.roles.itLead.join(', '),
    },
  });
  const recipients = useFieldArray({ control: form.control, name: 'weekly.recipients' });
  const save = form.handleSubmit(async (v) => {
    const settings = ReportSettings.parse({
      weekly: v.weekly,
      roles: {
        dsl: names(v.dsl),
        deputies: names(v.deputies),
        seniorLeader: v.seniorLeader,
        governor: v.governor,
        itLead: names(v.itLead),
      },
    });
    await act(() => api.saveReportSettings(settings), 'Report settings saved');
  });
  return (
    <form className="card ui-form" aria-label="Weekly report and roles" onSubmit={(e) => void save(e)}>
      <h2>Weekly report by mail</h2>
      <p className="muted">
        Sent through the mail server set for high-risk alerts, with the PDF attached.
        {initial.lastWeekSent ? ` Last week sent: week of ${initial.lastWeekSent}.` : ''}
      </p>
      <FormCheckbox control={form.control} name="weekly.enabled" label="Send the weekly report" />
      <div className="school-contacts__fields">
        <FormSelect control={form.control} name="weekly.day" label="Day" options={DAY_OPTIONS} />
        <FormTextField control={form.control} name="weekly.time" label="Time (HH:MM, school time)" autoComplete="off" />
      </div>
      {recipients.fields.map((field, i) => (
        <fieldset key={field.id} className="card">
          <legend>Recipient {i + 1}</legend>
          <div className="school-contacts__fields">
            <FormTextField control={form.control} name={`weekly.recipients.${i}.name`} label="Name" />
            <FormTextField control={form.control} name={`weekly.recipients.${i}.email`} label="Email" />
            <FormSelect
              control={form.control}
              name={`weekly.recipients.${i}.role`}
              label="Role"
              options={ROLE_OPTIONS}
            />
          </div>
          <Button className="ui-button" onPress={() => recipients.remove(i)} aria-label={`Remove recipient ${i + 1}`}>
            Remove
          </Button>
        </fieldset>
      ))}
      <div className="ui-form__actions ui-form__actions--start">
        <Button className="ui-button" onPress={() => recipients.append({ name: '', email: '', role: 'senior-leader' })}>
          Add a recipient
        </Button>
      </div>
      <h2>Who holds each role</h2>
      <p className="muted">For the review pack. Separate several names with commas.</p>
      <div className="school-contacts__fields">
        <FormTextField control={form.control} name="dsl" label="Designated safeguarding lead" />
        <FormTextField control={form.control} name="deputies" label="Deputy DSLs" />
        <FormTextField control={form.control} name="seniorLeader" label="Senior leader responsible" />
        <FormTextField control={form.control} name="governor" label="Governor responsible" />
        <FormTextField control={form.control} name="itLead" label="IT lead or service" />
      </div>
      <div className="ui-form__actions">
        <Button type="submit" className="ui-button ui-button--primary" isDisabled={busy}>
          Save
        </Button>
      </div>
    </form>
  );
}
