import type { CountyIndex } from './county.index';
import { NO_SUPPLY, Phase, phaseBit, PHASES, Span } from './fault.model';
import { causeAt, GridConditions, mergeSpans, runsOf } from './grid-conditions';
import { createRng } from './prng.util';

/** How devices react to losing supply; the sources of the defaults are in simulator.config.ts. */
export interface DeviceBehaviour {
  seed: number;
  /** A meter sends its last gasp this long after losing supply, uniformly in [min, max]. */
  lastGaspMinS: number;
  lastGaspMaxS: number;
  /** Probability that a meter's power_up on restoration is delivered. */
  powerUpP: number;
  /** A concentrator that loses supply says power_down this long after, on its capacitor. */
  gatewayPowerDownS: number;
  /** ...and its uplink dies this long after the loss (relaying its meters' last gasps until then). */
  gatewayHoldUpS: number;
  /** After supply returns, a concentrator is back online after about this long (boot, attach, connect). */
  gatewayRebootS: number;
}

export type MeterEventType = 'power_down' | 'power_up' | 'phase_loss' | 'phase_restore';

/** Something a device does at `at` (simulated ms). `key` identifies it across re-planning. */
export type DeviceAction = { key: string; at: number } & (
  | { kind: 'meter-event'; meterId: string; type: MeterEventType; phase?: Phase; faultId: string }
  | { kind: 'gateway-power-down'; gatewayId: string; faultId: string }
  | { kind: 'link-down'; gatewayId: string }
  | { kind: 'link-up'; gatewayId: string }
);

/** A meter restarts and its communication module re-attaches before it can say it is back. */
const POWER_UP_DELAY_S = [5, 20] as const;
/** Meters judge a phase lost (or back) only after it has stayed so for a while (DL/T 645 断相 events). */
const PHASE_EVENT_DELAY_S = [10, 60] as const;

/**
 * Everything the devices touched by faults will emit, derived from the grid conditions alone, so the
 * timeline can be recomputed whenever a fault is injected or ended. Random draws are keyed by device
 * and by the instant its trouble began, so recomputing never changes what was already decided.
 *
 * Whether an emission gets through (a concentrator's uplink may be down) is the publisher's business:
 * relayed meter events wait for the link, except last gasps, which die with it.
 */
export function deviceTimeline(
  conditions: GridConditions,
  index: CountyIndex,
  behaviour: DeviceBehaviour,
  lastGaspP: (faultId: string) => number,
): DeviceAction[] {
  const actions: DeviceAction[] = [];
  for (const meterId of conditions.cutMeterIds()) {
    const meter = index.meters.get(meterId);
    if (meter)
      actions.push(...meterActions(meterId, meter.lastGasp, meter.phases, conditions, behaviour, lastGaspP));
  }
  for (const gatewayId of conditions.cutGatewayIds())
    actions.push(...gatewayActions(gatewayId, conditions, behaviour));
  return actions.sort((a, b) => a.at - b.at || (a.key < b.key ? -1 : 1));
}

