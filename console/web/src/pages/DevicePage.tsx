import { useEffect, useMemo, useState } from 'react';
import { Link, useParams } from 'react-router';
import { Button } from 'react-aria-components';
import { clockSkewed, type DeviceActivityEvent, type MediaVolume } from '@lookout/shared';
import { api } from '../api/ApiClient';
import { useLive, useLiveDevice, useRecentEvents } from '../live/useLive';
import { DeviceTile } from '../components/DeviceTile';
import { CopyButton } from '../components/CopyButton';

function describeEvent(e: DeviceActivityEvent): string {
  switch (e.type) {
    case 'window-changed':
      return `${e.payload.app}: ${e.payload.title}`;
    case 'lock-changed':
      return e.payload.locked
        ? `Locked (${e.payload.reason})${e.payload.message ? `: ${e.payload.message}` : ''}`
        : `Unlocked (${e.payload.reason})`;
    case 'command-handled':
      return `Carried out ${e.payload.name}: ${e.payload.status}${e.payload.detail ? ` (${e.payload.detail})` : ''}`;
    case 'keyword-matched':
      // Alerts are the DSL's: the device page says only that one was raised (the alert holds the rest).
      return `Alert raised (${e.payload.category}, severity ${e.payload.severity})`;
    case 'policy-applied':
      return `Now runs policy "${e.payload.policyName}" (version ${e.payload.policyVersion}, ${e.payload.revision})`;
    case 'url-visited':
      return `Visited ${e.payload.url}${e.payload.title ? ` — ${e.payload.title}` : ''}`;
    case 'url-blocked':
      return `Blocked ${e.payload.url} (${e.payload.category ?? e.payload.reason})`;
    case 'monitoring-changed':
      return e.payload.monitoring
        ? 'Monitoring resumed (monitoring hours)'
        : 'Monitoring paused (outside monitoring hours)';
    case 'acceptable-use-accepted':
      return 'Accepted the acceptable-use notice';
    case 'media-inserted':
      return `Removable drive "${e.payload.label ?? e.payload.mountPoint}" inserted (${e.payload.fsType}${
        e.payload.sizeBytes ? `, ${Math.round(e.payload.sizeBytes / 1e6)} MB` : ''
      }${e.payload.serial ? `, serial ${e.payload.serial}` : ''})`;
    case 'media-action':
      return `Removable drive "${e.payload.label ?? ''}": ${e.payload.action} (${e.payload.reason})${
        e.payload.files.length ? `: ${e.payload.files.map((f) => `${f.path} [${f.signature}]`).join(', ')}` : ''
      }`;
    case 'session-locked':
      return `Session locked after ${e.payload.idleMinutes} minutes without use`;
    case 'tamper':
      switch (e.payload.kind) {
        case 'service-stopped':
          return `Monitoring stopped while in use (${e.payload.osUser ?? 'a user'} was logged in)`;
        case 'session-restarted':
          return `Monitoring was ended while in use and restarted: ${e.payload.detail}`;
        case 'session-unresponsive':
          return `Monitoring was frozen while in use, ended and restarted: ${e.payload.detail}`;
        case 'session-agent-missing':
          return `Logged in without monitoring, started by the service: ${e.payload.detail}`;
        case 'protected-file-changed':
          return `A protected Lookout file was changed: ${e.payload.detail}`;
        case 'session-flood':
          return `Too many events from a session (the excess was dropped): ${e.payload.detail}`;
        case 'extension-changed':
          return `The Lookout browser extension was tampered with: ${e.payload.detail}`;
      }
      break;
    case 'media-file-written':
      return `Copied to a removable drive: ${e.payload.path} (${e.payload.size} bytes, SHA-256 ${e.payload.sha256.slice(0, 12)}…)`;
  }
}

