import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { AgentEvent, StoredEvent } from '@lookout/shared';
import type { Logger } from '../config/Logger.js';
import type { EventAppender } from './EventStore.js';
import type { EventWrite, FromEventWriter, ToEventWriter } from './eventWriterMessages.js';

/** The thread's module, built beside this one (the TypeScript sources run under vitest have none: see `available`). */
const THREAD_MODULE = new URL('./EventWriterThread.js', import.meta.url);

/** How long to wait before starting the thread again after it stopped, doubling up to the last. */
const RESTART_DELAYS_MS = [100, 500, 2_000, 5_000];

/** Alerts of unconfirmed writes remembered at most (a PC that never sends them again is forgotten, oldest first). */
const UNCONFIRMED_ALERTS = 10_000;

/** The parent's node options a thread takes over (a test runner's loader or `--input-type` would break it). */
const THREAD_NODE_OPTIONS = ['--cpu-prof', '--heap-prof', '--max-old-space-size', '--enable-source-maps'];

interface InFlight {
  write: EventWrite;
  resolve: (fresh: number[]) => void;
  reject: (error: Error) => void;
}

/**
 * Agents' events stored off the main thread (SQLite only): a worker thread with its own connection runs the same
 * EventStore and group writer, and this side hands it the gateway's batches, many a message (gathered over one
 * turn of the event loop), and gets back which events were new once they are committed and flushed. The gateway
 * acks and fans out on that answer, as it did on the in-thread store's.
 *
 * If the thread dies, what it held is rejected (never reported stored: the agents send those batches again, and
 * what it had already committed is then recognised as a resend) and a new thread is started; writes wait for it.
 * An alert among what it held is reported stored when it comes again even if it was committed (once): otherwise
 * it would be in the queue but never announced live.
 */
export class EventWriterWorker implements EventAppender {
  private worker: Worker | undefined;
  private ready = false;
  private closing = false;
  private nextRef = 1;
  /** Written to the thread, awaiting its result. */
  private readonly inFlight = new Map<number, InFlight>();
  /** Not yet sent: this turn's writes, or everything while the thread (re)starts. */
  private queued: InFlight[] = [];
  private flushScheduled = false;
  private restarts = 0;
  private restartTimer: NodeJS.Timeout | undefined;
  private closed: (() => void) | undefined;
  /**
   * Alerts in writes the thread took and never confirmed, by device and sequence (with the event's id): perhaps
   * committed, never announced. When the agent sends one again and the store finds it already there, it is
   * reported as new all the same, once, so that the DSL hears of it live. By device first: other devices' batches
   * pass with one lookup. At most UNCONFIRMED_ALERTS in all (the oldest device's forgotten first).
   */
  private readonly unconfirmedAlerts = new Map<string, Map<number, string>>();
  private unconfirmedCount = 0;

  private constructor(
    private readonly filename: string,
    private readonly groupWindowMs: number,
    private readonly log: Logger,
    private readonly now: () => Date,
  ) {}

  /** Whether the thread's module exists (the built console: yes; its TypeScript sources under vitest: no). */
  static available(): boolean {
    return existsSync(fileURLToPath(THREAD_MODULE));
  }

  /** Starts the thread on an already migrated database and resolves once it has its connection. */
  static async start(
    filename: string,
    options: { groupWindowMs: number; log: Logger; now: () => Date },
  ): Promise<EventWriterWorker> {
    const writer = new EventWriterWorker(filename, options.groupWindowMs, options.log, options.now);
    await writer.spawn(true);
    return writer;
  }

  /** Times the thread was started again after it stopped. */
  get restartCount(): number {
    return this.restarts;
  }

  /** The new events, and any alert a lost result left unannounced (see `unconfirmedAlerts`). */
  async appendBatch(deviceId: string, events: readonly AgentEvent[]): Promise<StoredEvent[]> {
    const receivedAt = this.now().toISOString();
    const fresh = await this.submit({ priority: false, deviceId, events: [...events], receivedAt });
    return this.news(deviceId, events, fresh).map((i) => ({ ...events[i]!, receivedAt }) as StoredEvent);
  }

  async appendPriority(deviceId: string, event: AgentEvent): Promise<StoredEvent | undefined> {
    const receivedAt = this.now().toISOString();
    const fresh = await this.submit({ priority: true, deviceId, events: [event], receivedAt });
    return this.news(deviceId, [event], fresh).length > 0 ? ({ ...event, receivedAt } as StoredEvent) : undefined;
  }

  /**
   * Which of a write's events to report stored: those the store found new, and alerts it found already there that
   * an unconfirmed write may have committed unannounced. Either way each such alert is then forgotten, so a later
   * resend (an ack lost on the way) announces nothing twice.
   */
  private news(deviceId: string, events: readonly AgentEvent[], fresh: readonly number[]): number[] {
    const ofDevice = this.unconfirmedAlerts.get(deviceId);
    if (!ofDevice) return [...fresh];
    const isFresh = new Set(fresh);
    const news: number[] = [];
    events.forEach((event, i) => {
      const unconfirmed = ofDevice.get(event.seq) === event.id;
      if (unconfirmed) {
        ofDevice.delete(event.seq);
        this.unconfirmedCount--;
      }
      if (isFresh.has(i) || unconfirmed) news.push(i);
    });
    if (ofDevice.size === 0) this.unconfirmedAlerts.delete(deviceId);
    return news;
  }

