import type { OpenIncident } from './open-incident';

export type IncidentChange = 'opened' | 'updated' | 'restored' | 'closed';

/** Where the engine's decisions go: the writer persists them and publishes their events. */
export interface IncidentSink {
  changed(incident: OpenIncident, change: IncidentChange): void;
}

/** Asks meters for a reading now; answers come back through the engine's ping handlers. */
export interface PingPort {
  ping(meters: number[]): void;
}

/** Time and timers, so rules can be tested on synthetic timelines. */
export interface Scheduler {
  now(): number;
  /** Runs `task` after `ms`; the returned function cancels it. */
  after(ms: number, task: () => void): () => void;
}

/** The real clock, with a way to cancel every timer it started (an engine being replaced). */
export class SystemScheduler implements Scheduler {
  private readonly timers = new Set<NodeJS.Timeout>();

  now(): number {
    return Date.now();
  }

  after(ms: number, task: () => void): () => void {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      task();
    }, ms);
    timer.unref();
    this.timers.add(timer);
    return () => {
      clearTimeout(timer);
      this.timers.delete(timer);
    };
  }

  cancelAll(): void {
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
  }
}

/** Detection thresholds, in ms and volts (from DetectionSettings). */
export interface DetectionRules {
  momentaryMaxMs: number;
  lastGaspDelayMs: number;
  commHoldMs: number;
  pingTimeoutMs: number;
  repingMs: number;
  stragglerMs: number;
  feederWindowMs: number;
  silenceGraceMs: number;
  voltageLow: number;
  voltageHigh: number;
  voltageMinDurationMs: number;
}
