import type { ConcernForm, ConcernReportMessage } from '@lookout/shared';

/** Concerns not yet acknowledged by the console; kept on disk so a report survives a restart or a lost network. */
export interface ConcernStore {
  add(report: ConcernReportMessage): Promise<void>;
  pending(): Promise<ConcernReportMessage[]>;
  remove(id: string): Promise<void>;
}

function hourOf(date: Date): string {
  const hour = new Date(date.getTime());
  hour.setUTCMinutes(0, 0, 0);
  return hour.toISOString();
}

export interface ConcernReporterDeps {
  store: ConcernStore;
  /** Sends now if connected; false when not (the report waits in the store). */
  send(report: ConcernReportMessage): boolean;
  currentUser(): string | null;
  clock(): Date;
  newId(): string;
}

/**
 * A pupil's or staff member's report of a concern, kept until the console acknowledges it. An anonymous report
 * is stripped of the user here, before it is stored or sent.
 */
export class ConcernReporter {
  constructor(private readonly deps: ConcernReporterDeps) {}

  /** `user`: who is reporting, when the caller knows (the service, from the socket's peer). */
  async report(form: ConcernForm, user: string | null = this.deps.currentUser()): Promise<ConcernReportMessage> {
    const report: ConcernReportMessage = {
      type: 'concern-report',
      id: this.deps.newId(),
      // Anonymous: only the hour, from the start (on disk and on the wire too), as a minute could be matched
      // against who sat at this PC.
      reportedAt: form.anonymous ? hourOf(this.deps.clock()) : this.deps.clock().toISOString(),
      category: form.category,
      text: form.text,
      anonymous: form.anonymous,
      user: form.anonymous ? null : user,
    };
    await this.deps.store.add(report);
    this.deps.send(report);
    return report;
  }

  /** After (re)connecting: everything not yet acknowledged goes again (the console stores each once). */
  async flush(): Promise<void> {
    for (const report of await this.deps.store.pending()) if (!this.deps.send(report)) return;
  }

  acknowledged(id: string): Promise<void> {
    return this.deps.store.remove(id);
  }
}