  /** The alerts of a write sent to a thread that stopped before answering: perhaps committed, never announced. */
  private rememberUnconfirmed(write: EventWrite): void {
    for (const event of write.events) {
      if (event.type !== 'keyword-matched') continue;
      let ofDevice = this.unconfirmedAlerts.get(write.deviceId);
      if (!ofDevice) this.unconfirmedAlerts.set(write.deviceId, (ofDevice = new Map()));
      if (!ofDevice.has(event.seq)) this.unconfirmedCount++;
      ofDevice.set(event.seq, event.id);
      while (this.unconfirmedCount > UNCONFIRMED_ALERTS) {
        const [oldest, alerts] = this.unconfirmedAlerts.entries().next().value!;
        this.unconfirmedCount -= alerts.size;
        this.unconfirmedAlerts.delete(oldest);
      }
    }
  }

  /** Lets the thread commit what it holds, closes its connection and ends it. */
  async close(): Promise<void> {
    if (this.closing) return;
    this.closing = true;
    clearTimeout(this.restartTimer);
    const worker = this.worker;
    if (worker && this.ready) {
      this.flush();
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, 10_000);
        this.closed = () => {
          clearTimeout(timer);
          resolve();
        };
        worker.postMessage({ type: 'close' } satisfies ToEventWriter);
      });
    }
    await worker?.terminate();
    this.failAll(new Error('the console is closing'));
  }

  private submit(write: Omit<EventWrite, 'ref'>): Promise<number[]> {
    if (this.closing) return Promise.reject(new Error('the console is closing'));
    return new Promise<number[]>((resolve, reject) => {
      this.queued.push({ write: { ref: this.nextRef++, ...write }, resolve, reject });
      if (!this.flushScheduled && this.ready) {
        this.flushScheduled = true;
        // Whatever arrives in this turn of the event loop goes over together.
        setImmediate(() => this.flush());
      }
    });
  }

  private flush(): void {
    this.flushScheduled = false;
    if (!this.worker || !this.ready || this.queued.length === 0) return;
    const batch = this.queued.splice(0);
    for (const item of batch) this.inFlight.set(item.write.ref, item);
    this.worker.postMessage({ type: 'writes', writes: batch.map((item) => item.write) } satisfies ToEventWriter);
  }

  /** `initial`: the console's start, which fails if the thread cannot open the database; later starts retry. */
  private spawn(initial: boolean): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      const worker = new Worker(THREAD_MODULE, {
        workerData: { filename: this.filename, groupWindowMs: this.groupWindowMs },
        // Only the node options that concern a thread (profiling, heap): not how the process loaded its code.
        execArgv: process.execArgv.filter((arg) => THREAD_NODE_OPTIONS.some((option) => arg.startsWith(option))),
      });
      this.worker = worker;
      this.ready = false;
      let started = false;
      worker.on('message', (message: FromEventWriter) => {
        switch (message.type) {
          case 'ready':
            started = true;
            this.ready = true;
            resolve();
            this.flush();
            return;
          case 'results':
            for (const result of message.results) {
              const item = this.inFlight.get(result.ref);
              if (!item) continue;
              this.inFlight.delete(result.ref);
              if (result.ok) item.resolve(result.fresh);
              else item.reject(new Error(result.error));
            }
            return;
          case 'failed':
            this.log.error(`the event writer could not open the database: ${message.error}`);
            return;
          case 'closed':
            this.closed?.();
            return;
        }
      });
      worker.on('error', (err) => this.log.error(`the event writer stopped: ${err.stack ?? err.message}`));
      worker.on('exit', (code) => {
        if (this.worker !== worker) return;
        this.worker = undefined;
        this.closed?.();
        this.ready = false;
        // Nothing it held may be reported stored: the agents send it again (a committed part is then a resend).
        // One that never started leaves what waited for it refused too (nothing hangs on a thread that fails).
        this.failAll(new Error('the event writer stopped before confirming this batch'), !started);
        if (this.closing) return;
        if (!started) reject(new Error(`the event writer could not start (exit code ${code})`));
        // It never got its connection at the console's start: the start fails rather than run without storage.
        if (initial && !started) return;
        const delay = RESTART_DELAYS_MS[Math.min(this.restarts, RESTART_DELAYS_MS.length - 1)]!;
        this.restarts++;
        this.log.error(`the event writer exited (code ${code}); starting it again in ${delay} ms`);
        this.restartTimer = setTimeout(() => {
          this.spawn(false).catch((err: Error) => this.log.error(err.message));
        }, delay);
      });
    });
  }

  /** Rejects what was sent to the thread (and, closing, what never was). */
  private failAll(error: Error, queuedToo = true): void {
    for (const item of this.inFlight.values()) {
      this.rememberUnconfirmed(item.write);
      item.reject(error);
    }
    this.inFlight.clear();
    if (queuedToo) for (const item of this.queued.splice(0)) item.reject(error);
  }
}
