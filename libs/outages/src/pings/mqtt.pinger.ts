import { randomBytes } from 'node:crypto';
import type { MqttClient } from 'mqtt';
import type { PingPort, Scheduler } from '../engine/ports';

export interface PingOutcome {
  answered(meter: number, at: number): void;
  unanswered(meter: number): void;
}

/** On-demand reads in flight at once; the rest wait their turn. */
const MAX_IN_FLIGHT = 500;
const SWEEP_MS = 1_000;

/**
 * On-demand reads (CONTRACT 1.5): `{requestId, op: 'read'}` on `…/meters/{id}/cmd`. Any reading
 * from the meter after the request — its reply, or an ordinary reading — answers it; nothing
 * within the timeout is "unanswered" (evidence, not proof, of lost supply).
 */
export class MqttPinger implements PingPort {
  private readonly waiting: number[] = [];
  private readonly queued = new Set<number>();
  /** Meter → deadline (receive clock). */
  private readonly inFlight = new Map<number, number>();
  private readonly sweep: NodeJS.Timeout;
  private seq = 0;
  private readonly prefix = randomBytes(3).toString('hex');
  outcome: PingOutcome | null = null;
  sent = 0;

  constructor(
    private readonly client: MqttClient,
    private readonly topicPrefix: string,
    private readonly meterIds: () => string[],
    private readonly timeoutMs: number,
    private readonly clock: Scheduler,
  ) {
    this.sweep = setInterval(() => this.expire(), SWEEP_MS);
    this.sweep.unref();
  }

  ping(meters: number[]): void {
    for (const m of meters) {
      if (this.inFlight.has(m) || this.queued.has(m)) continue;
      this.queued.add(m);
      this.waiting.push(m);
    }
    this.pump();
  }

  /** Something arrived from the meter: if it was asked, that is its answer. */
  heard(meter: number, at: number): void {
    if (!this.inFlight.delete(meter)) return;
    this.outcome?.answered(meter, at);
    this.pump();
  }

  close(): void {
    clearInterval(this.sweep);
  }

  private pump(): void {
    const ids = this.meterIds();
    while (this.waiting.length && this.inFlight.size < MAX_IN_FLIGHT) {
      const m = this.waiting.shift()!;
      this.queued.delete(m);
      this.inFlight.set(m, this.clock.now() + this.timeoutMs);
      const requestId = `${this.prefix}-${++this.seq}`;
      this.sent++;
      this.client.publish(
        `${this.topicPrefix}/meters/${ids[m]}/cmd`,
        JSON.stringify({ requestId, op: 'read' }),
        {
          qos: 1,
        },
      );
    }
  }

  private expire(): void {
    const now = this.clock.now();
    for (const [m, deadline] of this.inFlight)
      if (deadline <= now) {
        this.inFlight.delete(m);
        this.outcome?.unanswered(m);
      }
    this.pump();
  }
}