export function DevicePage({ canUninstall }: { canUninstall: boolean }) {
  const { id = '' } = useParams();
  const { watch } = useLive();
  const recent = useRecentEvents(id);
  const device = useLiveDevice(id);
  const [history, setHistory] = useState<DeviceActivityEvent[]>([]);
  const [error, setError] = useState<string | undefined>();

  // This device's state and activity, live (not its screen: that is the classroom's larger view).
  useEffect(() => {
    watch({ type: 'watch-device', deviceId: id, screen: false });
    return () => watch({ type: 'unwatch-device', deviceId: id });
  }, [id, watch]);

  useEffect(() => {
    api.deviceEvents(id, 100).then(setHistory, (err: unknown) => setError(String(err)));
  }, [id]);

  // Stored history plus what arrived live since, newest first, each sequence once.
  const activity = useMemo(() => {
    const bySeq = new Map<number, DeviceActivityEvent>();
    for (const e of [...history, ...recent]) bySeq.set(e.seq, e);
    return [...bySeq.values()].sort((a, b) => b.seq - a.seq).slice(0, 200);
  }, [history, recent]);

  return (
    <section>
      <p>
        <Link to="/devices">← All devices</Link>
      </p>
      {error && <p className="error">{error}</p>}
      {device ? <DeviceTile device={device} /> : <p className="muted">Loading device…</p>}
      {device && clockSkewed(device) && (
        <p className="warning" role="alert" data-testid="clock-skew">
          This PC&apos;s clock is {Math.abs(device.clockSkewSeconds ?? 0)} s{' '}
          {(device.clockSkewSeconds ?? 0) > 0 ? 'ahead of' : 'behind'} the console&apos;s. Times it reports are shown as
          it gave them; the console orders and keeps its data by when it arrived.
        </p>
      )}
      {device && (
        <dl className="device-facts">
          <dt>Operating system</dt>
          <dd>{device.os ? `${device.os.platform} ${device.os.release} (${device.os.arch})` : '—'}</dd>
          <dt>Clock</dt>
          <dd>
            {device.clockSkewSeconds === null
              ? 'not reported'
              : `${device.clockSkewSeconds > 0 ? '+' : ''}${device.clockSkewSeconds} s against the console`}
          </dd>
          <dt>Agent</dt>
          <dd>{device.agentVersion ?? '—'}</dd>
          <dt>Capabilities</dt>
          <dd>
            {Object.entries(device.capabilities).map(([name, status]) => (
              <span key={name} className={`capability capability--${status.available ? 'ok' : 'missing'}`}>
                {name}: {status.available ? 'working' : 'unavailable'}
                {status.reason ? ` (${status.reason})` : ''}
              </span>
            ))}
          </dd>
        </dl>
      )}
      <PolicyFacts deviceId={id} />
      {canUninstall && <UninstallCode deviceId={id} />}
      <h3>Recent activity</h3>
      <table className="activity" data-testid="activity">
        <thead>
          <tr>
            <th>Time</th>
            <th>User</th>
            <th>What</th>
          </tr>
        </thead>
        <tbody>
          {activity.map((e) => (
            <tr key={e.seq}>
              <td>{new Date(e.ts).toLocaleTimeString('en-GB')}</td>
              <td>{e.user ?? '—'}</td>
              <td>
                {describeEvent(e)}
                {e.type === 'keyword-matched' && 'alertId' in e.payload && (
                  <>
                    {' '}
                    <Link to={`/alerts/${e.payload.alertId}`}>open the alert</Link>
                  </>
                )}
                {e.type === 'media-inserted' && <GrantMedia volume={e.payload} />}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

/** Which policy this PC runs and why, for technicians ("why does this PC block gaming?"). */
function PolicyFacts({ deviceId }: { deviceId: string }) {
  const [explanation, setExplanation] = useState<Awaited<ReturnType<typeof api.explainPolicy>> | undefined>();
  useEffect(() => {
    api.explainPolicy(deviceId).then(setExplanation, () => setExplanation(undefined));
  }, [deviceId]);
  if (!explanation) return null;
  return (
    <div className="policy-facts" data-testid="policy-explanation">
      <h3>Policy</h3>
      <p>{explanation.summary}</p>
      <p className={explanation.upToDate ? 'muted' : 'error'}>
        {explanation.upToDate
          ? `Running the current version (${explanation.revision}).`
          : `Not yet running the current version (${explanation.revision}); it reports ${explanation.runningRevision ?? 'none'}.`}
      </p>
      {explanation.considered.length > 1 && (
        <ul>
          {explanation.considered.map((c) => (
            <li key={c.assignmentId}>
              {c.policyName} ({c.scope}): {c.verdict}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

/**
 * The code a technician needs to remove the agent from this PC (`dpkg -r` asks for it): fetched only when asked
 * for, since every showing is audited.
 */
function UninstallCode({ deviceId }: { deviceId: string }) {
  const [code, setCode] = useState<string | undefined>();
  const [error, setError] = useState<string | undefined>();
  return (
    <div className="uninstall-code" data-testid="uninstall-code">
      <h3>Removing the agent</h3>
      {code ? (
        <p>
          Uninstall code: <code>{code}</code> <CopyButton text={code} label="Copy the uninstall code" />
          <br />
          <span className="muted">
            On the PC: <code>sudo LOOKOUT_UNINSTALL_CODE={code} dpkg -r lookout-agent</code>
          </span>
        </p>
      ) : (
        <p>
          <Button
            className="ui-button"
            onPress={() =>
              api.uninstallCode(deviceId).then(
                (c) => setCode(c.code),
                (err: unknown) => setError(String(err)),
              )
            }
          >
            Show the uninstall code
          </Button>{' '}
          <span className="muted">
            Needed to remove the agent from this PC; showing it is recorded in the audit log.
          </span>
        </p>
      )}
      {error && <p className="error">{error}</p>}
    </div>
  );
}

/** A technician allows this drive (by serial, vendor:product or filesystem UUID), for a time or for good. */
function GrantMedia({ volume }: { volume: MediaVolume }) {
  const keys = [
    volume.serial && `${volume.serial}`,
    volume.vendor && volume.product && `${volume.vendor}:${volume.product}`,
    volume.fsUuid && `fs:${volume.fsUuid}`,
  ].filter((k): k is string => Boolean(k));
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState('');
  const [minutes, setMinutes] = useState('');
  const [done, setDone] = useState<string | undefined>();
  if (keys.length === 0) return null;
  if (done) return <span className="muted"> {done}</span>;
  if (!open)
    return (
      <button type="button" className="link" onClick={() => setOpen(true)}>
        Allow this drive
      </button>
    );
  return (
    <form
      className="filters"
      onSubmit={(e) => {
        e.preventDefault();
        api
          .grantMedia({ deviceKey: keys[0]!, label: volume.label, minutes: minutes ? Number(minutes) : null, reason })
          .then(
            (g) =>
              setDone(
                `Allowed (${g.deviceKey}${g.expiresAt ? ` until ${new Date(g.expiresAt).toLocaleString('en-GB')}` : ''}).`,
              ),
            (err: unknown) => setDone(String(err)),
          );
      }}
    >
      <input value={reason} onChange={(e) => setReason(e.target.value)} placeholder="Why" required minLength={3} />
      <input value={minutes} onChange={(e) => setMinutes(e.target.value)} placeholder="minutes (empty: for good)" />
      <button type="submit">Allow</button>
    </form>
  );
}
