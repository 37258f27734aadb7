import { useEffect, useState } from 'react';
import type { DeviceSummary } from '@lookout/shared';
import type { LiveDevices } from '../api/useLiveDevices';
import { DeviceTile } from '../components/DeviceTile';

const PAGE_SIZE = 100;

/** One page of the devices, live: the console sends this page's devices and their changes, nothing more. */
export function DevicesPage({ live }: { live: LiveDevices }) {
  const { watch } = live;
  const [page, setPage] = useState(0);
  const [text, setText] = useState('');

  useEffect(() => {
    watch({ type: 'subscribe-devices', page, pageSize: PAGE_SIZE, ...(text ? { filter: { text } } : {}) });
  }, [page, text, watch]);
  useEffect(() => () => watch({ type: 'unsubscribe-devices' }), [watch]);

  const list = live.list;
  const devices = (list?.ids ?? [])
    .map((id) => live.devices.get(id))
    .filter((d): d is DeviceSummary => d !== undefined)
    .sort((a, b) => a.hostname.localeCompare(b.hostname));
  const online = devices.filter((d) => d.online).length;
  const total = list?.total ?? 0;
  const first = page * PAGE_SIZE;
  return (
    <section>
      <header className="page-head">
        <h2>Devices</h2>
        <span className="muted" data-testid="device-count">
          {total === 0
            ? 'none'
            : `${first + 1}–${first + devices.length} of ${total} · ${online} of these ${devices.length} online`}
        </span>
        <input
          type="search"
          placeholder="Hostname or user"
          aria-label="Find a device"
          value={text}
          onChange={(e) => {
            setText(e.target.value);
            setPage(0);
          }}
        />
        <button type="button" disabled={page === 0} onClick={() => setPage((p) => Math.max(0, p - 1))}>
          Previous
        </button>
        <button type="button" disabled={first + PAGE_SIZE >= total} onClick={() => setPage((p) => p + 1)}>
          Next
        </button>
      </header>
      {list && total === 0 && !text && live.state === 'live' && (
        <p className="empty">
          No devices yet. Create an enrolment token (POST /api/enrolment-tokens: it comes with the command to run) and
          run <code>lookout-agent --server URL --ca-pin PIN --enrol TOKEN</code> on a PC.
        </p>
      )}
      <div className="device-grid">
        {devices.map((d) => (
          <DeviceTile key={d.id} device={d} />
        ))}
      </div>
    </section>
  );
}
