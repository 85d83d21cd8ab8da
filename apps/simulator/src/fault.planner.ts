import { uniqueSorted } from './collections.util';
import type { CountyIndex } from './county.index';
import { FaultRequestError } from './fault-request.parser';
import {
  FaultEffects,
  FaultPlan,
  FaultRequest,
  FaultScope,
  IncidentKind,
  NO_SUPPLY,
  phaseBit,
  PHASES,
  Restore,
  Span,
} from './fault.model';
import { createRng } from './prng.util';
import type { TransformerItem } from './topology.types';

export interface PlannerContext {
  index: CountyIndex;
  seed: number;
  /** The phase (0 = A) a single-phase meter is connected to. */
  phaseOf(meterId: string): number;
}

/**
 * Turns a request into the effects on every device below the asset. Throws FaultRequestError when the
 * asset does not exist or cannot have that fault. Random choices (nested restoration order, the
 * straggler, a phase when none is named) come from the seed and the fault id.
 */
export function planFault(id: string, request: FaultRequest, ctx: PlannerContext): FaultPlan {
  const { index } = ctx;
  const { kind, assetId, startAt } = request;
  const span: Span = { from: startAt, to: startAt + request.durationMs };
  const effects: FaultEffects = { supply: [], gatewayPower: [], gatewayLink: [], voltage: [] };
  const transformerRestores: Restore[] = [];
  const rng = createRng(ctx.seed, `fault:${id}`);

  /** The whole transformer area goes dark: its meters and its concentrator. */
  const blackout = (t: TransformerItem, s: Span) => {
    for (const m of index.metersOf(t.id)) {
      effects.supply.push({ faultId: id, meterId: m.id, lostPhases: NO_SUPPLY, ...s });
    }
    for (const g of index.gatewaysOf(t.id)) effects.gatewayPower.push({ faultId: id, gatewayId: g.id, ...s });
    transformerRestores.push({ id: t.id, at: s.to });
  };
  const need = <T>(found: T | undefined, what: string): T => {
    if (found === undefined || found === false) {
      throw new FaultRequestError([`${kind} needs ${what}; "${assetId}" is not one in this county`]);
    }
    return found;
  };
  const transformer = () => need(index.transformers.get(assetId), 'a transformer id');
  const feederTransformers = () => {
    need(index.feederIds.has(assetId), 'a feeder id');
    return index.transformersOf(assetId);
  };

  let scope: FaultScope;
  let incidentKind: IncidentKind = 'outage';
  switch (kind) {
    case 'transformer-outage':
      scope = 'transformer';
      blackout(transformer(), span);
      break;
    case 'feeder-outage':
      scope = 'feeder';
      for (const t of feederTransformers()) blackout(t, span);
      break;
    case 'momentary': {
      incidentKind = 'momentary';
      const t = index.transformers.get(assetId);
      need(t ?? index.feederIds.has(assetId), 'a transformer or feeder id');
      scope = t ? 'transformer' : 'feeder';
      for (const tr of t ? [t] : feederTransformers()) blackout(tr, span);
      break;
    }
    case 'meter-outage': {
      scope = 'meter';
      const m = need(index.meters.get(assetId), 'a meter id');
      effects.supply.push({ faultId: id, meterId: m.id, lostPhases: NO_SUPPLY, ...span });
      break;
    }
    case 'gateway-comm-loss':
      scope = 'transformer';
      incidentKind = 'communication';
      need(index.gateways.get(assetId), 'a gateway id');
      effects.gatewayLink.push({ faultId: id, gatewayId: assetId, ...span });
      break;
    case 'nested-restoration': {
      scope = 'feeder';
      const stagger = request.staggerMs ?? 600_000;
      // The feeder comes back at the planned time; fuses and damage hold some areas back, one after another.
      let at = span.to;
      const order = rng.shuffle(feederTransformers());
      order.forEach((t, i) => {
        if (i > 0) at += stagger * rng.float(0.5, 1.5);
        blackout(t, { from: span.from, to: Math.round(at) });
      });
      const withMeters = order.filter((t) => index.metersOf(t.id).length > 0);
      if (request.straggler && withMeters.length > 0) {
        // A broken service drop: the house stays dark after its transformer is back until a crew gets to it.
        const t = rng.pick(withMeters);
        const meter = rng.pick(index.metersOf(t.id));
        const cut = effects.supply.find((c) => c.meterId === meter.id)!;
        cut.to = Math.round(cut.to + stagger * rng.float(1.5, 3));
      }
      break;
    }
    case 'voltage-sag': {
      scope = 'transformer';
      incidentKind = 'voltage';
      for (const m of index.metersOf(transformer().id)) {
        effects.voltage.push({ faultId: id, meterId: m.id, factor: request.depth ?? 0.85, ...span });
      }
      break;
    }
    case 'phase-loss': {
      const phase = request.phase ?? rng.pick(PHASES);
      request = { ...request, phase };
      const bit = phaseBit(phase);
      const meter = index.meters.get(assetId);
      if (meter) {
        if (meter.phases !== 3) {
          throw new FaultRequestError([
            `phase-loss on a meter needs a three-phase meter; ${assetId} is single-phase (use meter-outage)`,
          ]);
        }
        scope = 'meter';
        incidentKind = 'voltage';
        effects.supply.push({ faultId: id, meterId: meter.id, lostPhases: bit, ...span });
        break;
      }
      scope = 'transformer';
      // Concentrators take a three-phase supply and keep running on two phases; single-phase homes on
      // the lost phase are simply dark.
      for (const m of index.metersOf(
        need(index.transformers.get(assetId), 'a transformer id or a three-phase meter id').id,
      )) {
        if (m.phases === 3) effects.supply.push({ faultId: id, meterId: m.id, lostPhases: bit, ...span });
        else if (ctx.phaseOf(m.id) === PHASES.indexOf(phase)) {
          effects.supply.push({ faultId: id, meterId: m.id, lostPhases: NO_SUPPLY, ...span });
        }
      }
      if (!effects.supply.some((c) => c.lostPhases === NO_SUPPLY)) incidentKind = 'voltage';
      break;
    }
  }

  const dark = effects.supply.filter((c) => c.lostPhases === NO_SUPPLY);
  const gatewayIds = uniqueSorted([...effects.gatewayPower, ...effects.gatewayLink].map((g) => g.gatewayId));
  const affected = [
    ...effects.supply.map((c) => c.meterId),
    ...effects.voltage.map((v) => v.meterId),
    ...effects.gatewayLink.flatMap((g) => index.relayedBy(g.gatewayId).map((m) => m.id)),
  ];
  const allSpans: Span[] = [span, ...effects.supply, ...effects.gatewayPower];
  return {
    id,
    request,
    scope,
    incidentKind,
    plannedEndAt: Math.max(...allSpans.map((s) => s.to)),
    effects,
    affectedMeterIds: uniqueSorted(affected),
    deenergizedMeterIds: uniqueSorted(dark.map((c) => c.meterId)),
    gatewayIds,
    transformerIds: uniqueSorted([
      ...affected.map((m) => index.meters.get(m)!.transformerId),
      ...gatewayIds.map((g) => index.gateways.get(g)!.transformerId),
    ]),
    restores: { transformers: transformerRestores, meters: dark.map((c) => ({ id: c.meterId, at: c.to })) },
  };
}
