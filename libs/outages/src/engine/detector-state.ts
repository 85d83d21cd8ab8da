import type { GridIndex } from '../topology/grid-index';
import type { OpenIncident } from './open-incident';

export type GatewayState = 'online' | 'offline' | 'power_down' | 'unknown';

/** What the detector knows about one transformer area beyond its meters' own state. */
export interface AreaState {
  gateway: GatewayState;
  gatewaySince: number;
  /** When its concentrator last said power_down (its own clock), cleared when it comes back. */
  powerDownAt: number | null;
  /** Meters with fresh last gasps not yet evaluated. */
  pendingGasps: Set<number>;
  /** Meters silent past their deadline and not yet covered by an incident. */
  silent: Set<number>;
  /** Meters out of band long enough to count, not yet in a voltage incident. */
  voltageCandidates: Set<number>;
  /** power_up without a preceding outage: a momentary interruption too short for last gasps. */
  unexplainedPowerUps: Map<number, number>;
  /** Pending timers by purpose; each cancels itself when it runs. */
  timers: Map<string, () => void>;
}

/**
 * Per-meter state in typed arrays (a million meters in a few tens of MB) and the open incidents.
 * Times are epoch ms; NaN means unknown.
 */
export class DetectorState {
  /** Receive time of the meter's last reading or answer. */
  readonly lastSeen: Float64Array;
  /** The meter's own timestamp of its last reading, and its register then. */
  readonly lastReadingTs: Float64Array;
  readonly lastEnergy: Float64Array;
  /** Start (meter's clock) of its current out-of-band voltage streak. */
  readonly voltageOutSince: Float64Array;
  readonly voltageWorst: Float32Array;
  /** The meter's own timestamp of its last power_up. */
  readonly lastPowerUp: Float64Array;
  /** When the meter was last asked for a reading (receive clock). */
  readonly pingedAt: Float64Array;
  /** 1 when its readings arrive through a concentrator, 2 over its own link, 0 not yet seen. */
  readonly uplink: Uint8Array;
  readonly areas: AreaState[];
  /** The outage, momentary or communication incident each affected meter is in. */
  readonly supplyIncident = new Map<number, OpenIncident>();
  readonly voltageIncident = new Map<number, OpenIncident>();
  readonly open = new Set<OpenIncident>();

  constructor(readonly index: GridIndex) {
    const n = index.meterIds.length;
    this.lastSeen = new Float64Array(n).fill(NaN);
    this.lastReadingTs = new Float64Array(n).fill(NaN);
    this.lastEnergy = new Float64Array(n).fill(NaN);
    this.voltageOutSince = new Float64Array(n).fill(NaN);
    this.voltageWorst = new Float32Array(n).fill(NaN);
    this.lastPowerUp = new Float64Array(n).fill(NaN);
    this.pingedAt = new Float64Array(n).fill(NaN);
    this.uplink = new Uint8Array(n);
    this.areas = index.areas.map(() => ({
      gateway: 'unknown',
      gatewaySince: NaN,
      powerDownAt: null,
      pendingGasps: new Set<number>(),
      silent: new Set<number>(),
      voltageCandidates: new Set<number>(),
      unexplainedPowerUps: new Map<number, number>(),
      timers: new Map<string, () => void>(),
    }));
  }

  /** Open supply incidents (outage, momentary, communication) covering an area. */
  supplyIncidentsOf(area: number): OpenIncident[] {
    return [...this.open].filter((i) => i.kind !== 'voltage' && i.areas.has(area));
  }

  voltageIncidentsOf(area: number): OpenIncident[] {
    return [...this.open].filter((i) => i.kind === 'voltage' && i.areas.has(area));
  }
}
