/**
 * Whose policy inputs changed: the whole school, a site, a room, a group (its members), or one device (its room,
 * its signed-in user). Matches an assignment's scope and target, plus `device`.
 */
export type PolicyTarget =
  { scope: 'school' } | { scope: 'site' | 'room' | 'device-group' | 'user-group' | 'device'; id: string };

export interface PolicyDistributorPorts {
  /** The devices a target concerns (connected or not), from in-memory indexes; `everyone` for the school. */
  devicesIn(target: PolicyTarget): Iterable<string> | 'everyone';
  /** The connected devices. */
  connected(): Iterable<string>;
  isConnected(deviceId: string): boolean;
  /** Works out one device's policy now and sends it if its revision changed. */
  push(deviceId: string): void;
  /** Runs `run` after `ms`; the result cancels it. */
  schedule(run: () => void, ms: number): () => void;
  onError(deviceId: string, err: Error): void;
}

export interface PolicyDistributorOptions {
  /** How long changes gather before a round starts (from the first of them: a stream cannot postpone it). */
  delayMs: number;
  /** Devices worked out per turn of the event loop, so a school-wide round does not stall live traffic. */
  sliceSize: number;
}

/**
 * Pushes policies to the connected devices a change concerns, and only to them. Changes gather for at most
 * `delayMs` after the first one (a throttle, not a debounce: a steady stream of changes still gets rounds), a
 * round works its devices out in slices, and what changes during a round is picked up by the next one.
 */
export class PolicyDistributor {
  private everyone = false;
  private readonly pending = new Map<string, PolicyTarget>();
  private cancel: (() => void) | undefined;
  private round: { devices: string[]; next: number } | undefined;
  private rounds = 0;
  private checked = 0;

  constructor(
    private readonly ports: PolicyDistributorPorts,
    private readonly options: PolicyDistributorOptions = { delayMs: 50, sliceSize: 500 },
  ) {}

  invalidate(target: PolicyTarget): void {
    if (target.scope === 'school') this.everyone = true;
    else if (!this.everyone) this.pending.set(`${target.scope}:${target.id}`, target);
    this.arm();
  }

  stats(): { rounds: number; devicesChecked: number } {
    return { rounds: this.rounds, devicesChecked: this.checked };
  }

  stop(): void {
    this.cancel?.();
    this.cancel = undefined;
    this.round = undefined;
  }

  private arm(): void {
    if (this.cancel || this.round) return;
    this.cancel = this.ports.schedule(() => this.startRound(), this.options.delayMs);
  }

  private startRound(): void {
    this.cancel = undefined;
    const devices = new Set<string>();
    if (this.everyone) {
      for (const id of this.ports.connected()) devices.add(id);
    } else {
      for (const target of this.pending.values()) {
        const ids = this.ports.devicesIn(target);
        if (ids === 'everyone') {
          for (const id of this.ports.connected()) devices.add(id);
          break;
        }
        for (const id of ids) if (this.ports.isConnected(id)) devices.add(id);
      }
    }
    this.everyone = false;
    this.pending.clear();
    this.rounds++;
    this.round = { devices: [...devices], next: 0 };
    this.runSlice();
  }

  private runSlice(): void {
    const round = this.round;
    this.cancel = undefined;
    if (!round) return;
    const end = Math.min(round.devices.length, round.next + this.options.sliceSize);
    for (; round.next < end; round.next++) {
      const id = round.devices[round.next]!;
      this.checked++;
      try {
        this.ports.push(id);
      } catch (err) {
        this.ports.onError(id, err as Error);
      }
    }
    if (round.next < round.devices.length) {
      this.cancel = this.ports.schedule(() => this.runSlice(), 0);
      return;
    }
    this.round = undefined;
    if (this.everyone || this.pending.size > 0) this.arm();
  }
}
