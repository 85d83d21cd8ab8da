import { randomUUID } from 'node:crypto';
import type { IncidentKind, IncidentScope, IncidentStatus } from '@gridcell/contracts';

/** How the detector came to believe a meter out, or back. */
export type OutEvidence = 'last_gasp' | 'ping' | 'gateway' | 'area' | 'silence' | 'voltage' | 'phase_loss';
export type RestoreEvidence = 'power_up' | 'ping' | 'reading' | 'gateway' | 'split' | 'in_band';

export interface IncidentMeterState {
  outAt: number | null;
  /** What put it in the incident; `area` means "its area is out", without evidence of its own yet. */
  outBy: OutEvidence;
  restoredAt: number | null;
  restoredBy: RestoreEvidence | null;
}

export interface EvidenceCounters {
  lastGasps: number;
  silent: number;
  pingsSent: number;
  pingsAnswered: number;
  pingsUnanswered: number;
  minV: number | null;
  maxV: number | null;
  phase: 'A' | 'B' | 'C' | null;
}

/**
 * An incident while the detector holds it in memory: its meters (by index) with their outage and
 * restoration times, the areas it spans, and the evidence counted so far. `version` rises with
 * every change so the writer can tell what it has already saved.
 */
export class OpenIncident {
  readonly id: string;
  kind: IncidentKind;
  scope: IncidentScope;
  assetId: string;
  status: IncidentStatus = 'open';
  startedAt: number;
  readonly detectedAt: number;
  restoredAt: number | null = null;
  closedAt: number | null = null;
  parentId: string | null = null;
  readonly meters = new Map<number, IncidentMeterState>();
  readonly areas = new Set<number>();
  readonly evidence: EvidenceCounters = {
    lastGasps: 0,
    silent: 0,
    pingsSent: 0,
    pingsAnswered: 0,
    pingsUnanswered: 0,
    minV: null,
    maxV: null,
    phase: null,
  };
  /** Meters whose rows changed since the writer last saved them. */
  readonly dirtyMeters = new Set<number>();
  version = 0;
  /** When this incident's area(s) first showed a meter back: the straggler clock starts there. */
  firstRestoreAt = new Map<number, number>();

  constructor(init: {
    kind: IncidentKind;
    scope: IncidentScope;
    assetId: string;
    startedAt: number;
    detectedAt: number;
    id?: string;
  }) {
    this.id = init.id ?? randomUUID();
    this.kind = init.kind;
    this.scope = init.scope;
    this.assetId = init.assetId;
    this.startedAt = init.startedAt;
    this.detectedAt = init.detectedAt;
  }

  get isOpen(): boolean {
    return this.status === 'open';
  }

  addMeter(meter: number, outAt: number | null, outBy: OutEvidence): void {
    const existing = this.meters.get(meter);
    if (existing && existing.restoredAt === null) {
      // Stronger evidence replaces "its area is out"; the earliest known time is kept.
      if (existing.outBy === 'area' && outBy !== 'area') existing.outBy = outBy;
      if (outAt !== null && (existing.outAt === null || outAt < existing.outAt)) existing.outAt = outAt;
    } else {
      this.meters.set(meter, { outAt, outBy, restoredAt: null, restoredBy: null });
    }
    if (outAt !== null && outAt < this.startedAt) this.startedAt = outAt;
    this.touch(meter);
  }

  restoreMeter(meter: number, at: number, by: RestoreEvidence): boolean {
    const m = this.meters.get(meter);
    if (!m || m.restoredAt !== null) return false;
    m.restoredAt = Math.max(at, m.outAt ?? at);
    m.restoredBy = by;
    this.touch(meter);
    return true;
  }

  /** A meter that turned out never to have been affected (it answered while its area was suspected). */
  dropMeter(meter: number): void {
    if (this.meters.delete(meter)) this.touch(meter);
  }

  get stillAffected(): number {
    let n = 0;
    for (const m of this.meters.values()) if (m.restoredAt === null) n++;
    return n;
  }

  /**
   * The latest restoration among the meters once all are back; meters split off into incidents of
   * their own do not hold this one's restoration back (nor set its time).
   */
  allRestoredAt(): number | null {
    let latest = 0;
    let split = 0;
    for (const m of this.meters.values()) {
      if (m.restoredAt === null) return null;
      if (m.restoredBy === 'split') split = Math.max(split, m.restoredAt);
      else latest = Math.max(latest, m.restoredAt);
    }
    return this.meters.size ? latest || split : null;
  }

  touch(meter?: number): void {
    if (meter !== undefined) this.dirtyMeters.add(meter);
    this.version++;
  }
}