function meterActions(
  meterId: string,
  canGasp: boolean,
  phases: 1 | 3,
  conditions: GridConditions,
  b: DeviceBehaviour,
  lastGaspP: (faultId: string) => number,
): DeviceAction[] {
  const out: DeviceAction[] = [];
  const segments = conditions.supplySegments(meterId);
  const cuts = conditions.supplyCutsOf(meterId);
  const powered = (at: number) => conditions.isPowered(meterId, at);
  const event = (key: string, at: number, type: MeterEventType, faultId: string, phase?: Phase) =>
    out.push({
      key: `${type}:${meterId}:${key}`,
      at,
      kind: 'meter-event',
      meterId,
      type,
      faultId,
      ...(phase && { phase }),
    });

  for (const dark of runsOf(segments, (s) => s.lostPhases === NO_SUPPLY)) {
    const faultId = causeAt(cuts, dark.from);
    const rng = createRng(b.seed, `meter:${meterId}:${dark.from}`);
    // Drawn in a fixed order whatever happens, so the outcome of one never shifts another.
    const gaspAt = dark.from + 1000 * rng.float(b.lastGaspMinS, b.lastGaspMaxS);
    const gaspDelivered = rng.chance(lastGaspP(faultId));
    const upAt = dark.to + 1000 * rng.float(...POWER_UP_DELAY_S);
    const upDelivered = rng.chance(b.powerUpP);
    // The meter waits out its debounce on its capacitor; if power is back by then there is nothing to say.
    if (canGasp && gaspDelivered && gaspAt < dark.to)
      event(`${dark.from}`, Math.round(gaspAt), 'power_down', faultId);
    if (upDelivered && powered(upAt)) event(`${dark.from}`, Math.round(upAt), 'power_up', faultId);
  }
  if (phases === 3) {
    for (const phase of PHASES) {
      const bit = phaseBit(phase);
      for (const lost of runsOf(segments, (s) => s.lostPhases !== NO_SUPPLY && (s.lostPhases & bit) !== 0)) {
        const faultId = causeAt(cuts, lost.from);
        const rng = createRng(b.seed, `phase:${meterId}:${phase}:${lost.from}`);
        const lossAt = Math.round(lost.from + 1000 * rng.float(...PHASE_EVENT_DELAY_S));
        const restoreAt = Math.round(lost.to + 1000 * rng.float(...PHASE_EVENT_DELAY_S));
        // A loss shorter than the judgement delay, or one the meter slept through, is never declared.
        if (lossAt >= lost.to || !powered(lossAt)) continue;
        event(`${phase}:${lost.from}`, lossAt, 'phase_loss', faultId, phase);
        if (powered(restoreAt)) event(`${phase}:${lost.from}`, restoreAt, 'phase_restore', faultId, phase);
      }
    }
  }
  return out;
}

function gatewayActions(gatewayId: string, conditions: GridConditions, b: DeviceBehaviour): DeviceAction[] {
  const out: DeviceAction[] = [];
  const powerCuts = conditions.gatewayPowerCutsOf(gatewayId);
  const unpowered = mergeSpans(powerCuts);
  const downs: Span[] = [...conditions.gatewayLinkCutsOf(gatewayId)];
  const powerDowns: { at: number; faultId: string; from: number }[] = [];
  for (const p of unpowered) {
    const rng = createRng(b.seed, `gateway:${gatewayId}:${p.from}`);
    const powerDownAt = Math.round(p.from + 1000 * (b.gatewayPowerDownS + rng.float(0, 2)));
    // Booting, then a cellular attach and an MQTT connect: never quite the same twice.
    const rebootMs = 1000 * b.gatewayRebootS * rng.float(0.8, 1.2);
    if (powerDownAt < p.to)
      powerDowns.push({ at: powerDownAt, faultId: causeAt(powerCuts, p.from), from: p.from });
    // The capacitor keeps the modem up for a while; a power cut shorter than that never reaches the uplink.
    const dropAt = p.from + 1000 * b.gatewayHoldUpS;
    if (dropAt < p.to) downs.push({ from: Math.round(dropAt), to: Math.round(p.to + rebootMs) });
  }
  const linkDown = mergeSpans(downs);
  const linkUpAt = (at: number) => !linkDown.some((s) => s.from <= at && at < s.to);
  for (const d of powerDowns) {
    if (linkUpAt(d.at)) {
      out.push({
        key: `gateway-power-down:${gatewayId}:${d.from}`,
        at: d.at,
        kind: 'gateway-power-down',
        gatewayId,
        faultId: d.faultId,
      });
    }
  }
  for (const s of linkDown) {
    out.push({ key: `link-down:${gatewayId}:${s.from}`, at: s.from, kind: 'link-down', gatewayId });
    out.push({ key: `link-up:${gatewayId}:${s.from}`, at: s.to, kind: 'link-up', gatewayId });
  }
  return out;
}
