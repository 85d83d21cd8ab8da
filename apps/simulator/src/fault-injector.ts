import type { CountyIndex } from './county.index';
import { CallBehaviour, planCustomerCalls, PlannedCall } from './customer-call.model';
import { DeviceAction, DeviceBehaviour, deviceTimeline } from './device-timeline';
import { FaultRecord, toFaultRecord } from './fault-record.mapper';
import type { CallOutcome } from './fault-report.client';
import { parseFaultRequest } from './fault-request.parser';
import { clipPlan, FaultPlan } from './fault.model';
import { planFault } from './fault.planner';
import type { GridConditions } from './grid-conditions';
import type { EventOutcome, MeterEvent } from './meter-fleet.publisher';
import type { SimClock } from './sim.clock';
import type { SimLogger } from './sim.logger';
import type { LocalCalendar } from './timezone.util';

/** The devices' side of the MQTT world, as the publisher provides it. */
export interface DeviceBus {
  linkUp(meterId: string): boolean;
  publishMeterEvent(meterId: string, event: MeterEvent): Promise<EventOutcome>;
  publishGatewayPowerDown(gatewayId: string): Promise<boolean>;
  dropGatewayLink(gatewayId: string): Promise<void>;
  restoreGatewayLink(gatewayId: string): void;
}

export interface FaultReporter {
  report(meterId: string, description: string): Promise<CallOutcome>;
}

export interface FaultInjectorOptions {
  index: CountyIndex;
  conditions: GridConditions;
  clock: SimClock;
  calendar: LocalCalendar;
  bus: DeviceBus;
  /** null: customers do not call (SIM_CUSTOMER_CALLS=off). */
  reporter: FaultReporter | null;
  devices: DeviceBehaviour;
  calls: CallBehaviour;
  lastGaspP: number;
  phaseOf(meterId: string): number;
  logger: SimLogger;
}

/** A fault and what has really happened because of it so far. */
export interface FaultState {
  plan: FaultPlan;
  /** When `DELETE /faults/{id}` ended it; null while it runs its course. */
  endedAt: number | null;
  lastGasps: { meterId: string; at: number }[];
  gatewayPowerDowns: { gatewayId: string; at: number }[];
  calls: ({ at: number; meterId: string; description: string } & CallOutcome)[];
}

type Action = DeviceAction | ({ kind: 'call' } & PlannedCall);

/** A fault that cannot be ended (HTTP 409). */
export class FaultConflictError extends Error {}

/** Timers beyond this are re-armed, so a far-away fault never overflows setTimeout. */
const MAX_TIMER_MS = 3_600_000;

/**
 * Runs the injected faults: keeps the grid conditions (which the physics, the publisher and the ping
 * responder read) in step with them, and makes each device do what its timeline says when the simulated
 * clock gets there. Every injection or early end re-plans from the conditions; what has been done stays done.
 */
export class FaultInjector {
  private readonly faults = new Map<string, FaultState>();
  private readonly done = new Set<string>();
  private pending: Action[] = [];
  private timer: NodeJS.Timeout | null = null;
  private readonly running = new Set<Promise<void>>();
  private sequence = 0;
  private stopped = false;

  constructor(private readonly o: FaultInjectorOptions) {}

  /** Validates and injects; throws FaultRequestError (a 400) on a bad request. */
  inject(body: unknown): FaultRecord {
    const request = parseFaultRequest(body, this.o.clock.now(), { lastGaspP: this.o.lastGaspP });
    const id = `f${this.sequence + 1}`;
    const plan = planFault(id, request, {
      index: this.o.index,
      seed: this.o.devices.seed,
      phaseOf: (meterId) => this.o.phaseOf(meterId),
    });
    this.sequence++;
    const state: FaultState = { plan, endedAt: null, lastGasps: [], gatewayPowerDowns: [], calls: [] };
    this.faults.set(id, state);
    this.o.logger.info(
      `fault ${id}: ${request.kind} on ${request.assetId} from ${this.o.calendar.formatIso(request.startAt)}, ` +
        `${plan.deenergizedMeterIds.length} meters without supply, ${plan.affectedMeterIds.length} affected`,
    );
    this.replan();
    return this.record(state);
  }

