import { useEffect, useState } from 'react';

const format = new Intl.RelativeTimeFormat('en-GB', { numeric: 'auto' });

function describe(iso: string, now: number): string {
  const seconds = Math.round((new Date(iso).getTime() - now) / 1000);
  if (Math.abs(seconds) < 60) return format.format(seconds, 'second');
  if (Math.abs(seconds) < 3600) return format.format(Math.round(seconds / 60), 'minute');
  if (Math.abs(seconds) < 86_400) return format.format(Math.round(seconds / 3600), 'hour');
  return format.format(Math.round(seconds / 86_400), 'day');
}

/** "5 seconds ago", kept fresh; the exact time on hover. */
export function RelativeTime({ iso }: { iso: string | null }) {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 5000);
    return () => clearInterval(timer);
  }, []);
  if (!iso) return <span>never</span>;
  return (
    <time dateTime={iso} title={new Date(iso).toLocaleString('en-GB')}>
      {describe(iso, now)}
    </time>
  );
}
