import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

/**
 * Checkpoints the WAL into the database file from a worker thread with its own connection, so the checkpoint's
 * writes and fsyncs never stop the event loop (the main connection's automatic checkpoint is switched off).
 * PASSIVE: it copies what no reader still needs and never waits for the writer. Should the worker fail, the
 * main connection checkpoints again by itself (`fallback`), slower but never growing the WAL without bound.
 */
export class WalCheckpointer {
  private readonly worker: Worker;
  private closed = false;

  constructor(filename: string, intervalMs: number, fallback: () => void) {
    // An inline CommonJS worker: the same code runs from the built console and from its TypeScript tests.
    this.worker = new Worker(
      `const { parentPort, workerData } = require('node:worker_threads');
       const Database = require(workerData.driver);
       const db = new Database(workerData.filename);
       db.pragma('busy_timeout = 1000');
       const checkpoint = () => { try { db.pragma('wal_checkpoint(PASSIVE)'); } catch {} };
       const timer = setInterval(checkpoint, workerData.intervalMs);
       parentPort.on('message', () => {
         clearInterval(timer);
         checkpoint();
         db.close();
         parentPort.postMessage('closed');
       });`,
      {
        eval: true,
        workerData: { driver: createRequire(import.meta.url).resolve('better-sqlite3'), filename, intervalMs },
      },
    );
    this.worker.unref();
    const failed = () => {
      if (!this.closed) fallback();
    };
    this.worker.on('error', failed);
    this.worker.on('exit', failed);
  }

  /** Checkpoints once more, closes the worker's connection and ends it. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, 5_000);
      this.worker.once('message', () => {
        clearTimeout(timer);
        resolve();
      });
      this.worker.once('exit', () => {
        clearTimeout(timer);
        resolve();
      });
      this.worker.postMessage('close');
    });
    await this.worker.terminate();
  }
}
