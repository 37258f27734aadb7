import { randomUUID } from 'node:crypto';
import {
  checkAddress,
  checkIdIn,
  isCheckMatch,
  PASSING_CHECK_OUTCOMES,
  type CheckOutcome,
  type CheckResult,
  type CheckRunRequest,
  type CheckRunResponse,
  type StaffUser,
  type StoredEvent,
} from '@lookout/shared';
import type { AgentGateway } from '../gateway/AgentGateway.js';
import { HttpError } from '../http/HttpError.js';
import type { AuditLog } from '../store/AuditLog.js';
import type { CheckStore } from '../store/CheckStore.js';
import type { Transactor } from '../store/ConsoleDatabase.js';
import type { DeviceService } from './DeviceService.js';

export interface CheckServiceOptions {
  /** The console's address as agents reach it (the test addresses are on it). */
  consoleUrl(): string;
  /** The categories the policy in force on a PC blocks. */
  blockedCategoriesFor(deviceId: string): readonly string[];
  now(): Date;
  /** How long a PC has to answer the command. */
  commandTimeoutMs?: number;
  /** How long the test phrase's alert has to come back through the PC's outbox. */
  alertTimeoutMs?: number;
}

/**
 * Checks (the DfE standard asks that they are recorded): chosen PCs prove that each blocked category's test
 * address is blocked by their filter, and that the reserved test phrase raises an alert that comes all the way back
 * to the console. The alert is matched to its run by the run id in its text and never enters the DSL's queue.
 * Every run is audited with its results, in the transaction that stores them.
 */
export class CheckService {
  /** Check id → what to call when its alert arrives. */
  private readonly waiting = new Map<string, { deviceId: string; arrived(): void }>();

  constructor(
    private readonly db: Transactor,
    private readonly store: CheckStore,
    private readonly gateway: AgentGateway,
    private readonly devices: DeviceService,
    private readonly audit: AuditLog,
    private readonly options: CheckServiceOptions,
  ) {}

  /** Fed every stored batch: a check alert from the PC the check went to settles its wait. */
  eventsStored(events: readonly StoredEvent[]): void {
    for (const e of events) {
      if (e.type !== 'keyword-matched' || !isCheckMatch(e.payload)) continue;
      const id = checkIdIn(e.payload.context);
      const wait = id ? this.waiting.get(id) : undefined;
      if (wait && wait.deviceId === e.deviceId) wait.arrived();
    }
  }

  recent(limit: number): Promise<CheckResult[]> {
    return this.store.recent(limit);
  }

  async run(user: StaffUser, request: CheckRunRequest): Promise<CheckRunResponse> {
    const runId = randomUUID();
    const runAt = this.options.now().toISOString();
    const targets = await Promise.all(
      [...new Set(request.deviceIds)].map(async (id) => {
        const device = await this.devices.summary(id);
        if (!device) throw new HttpError(404, 'not-found', `no device ${id}`);
        return device;
      }),
    );
    const results = (
      await Promise.all(
        targets.map((device) => this.checkDevice(device.id, device.hostname, request, runId, user.username, runAt)),
      )
    ).flat();
    await this.db.transaction(async (tx) => {
      await this.store.insert(results, tx);
      await this.audit.append(
        {
          actor: user.username,
          action: 'check.run',
          target: runId,
          details: {
            devices: targets.map((d) => d.hostname),
            passed: results.filter((r) => r.passed).length,
            failed: results
              .filter((r) => !r.passed)
              .map((r) => `${r.hostname}: ${r.category ?? 'test phrase'} ${r.outcome}`),
          },
        },
        tx,
      );
    });
    return { runId, results };
  }

  private async checkDevice(
    deviceId: string,
    hostname: string,
    request: CheckRunRequest,
    runId: string,
    runBy: string,
    runAt: string,
  ): Promise<CheckResult[]> {
    const categories = request.categories ?? this.options.blockedCategoriesFor(deviceId);
    const addresses = categories.map((category) => ({
      category,
      url: checkAddress(this.options.consoleUrl(), category),
    }));
    const result = (
      kind: CheckResult['kind'],
      category: string | null,
      outcome: CheckOutcome,
      detail: string,
    ): CheckResult => ({
      runId,
      deviceId,
      hostname,
      kind,
      category,
      outcome,
      passed: PASSING_CHECK_OUTCOMES.includes(outcome),
      detail,
      runBy,
      runAt,
    });
    const checkId = randomUUID();
    let alertArrived = false;
    let settle: () => void = () => undefined;
    const arrival = new Promise<void>((resolve) => (settle = resolve));
    if (request.phrase) {
      this.waiting.set(checkId, {
        deviceId,
        arrived: () => {
          alertArrived = true;
          settle();
        },
      });
    }
    try {
      const reply = await this.gateway.sendCommand(
        deviceId,
        checkId,
        { name: 'run-check', checkId, addresses, phrase: request.phrase },
        this.options.commandTimeoutMs ?? 20_000,
      );
      if (reply.status !== 'ok' || !reply.check) {
        const outcome: CheckOutcome =
          reply.status === 'offline' || reply.status === 'timeout' || reply.status === 'unsupported'
            ? reply.status
            : 'failed';
        const detail = reply.detail ?? (reply.status === 'ok' ? 'this agent does not run checks' : reply.status);
        return [
          ...categories.map((c) => result('blocks', c, outcome, detail)),
          ...(request.phrase ? [result('alerts', null, outcome, detail)] : []),
        ];
      }
      const found = new Map(reply.check.addresses.map((a) => [a.category, a]));
      const blocks = categories.map((c) => {
        const a = found.get(c);
        if (!a) return result('blocks', c, 'failed', 'the PC did not report this address');
        return a.blocked
          ? result('blocks', c, 'blocked', `the test address was blocked (${a.reason})`)
          : result('blocks', c, 'not-blocked', `the test address was allowed (${a.reason})`);
      });
      if (!request.phrase) return blocks;
      // The alert travels through the PC's outbox like any other: it may come just after the command's answer.
      const timeoutMs = this.options.alertTimeoutMs ?? 30_000;
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([arrival, new Promise<void>((resolve) => (timer = setTimeout(resolve, timeoutMs)))]);
      clearTimeout(timer);
      return [
        ...blocks,
        alertArrived
          ? result('alerts', null, 'alerted', 'the test phrase raised an alert that reached the console')
          : result('alerts', null, 'no-alert', `no alert reached the console within ${timeoutMs / 1000} s`),
      ];
    } finally {
      this.waiting.delete(checkId);
    }
  }
}
