import { useEffect, useRef, useState } from 'react';
import { Link } from 'react-router';
import { useVirtualizer } from '@tanstack/react-virtual';
import { SearchField, Input, Label, Switch } from 'react-aria-components';
import { useQuery } from '@tanstack/react-query';
import { api } from '../api/ApiClient';
import { useLive, useLiveList } from '../live/useLive';
import { listWindow } from '../live/listWindow';
import { DeviceRow } from '../components/DeviceRow';

const ROW_HEIGHT = 44;
/** Rows kept loaded beyond the screen either way, so scrolling shows devices, not placeholders. */
const MARGIN = 60;

/**
 * Every device in one scrolling list, however many: only the rows on screen are in the page, and the console sends
 * only the window of the list around them (and that window's changes). Each row follows its own device.
 */
export function DevicesPage() {
  const { watch } = useLive();
  const list = useLiveList();
  const [text, setText] = useState('');
  const [withoutExtension, setWithoutExtension] = useState(false);
  // How many PCs have no browser running the Lookout extension (their filter is not enforced in the browser).
  const extension = useQuery({
    queryKey: ['browser-extension-count'],
    queryFn: api.browserExtensionCount,
    refetchInterval: 30_000,
  });
  const [want, setWant] = useState({ page: 0, pageSize: 2 * MARGIN });
  const scrollRef = useRef<HTMLDivElement>(null);
  const total = list?.total ?? 0;

  // The page re-renders as it scrolls (that is how the virtualiser works); rows are memoised on their own.
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({
    count: total,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 10,
  });
  const items = virtualizer.getVirtualItems();
  const first = items[0]?.index ?? 0;
  const last = items.at(-1)?.index ?? 0;

  // Ask for another window only when what is on screen leaves the one held (not on every row scrolled).
  const held = list && list.view.page === want.page && list.view.pageSize === want.pageSize ? list : undefined;
  const covered = held !== undefined && first >= held.offset && last < held.offset + Math.max(held.ids.length, 1);
  useEffect(() => {
    if (covered && held.ids.length > 0) return;
    const next = listWindow(first, last, total, MARGIN);
    setWant((prev) => (prev.page === next.page && prev.pageSize === next.pageSize ? prev : next));
  }, [covered, held, first, last, total]);
  useEffect(() => {
    const filter = { ...(text ? { text } : {}), ...(withoutExtension ? { withoutExtension } : {}) };
    watch({ type: 'subscribe-devices', ...want, ...(text || withoutExtension ? { filter } : {}) });
  }, [want, text, withoutExtension, watch]);
  useEffect(() => () => watch({ type: 'unsubscribe-devices' }), [watch]);

  const idAt = (index: number) => (list ? list.ids[index - list.offset] : undefined);
  return (
    <section className="page page--devices">
      <header className="page-head">
        <h1>Devices</h1>
        <span className="muted" data-testid="device-count" aria-live="polite">
          {total === 0 ? 'none' : `${total.toLocaleString('en-GB')} ${total === 1 ? 'device' : 'devices'}`}
        </span>
        <SearchField
          className="ui-field ui-field--inline"
          value={text}
          onChange={(value) => {
            setText(value);
            setWant({ page: 0, pageSize: 2 * MARGIN });
            scrollRef.current?.scrollTo({ top: 0 });
          }}
        >
          <Label>Find a device</Label>
          <Input className="ui-input" placeholder="Hostname or user" />
        </SearchField>
        <Switch
          className="ui-switch"
          isSelected={withoutExtension}
          onChange={(on) => {
            setWithoutExtension(on);
            setWant({ page: 0, pageSize: 2 * MARGIN });
            scrollRef.current?.scrollTo({ top: 0 });
          }}
        >
          <span className="ui-switch__track" aria-hidden="true" />
          Only PCs without the browser extension
        </Switch>
      </header>
      {extension.data && extension.data.without > 0 && (
        <p className="warning" data-testid="without-extension">
          {extension.data.without.toLocaleString('en-GB')} of {extension.data.total.toLocaleString('en-GB')} PCs have no
          browser running the Lookout extension: web filtering and monitoring are not enforced in their browsers.
        </p>
      )}
      {list && total === 0 && !text && (
        <p className="empty">
          No devices yet. <Link to="/enrolment">Create an enrolment token</Link> and run its install command on a PC.
        </p>
      )}
      <div className="device-list__head" aria-hidden="true">
        <span>PC</span>
        <span>State</span>
        <span>Signed in</span>
        <span>App</span>
        <span>Window</span>
        <span>Last seen</span>
      </div>
      <div ref={scrollRef} className="device-list" data-testid="device-list">
        <div
          role="list"
          aria-label="Devices"
          className="device-list__inner"
          style={{ height: virtualizer.getTotalSize() }}
        >
          {items.map((item) => {
            const id = idAt(item.index);
            return (
              <div
                key={item.key}
                role="listitem"
                aria-setsize={total}
                aria-posinset={item.index + 1}
                className="device-list__row"
                style={{ transform: `translateY(${item.start}px)`, height: ROW_HEIGHT }}
              >
                {id ? <DeviceRow id={id} /> : <span className="device-row device-row--loading">…</span>}
              </div>
            );
          })}
        </div>
      </div>
    </section>
  );
}
