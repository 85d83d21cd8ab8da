import type { IncidentKind, IncidentScope, IncidentStatus } from '@gridcell/contracts';
import { DetectorEngine } from '../src/engine/detector.engine';
import type { OpenIncident } from '../src/engine/open-incident';
import type { DetectionRules, IncidentChange, Scheduler } from '../src/engine/ports';
import { buildGridIndex, type IndexRows } from '../src/topology/grid-index';

export const T0 = Date.parse('2026-12-01T10:00:00+08:00');
export const S = 1_000;
export const MIN = 60_000;

export const RULES: DetectionRules = {
  momentaryMaxMs: 5 * MIN,
  lastGaspDelayMs: 30 * S,
  commHoldMs: 90 * S,
  pingTimeoutMs: 20 * S,
  repingMs: 2 * MIN,
  stragglerMs: 3 * MIN,
  feederWindowMs: 2 * MIN,
  silenceGraceMs: 5 * MIN,
  voltageLow: 198,
  voltageHigh: 235.4,
  voltageMinDurationMs: 60 * MIN,
};

/** A clock the test moves by hand; timers run in time order as it passes them. */
export class FakeClock implements Scheduler {
  private t = T0;
  private seq = 0;
  private readonly timers = new Map<number, { at: number; task: () => void }>();

  now(): number {
    return this.t;
  }

  after(ms: number, task: () => void): () => void {
    const id = ++this.seq;
    this.timers.set(id, { at: this.t + ms, task });
    return () => this.timers.delete(id);
  }

  /** Moves to `at`, running every timer due on the way, in order. */
  advanceTo(at: number): void {
    for (;;) {
      const next = [...this.timers]
        .filter(([, x]) => x.at <= at)
        .sort((a, b) => a[1].at - b[1].at || a[0] - b[0])[0];
      if (!next) break;
      this.timers.delete(next[0]);
      this.t = Math.max(this.t, next[1].at);
      next[1].task();
    }
    this.t = Math.max(this.t, at);
  }

  advance(ms: number): void {
    this.advanceTo(this.t + ms);
  }
}

export interface Change {
  change: IncidentChange;
  id: string;
  kind: IncidentKind;
  scope: IncidentScope;
  assetId: string;
  status: IncidentStatus;
  at: number;
  meters: number;
  still: number;
  startedAt: number;
  restoredAt: number | null;
  parentId: string | null;
  phase: string | null;
}

/**
 * A small territory — feeder F1 with areas T1 and T2 (10 meters each, concentrators G1, G2),
 * feeder F2 with T3 (a three-phase meter and 9 houses, G3) — and an engine on a fake clock,
 * recording every incident change and every ping asked for.
 */
export class EngineHarness {
  readonly clock = new FakeClock();
  readonly changes: Change[] = [];
  readonly pings: number[][] = [];
  readonly engine: DetectorEngine;
  private readonly incidents = new Map<string, OpenIncident>();

  constructor(options: { noGasp?: string[] } = {}) {
    const rows: IndexRows = {
      version: 'test',
      transformers: [
        { id: 'T1', feeder_id: 'F1', cell_id: 'C1' },
        { id: 'T2', feeder_id: 'F1', cell_id: 'C1' },
        { id: 'T3', feeder_id: 'F2', cell_id: 'C2' },
      ],
      gateways: ['1', '2', '3'].map((n) => ({ id: `G${n}`, transformer_id: `T${n}` })),
      meters: ['1', '2', '3'].flatMap((t) =>
        Array.from({ length: 10 }, (_, i) => ({
          id: `M${t}-${i}`,
          transformer_id: `T${t}`,
          gateway_id: `G${t}`,
          customer_id: `K${t}-${i}`,
          phases: t === '3' && i === 0 ? 3 : 1,
          interval_s: 900,
          last_gasp: !(options.noGasp ?? []).includes(`M${t}-${i}`),
          vulnerable: i === 9,
        })),
      ),
    };
    const index = buildGridIndex(rows);
    this.engine = new DetectorEngine(
      index,
      RULES,
      this.clock,
      {
        changed: (incident, change) => {
          this.incidents.set(incident.id, incident);
          this.changes.push({
            change,
            id: incident.id,
            kind: incident.kind,
            scope: incident.scope,
            assetId: incident.assetId,
            status: incident.status,
            at: this.clock.now(),
            meters: incident.meters.size,
            still: incident.stillAffected,
            startedAt: incident.startedAt,
            restoredAt: incident.restoredAt,
            parentId: incident.parentId,
            phase: incident.evidence.phase,
          });
        },
      },
      { ping: (meters) => this.pings.push(meters) },
    );
  }

  m(id: string): number {
    const i = this.engine.index.meterIndex.get(id);
    if (i === undefined) throw new Error(`no meter ${id}`);
    return i;
  }

  /** Meters `M{t}-{i}` for i in the list. */
  area(t: 1 | 2 | 3, ...is: number[]): string[] {
    return (is.length ? is : Array.from({ length: 10 }, (_, i) => i)).map((i) => `M${t}-${i}`);
  }

  lastGasp(meterId: string, sentAt = this.clock.now()): void {
    this.engine.meterEvent(this.m(meterId), 'power_down', sentAt, this.clock.now(), null);
  }

  powerUp(meterId: string, at = this.clock.now()): void {
    this.engine.meterEvent(this.m(meterId), 'power_up', at, this.clock.now(), null);
  }

  event(meterId: string, type: 'phase_loss' | 'phase_restore', phase: 'A' | 'B' | 'C'): void {
    this.engine.meterEvent(this.m(meterId), type, this.clock.now(), this.clock.now(), phase);
  }

  gateway(id: string, state: 'online' | 'offline' | 'power_down'): void {
    this.engine.gatewayStatus(id, state, this.clock.now(), this.clock.now());
  }

  reading(meterId: string, r: { ts?: number; energyKwh?: number; voltage?: (number | null)[] } = {}): void {
    this.engine.reading(
      this.m(meterId),
      { ts: r.ts ?? this.clock.now(), energyKwh: r.energyKwh ?? null, voltage: r.voltage ?? [] },
      this.clock.now(),
      true,
    );
  }

  /** Answers every ping asked for so far: `answer(meterId)` decides whether it was answered. */
  settlePings(answer: (meterId: string) => boolean): void {
    const asked = this.pings.splice(0).flat();
    for (const m of new Set(asked)) {
      if (answer(this.engine.index.meterIds[m])) this.engine.pingAnswered(m, this.clock.now());
      else this.engine.pingUnanswered(m);
    }
  }

  pinged(): string[] {
    return [...new Set(this.pings.flat())].map((m) => this.engine.index.meterIds[m]).sort();
  }

  /** The latest state of each incident, in the order they were first seen. */
  latest(): Change[] {
    const last = new Map<string, Change>();
    for (const c of this.changes) last.set(c.id, c);
    return [...last.values()];
  }

  incident(id: string): OpenIncident {
    return this.incidents.get(id)!;
  }
}