  /** Ends a fault now: everything it still holds down is restored. Null for an unknown id. */
  end(id: string): FaultRecord | null {
    const state = this.faults.get(id);
    if (!state) return null;
    const now = this.o.clock.now();
    if (state.endedAt !== null || now >= state.plan.plannedEndAt) {
      throw new FaultConflictError(`fault ${id} has already ended`);
    }
    state.endedAt = now;
    this.o.logger.info(`fault ${id}: ended at ${this.o.calendar.formatIso(now)}`);
    this.replan();
    return this.record(state);
  }

  list(): FaultRecord[] {
    return [...this.faults.values()].map((f) => this.record(f));
  }

  get(id: string): FaultRecord | null {
    const state = this.faults.get(id);
    return state ? this.record(state) : null;
  }

  /** CONTRACT 1.5: a meter answers a ping only with supply and a working link. */
  isReachable(meterId: string): boolean {
    return this.o.conditions.isPowered(meterId, this.o.clock.now()) && this.o.bus.linkUp(meterId);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await Promise.allSettled([...this.running]);
  }

  private record(state: FaultState): FaultRecord {
    return toFaultRecord(state, this.o.clock.now(), this.o.calendar);
  }

  private replan(): void {
    const plans = [...this.faults.values()].map((f) => clipPlan(f.plan, f.endedAt));
    this.o.conditions.update(plans.map((p) => p.effects));
    const lastGaspP = (faultId: string) =>
      this.faults.get(faultId)?.plan.request.lastGaspP ?? this.o.lastGaspP;
    const actions: Action[] = deviceTimeline(this.o.conditions, this.o.index, this.o.devices, lastGaspP);
    if (this.o.reporter) {
      for (const p of plans) {
        actions.push(
          ...planCustomerCalls(p, this.o.conditions, this.o.calls).map((c) => ({
            kind: 'call' as const,
            ...c,
          })),
        );
      }
    }
    this.pending = actions
      .filter((a) => !this.done.has(a.key))
      .sort((a, b) => a.at - b.at || (a.key < b.key ? -1 : 1));
    this.arm();
  }

  private arm(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (this.stopped || this.pending.length === 0) return;
    const delay = Math.min(MAX_TIMER_MS, this.o.clock.wallDelayUntil(this.pending[0].at));
    this.timer = setTimeout(() => this.runDue(), delay);
  }

  private runDue(): void {
    const now = this.o.clock.now();
    while (this.pending.length > 0 && this.pending[0].at <= now) {
      const action = this.pending.shift()!;
      this.done.add(action.key);
      const run = this.execute(action).catch((err: unknown) =>
        this.o.logger.error(
          `fault action ${action.key} failed: ${err instanceof Error ? err.message : String(err)}`,
        ),
      );
      this.running.add(run);
      void run.finally(() => this.running.delete(run));
    }
    this.arm();
  }

  private async execute(a: Action): Promise<void> {
    const { bus } = this.o;
    switch (a.kind) {
      case 'meter-event': {
        // Devices stamp whole seconds.
        const ts = Math.floor(a.at / 1000) * 1000;
        const outcome = await bus.publishMeterEvent(a.meterId, { ts, type: a.type, phase: a.phase });
        if (a.type === 'power_down' && outcome === 'delivered') {
          this.faults.get(a.faultId)?.lastGasps.push({ meterId: a.meterId, at: a.at });
        }
        return;
      }
      case 'gateway-power-down':
        if (await bus.publishGatewayPowerDown(a.gatewayId)) {
          this.faults.get(a.faultId)?.gatewayPowerDowns.push({ gatewayId: a.gatewayId, at: a.at });
        }
        return;
      case 'link-down':
        return bus.dropGatewayLink(a.gatewayId);
      case 'link-up':
        return bus.restoreGatewayLink(a.gatewayId);
      case 'call': {
        const outcome = await this.o.reporter!.report(a.meterId, a.description);
        this.faults
          .get(a.faultId)
          ?.calls.push({ at: a.at, meterId: a.meterId, description: a.description, ...outcome });
        if (outcome.error)
          this.o.logger.warn(
            `customer call for ${a.meterId}: ${outcome.status ?? 'no answer'} ${outcome.error}`,
          );
        return;
      }
    }
  }
}
