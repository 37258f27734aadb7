// Delivery-path throughput, each as a ratio to a raw SQLite baseline measured in the same run on the same
// machine (so the numbers compare across machines).
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sqlite3 from 'sqlite3';
import { open } from 'sqlite';
import WebSocket from 'ws';
import { SqliteOutboxStore } from '@lookout/agent';

const root = join(import.meta.dirname, '..', '..');
const INGEST_EVENTS = 20_000;
const BATCH = 200;
const OUTBOX_EVENTS = 5_000;
const work = mkdtempSync(join(tmpdir(), 'lookout-bench-'));

const event = (deviceId, seq) => ({
  id: randomUUID(),
  deviceId,
  seq,
  ts: new Date().toISOString(),
  user: 'pupil',
  type: 'window-changed',
  payload: { app: 'chromium', title: `Bench window ${seq} — a typical tab title of some length`, pid: 4242 },
});

async function time(fn) {
  const start = process.hrtime.bigint();
  await fn();
  return Number(process.hrtime.bigint() - start) / 1e9;
}

/** The floor: the same rows into a same-shaped table, synchronous=FULL, one transaction per batch. */
async function baselineRawSqlite() {
  const db = await open({ filename: join(work, 'baseline.sqlite'), driver: sqlite3.Database });
  await db.exec(`PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL;
    CREATE TABLE events (device_id TEXT, seq INTEGER, id TEXT, ts TEXT, type TEXT, user_name TEXT, payload_json TEXT,
    received_at TEXT, PRIMARY KEY (device_id, seq))`);
  const deviceId = randomUUID();
  const seconds = await time(async () => {
    for (let start = 1; start <= INGEST_EVENTS; start += BATCH) {
      await db.exec('BEGIN');
      for (let seq = start; seq < start + BATCH; seq++) {
        const e = event(deviceId, seq);
        await db.run(
          'INSERT INTO events VALUES (?,?,?,?,?,?,?,?)',
          deviceId,
          seq,
          e.id,
          e.ts,
          e.type,
          e.user,
          JSON.stringify(e.payload),
          e.ts,
        );
      }
      await db.exec('COMMIT');
    }
  });
  await db.close();
  return INGEST_EVENTS / seconds;
}

/** Events/s through the real console: websocket, validation, idempotent store, ack after commit. */
async function consoleIngest() {
  const server = spawn(process.execPath, [join(root, 'console/server/dist/cli/lookoutConsole.js')], {
    env: {
      ...process.env,
      LOOKOUT_PORT: '0',
      LOOKOUT_DATA_DIR: join(work, 'console'),
      LOOKOUT_ADMIN_PASSWORD: 'bench-password-1',
    },
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  try {
    const url = await new Promise((resolve, reject) => {
      let out = '';
      server.stdout.on('data', (d) => {
        out += d;
        const m = /listening on (\S+)/.exec(out);
        if (m) resolve(m[1]);
      });
      server.on('exit', () => reject(new Error('console exited')));
    });
    const post = async (path, body, cookie) => {
      const r = await fetch(url + path, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(cookie ? { cookie } : {}) },
        body: JSON.stringify(body),
      });
      return { r, body: await r.json() };
    };
    const signIn = await post('/api/session', { username: 'admin', password: 'bench-password-1' });
    const cookie = signIn.r.headers.get('set-cookie').split(';')[0];
    const token = (await post('/api/enrolment-tokens', {}, cookie)).body.token;
    const { deviceId, credential } = (
      await post('/api/enrol', { token, hostname: 'BENCH', os: { platform: 'linux', release: 'x', arch: 'x64' } })
    ).body;

    const socket = new WebSocket(url.replace(/^http/, 'ws') + '/agent');
    const frames = [];
    let waiter;
    socket.on('message', (d) => {
      frames.push(JSON.parse(d.toString()));
      waiter?.();
    });
    await new Promise((r) => socket.once('open', r));
    const next = (type) =>
      new Promise((resolve) => {
        const check = () => {
          const i = frames.findIndex((f) => f.type === type);
          if (i >= 0) resolve(frames.splice(i, 1)[0]);
          else waiter = check;
        };
        check();
      });
    socket.send(JSON.stringify({ type: 'hello', protocolVersion: 1, deviceId, credential, agentVersion: 'bench' }));
    await next('welcome');
    const seconds = await time(async () => {
      for (let start = 1; start <= INGEST_EVENTS; start += BATCH) {
        const events = Array.from({ length: BATCH }, (_, i) => event(deviceId, start + i));
        socket.send(JSON.stringify({ type: 'event-batch', events }));
        await next('ack');
      }
    });
    socket.close();
    return INGEST_EVENTS / seconds;
  } finally {
    server.kill();
  }
}

/** Events/s the agent can record into its durable outbox, one statement each as the collectors do. */
async function outboxAppend() {
  const outbox = await SqliteOutboxStore.open(join(work, 'outbox.sqlite'));
  const seconds = await time(async () => {
    for (let i = 0; i < OUTBOX_EVENTS; i++) {
      const { deviceId: _d, seq: _s, ...draft } = event('x', 1);
      await outbox.append(draft);
    }
  });
  await outbox.close();
  return OUTBOX_EVENTS / seconds;
}

export async function deliveryBench() {
  try {
    const baseline = await baselineRawSqlite();
    const ingest = await consoleIngest();
    const outbox = await outboxAppend();
    const row = (name, rate) =>
      `${name.padEnd(44)} ${rate.toFixed(0).padStart(8)} events/s   ${(rate / baseline).toFixed(2)}× baseline`;
    console.log(row('baseline: raw SQLite inserts, batches of 200', baseline));
    console.log(row('console ingest over websocket (batches of 200)', ingest));
    console.log(row('agent outbox append (one event per statement)', outbox));
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
