import { useState } from 'react';
import { Controller, useFieldArray, useForm, type Control } from 'react-hook-form';
import { zodResolver } from '@hookform/resolvers/zod';
import { Button, Checkbox } from 'react-aria-components';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import type { NotificationSettingsView } from '@lookout/shared';
import { dashboardApi } from '../api/dashboardApi';
import { MAX_CONTACTS, NotificationForm, toForm, toSettings } from '../dashboard/notificationForm';
import './dashboard.css';
import { FormCheckbox, FormNumberField, FormSelect, FormTextField } from '../components/ui/Fields';

const DAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
const DAY_NAMES = { mon: 'Mon', tue: 'Tue', wed: 'Wed', thu: 'Thu', fri: 'Fri', sat: 'Sat', sun: 'Sun' };
/** Immediate notification of high-risk alerts: who is told, how, and what happens while nobody acknowledges. */
export function NotificationsPage({ canEdit }: { canEdit: boolean }) {
  const settings = useQuery({ queryKey: ['notification-settings'], queryFn: dashboardApi.notificationSettings });
  if (settings.error) return <p className="error">{String(settings.error)}</p>;
  if (!settings.data) return null;
  return <NotificationSettingsForm initial={settings.data} canEdit={canEdit} />;
}

function NotificationSettingsForm({ initial, canEdit }: { initial: NotificationSettingsView; canEdit: boolean }) {
  const client = useQueryClient();
  const [view, setView] = useState(initial);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | undefined>();
  const form = useForm<NotificationForm>({
    resolver: zodResolver(NotificationForm),
    mode: 'onTouched',
    defaultValues: toForm(initial),
  });
  const save = async (values: NotificationForm) => {
    try {
      const saved = await dashboardApi.saveNotificationSettings(toSettings(values));
      setView(saved);
      form.reset(toForm(saved));
      await client.invalidateQueries({ queryKey: ['notification-settings'] });
      setMessage({ ok: true, text: 'Saved (and recorded in the audit log).' });
    } catch (err) {
      setMessage({ ok: false, text: err instanceof Error ? err.message : String(err) });
    }
  };
  return (
    <section className="settings">
      <h1>High-risk alert notifications</h1>
      <p className="muted">
        Alerts at or above the severity below (and reported concerns, if chosen) are mailed at once to the DSL and
        deputies, with no pupil name, text or image: only a link to the alert. While nobody acknowledges it, the next
        person on the escalation list is told, one more each period.
      </p>
      {message && (
        <p role="status" className={`notice ${message.ok ? 'notice--ok' : 'notice--bad'}`}>
          {message.text}
        </p>
      )}
      <form className="ui-form" aria-label="Notification settings" onSubmit={(e) => void form.handleSubmit(save)(e)}>
        <fieldset className="card" disabled={!canEdit}>
          <legend>When</legend>
          <FormCheckbox control={form.control} name="enabled" label="Send notifications" />
          <FormSelect
            control={form.control}
            name="minSeverity"
            label="Severity threshold (this and above)"
            options={[1, 2, 3, 4, 5].map((n) => ({ value: String(n), label: String(n) }))}
          />
          <FormCheckbox control={form.control} name="concerns" label="Every reported concern too" />
          <FormNumberField
            control={form.control}
            name="escalateAfterMinutes"
            label="Escalate after (minutes unacknowledged)"
          />
          <FormSelect
            control={form.control}
            name="outOfHours"
            label="Out of school hours"
            options={[
              { value: 'send', label: 'Send at once, day or night' },
              { value: 'hold', label: 'Hold until school hours start' },
            ]}
          />
          <SchoolHours control={form.control} />
        </fieldset>
        <ContactList
          control={form.control}
          name="firstContacts"
          legend="DSL and deputies (told at once)"
          disabled={!canEdit}
        />
        <ContactList
          control={form.control}
          name="escalation"
          legend="Escalation list, in order (up to ten)"
          ordered
          disabled={!canEdit}
        />
        <fieldset className="card" disabled={!canEdit}>
          <legend>Mail server (the school's SMTP)</legend>
          <FormTextField control={form.control} name="smtpHost" label="Server" description="Empty: no mail server" />
          <FormNumberField control={form.control} name="smtpPort" label="Port" />
          <FormSelect
            control={form.control}
            name="smtpSecurity"
            label="Security"
            options={[
              { value: 'starttls', label: 'STARTTLS' },
              { value: 'tls', label: 'TLS' },
              { value: 'none', label: 'None (this machine only)' },
            ]}
          />
          <FormTextField control={form.control} name="smtpUsername" label="Login" autoComplete="off" />
          <FormTextField
            control={form.control}
            name="smtpPassword"
            label="Password"
            type="password"
            autoComplete="new-password"
            description={
              view.smtp?.passwordSet
                ? 'A password is set: leave empty to keep it (for the same server and login)'
                : 'None set'
            }
          />
          <FormTextField control={form.control} name="smtpFrom" label="From address" />
          <FormTextField
            control={form.control}
            name="consoleUrl"
            label="Console address in the mail's link"
            description="Empty: the address the console listens on"
          />
        </fieldset>
        <fieldset className="card" disabled={!canEdit}>
          <legend>Teams or Slack</legend>
          <FormTextField
            control={form.control}
            name="webhookUrl"
            label="Incoming webhook address"
            description={view.webhookSet ? 'One is set: leave empty to keep it' : 'None set'}
          />
          {view.webhookSet && <FormCheckbox control={form.control} name="removeWebhook" label="Remove the webhook" />}
        </fieldset>
        {canEdit && (
          <div className="ui-form__actions ui-form__actions--start">
            <Button type="submit" className="ui-button ui-button--primary">
              Save notification settings
            </Button>
          </div>
        )}
      </form>
      {canEdit && <SendTest />}
    </section>
  );
}

function ContactList({
  control,
  name,
  legend,
  ordered = false,
  disabled,
}: {
  control: Control<NotificationForm>;
  name: 'firstContacts' | 'escalation';
  legend: string;
  ordered?: boolean;
  disabled: boolean;
}) {
  const list = useFieldArray({ control, name });
  return (
    <fieldset className="card" disabled={disabled} data-testid={`contacts-${name}`}>
      <legend>{legend}</legend>
      {list.fields.length === 0 && <p className="muted">Nobody yet.</p>}
      <ol className="contact-list">
        {list.fields.map((field, i) => (
          <li key={field.id} className="contact-list__item">
            <FormTextField control={control} name={`${name}.${i}.name`} label="Name" />
            <FormTextField control={control} name={`${name}.${i}.email`} label="Email" />
            {ordered && (
              <>
                <Button
                  className="ui-button"
                  isDisabled={disabled || i === 0}
                  onPress={() => list.move(i, i - 1)}
                  aria-label={`Move ${i + 1} up`}
                >
                  Up
                </Button>
                <Button
                  className="ui-button"
                  isDisabled={disabled || i === list.fields.length - 1}
                  onPress={() => list.move(i, i + 1)}
                  aria-label={`Move ${i + 1} down`}
                >
                  Down
                </Button>
              </>
            )}
            <Button
              className="ui-button"
              isDisabled={disabled}
              onPress={() => list.remove(i)}
              aria-label={`Remove ${i + 1} from ${legend}`}
            >
              Remove
            </Button>
          </li>
        ))}
      </ol>
      <Button
        className="ui-button"
        isDisabled={disabled || list.fields.length >= MAX_CONTACTS}
        onPress={() => list.append({ name: '', email: '' })}
      >
        Add a person
      </Button>
    </fieldset>
  );
}

function SchoolHours({ control }: { control: Control<NotificationForm> }) {
  const hours = useFieldArray({ control, name: 'schoolHours' });
  return (
    <div className="school-hours">
      <p className="ui-label">School hours (in the school's time zone)</p>
      {hours.fields.length === 0 && <p className="muted">None set: every hour counts as school hours.</p>}
      {hours.fields.map((field, i) => (
        <fieldset key={field.id} className="school-hours__window">
          <legend>Hours {i + 1}</legend>
          <Controller
            control={control}
            name={`schoolHours.${i}.days`}
            render={({ field: days }) => (
              <div className="school-hours__days">
                {DAYS.map((day) => (
                  <Checkbox
                    key={day}
                    className="ui-checkbox"
                    isSelected={days.value.includes(day)}
                    onChange={(on) =>
                      days.onChange(
                        on
                          ? DAYS.filter((d) => d === day || days.value.includes(d))
                          : days.value.filter((d) => d !== day),
                      )
                    }
                  >
                    <span className="ui-checkbox__box" aria-hidden="true" />
                    {DAY_NAMES[day]}
                  </Checkbox>
                ))}
              </div>
            )}
          />
          <FormTextField control={control} name={`schoolHours.${i}.start`} label="From (HH:MM)" />
          <FormTextField control={control} name={`schoolHours.${i}.end`} label="To (HH:MM)" />
          <Button className="ui-button" onPress={() => hours.remove(i)} aria-label={`Remove hours ${i + 1}`}>
            Remove
          </Button>
        </fieldset>
      ))}
      <Button
        className="ui-button"
        onPress={() => hours.append({ days: ['mon', 'tue', 'wed', 'thu', 'fri'], start: '08:00', end: '16:00' })}
      >
        Add school hours
      </Button>
    </div>
  );
}

/** "Send a test": to one address, or to the DSL and deputies as saved. */
function SendTest() {
  const [to, setTo] = useState('');
  const [result, setResult] = useState<{ ok: boolean; text: string } | undefined>();
  const [sending, setSending] = useState(false);
  const send = async () => {
    setSending(true);
    try {
      const sent = await dashboardApi.sendTestMail(to.trim() || undefined);
      setResult({
        ok: true,
        text: `Test mail sent to ${sent.sentTo.join(', ')}; the mail server answered “${sent.server}”.`,
      });
    } catch (err) {
      setResult({ ok: false, text: err instanceof Error ? err.message : String(err) });
    } finally {
      setSending(false);
    }
  };
  return (
    <section className="card" aria-labelledby="send-test">
      <h2 id="send-test">Send a test</h2>
      <p className="muted">Uses the saved settings: save first.</p>
      <div className="ui-form ui-form--inline">
        <label className="ui-field">
          <span className="ui-label">To (empty: the DSL and deputies)</span>
          <input className="ui-input" type="email" value={to} onChange={(e) => setTo(e.target.value)} />
        </label>
        <Button className="ui-button" isDisabled={sending} onPress={() => void send()}>
          Send a test
        </Button>
      </div>
      {result && (
        <p role="status" className={`notice ${result.ok ? 'notice--ok' : 'notice--bad'}`} data-testid="test-result">
          {result.text}
        </p>
      )}
    </section>
  );
}
