/**
 * What a fault is: its kind, the asset it strikes, and the physical effects it has on the devices below
 * that asset over time. Plans are plain data so that ending a fault early is a matter of clipping them.
 */

export const FAULT_KINDS = [
  'transformer-outage',
  'feeder-outage',
  'meter-outage',
  'gateway-comm-loss',
  'momentary',
  'nested-restoration',
  'voltage-sag',
  'phase-loss',
] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];

/** The scopes of CONTRACT section 2's incidents. */
export type FaultScope = 'meter' | 'transformer' | 'feeder';
/** The incident kind (CONTRACT section 2) a perfect platform would open for the fault. */
export type IncidentKind = 'outage' | 'momentary' | 'communication' | 'voltage';

export const PHASES = ['A', 'B', 'C'] as const;
export type Phase = (typeof PHASES)[number];
/** Bit mask of lost phases (A = 1, B = 2, C = 4); a meter whose every phase is lost has no supply. */
export const NO_SUPPLY = 0b111;
export const phaseBit = (phase: Phase): number => 1 << PHASES.indexOf(phase);

/** A validated injection request; times are simulated epoch ms. */
export interface FaultRequest {
  kind: FaultKind;
  assetId: string;
  startAt: number;
  durationMs: number;
  /** Probability that a capable meter's last gasp reaches the platform. */
  lastGaspP: number;
  /** voltage-sag: fraction of the normal voltage that remains. */
  depth?: number;
  /** phase-loss: the phase that goes. */
  phase?: Phase;
  /** nested-restoration: typical gap between successive transformers coming back. */
  staggerMs?: number;
  /** nested-restoration: one house stays dark after its transformer is back. */
  straggler?: boolean;
}

export interface Span {
  from: number;
  /** Exclusive. */
  to: number;
}

/** A meter loses the phases in `lostPhases` (NO_SUPPLY: all its supply). */
export interface SupplyCut extends Span {
  faultId: string;
  meterId: string;
  lostPhases: number;
}

/** A concentrator without power (its transformer is down), or without its uplink (comm loss). */
export interface GatewayCut extends Span {
  faultId: string;
  gatewayId: string;
}

/** Every voltage at the meter is multiplied by `factor`. */
export interface VoltageScale extends Span {
  faultId: string;
  meterId: string;
  factor: number;
}

export interface FaultEffects {
  supply: SupplyCut[];
  gatewayPower: GatewayCut[];
  gatewayLink: GatewayCut[];
  voltage: VoltageScale[];
}

export interface Restore {
  id: string;
  at: number;
}

/** Everything that follows from a request, decided once at injection (seeded, so reproducible). */
export interface FaultPlan {
  id: string;
  request: FaultRequest;
  scope: FaultScope;
  incidentKind: IncidentKind;
  plannedEndAt: number;
  effects: FaultEffects;
  /** Meters whose behaviour the fault changes (supply, voltage or uplink). */
  affectedMeterIds: string[];
  /** The subset left without any supply: the customers of an outage. */
  deenergizedMeterIds: string[];
  gatewayIds: string[];
  transformerIds: string[];
  /** When each transformer (feeder-level faults) and each de-energized meter gets its supply back. */
  restores: { transformers: Restore[]; meters: Restore[] };
}

/** The plan as it actually unfolds when the fault is ended at `endedAt` (null: runs its course). */
export function clipPlan(plan: FaultPlan, endedAt: number | null): FaultPlan {
  if (endedAt === null || endedAt >= plan.plannedEndAt) return plan;
  const clip = <T extends Span>(spans: T[]) =>
    spans.filter((s) => s.from < endedAt).map((s) => ({ ...s, to: Math.min(s.to, endedAt) }));
  const restore = (rs: Restore[]) =>
    endedAt <= plan.request.startAt ? [] : rs.map((r) => ({ ...r, at: Math.min(r.at, endedAt) }));
  const { effects } = plan;
  return {
    ...plan,
    plannedEndAt: Math.min(plan.plannedEndAt, endedAt),
    effects: {
      supply: clip(effects.supply),
      gatewayPower: clip(effects.gatewayPower),
      gatewayLink: clip(effects.gatewayLink),
      voltage: clip(effects.voltage),
    },
    restores: { transformers: restore(plan.restores.transformers), meters: restore(plan.restores.meters) },
  };
}
