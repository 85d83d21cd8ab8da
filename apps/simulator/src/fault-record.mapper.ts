import type { CallOutcome } from './fault-report.client';
import { clipPlan, FaultKind, FaultScope, IncidentKind, Phase, Restore } from './fault.model';
import type { FaultState } from './fault-injector';
import type { LocalCalendar } from './timezone.util';

export type FaultStatus = 'scheduled' | 'active' | 'ended' | 'cancelled';

/**
 * The ground truth of one fault, as `GET /faults` returns it: what was injected and what really happened.
 * Times are ISO-8601 with the territory's offset, in simulated time.
 */
export interface FaultRecord {
  id: string;
  kind: FaultKind;
  assetId: string;
  scope: FaultScope;
  /** The incident a perfect platform would open. */
  incidentKind: IncidentKind;
  status: FaultStatus;
  startAt: string;
  durationS: number;
  plannedEndAt: string;
  /** When the last effect of the fault was over; null until then (and for a cancelled fault). */
  endedAt: string | null;
  /** Ended by `DELETE /faults/{id}` before its planned end. */
  endedEarly: boolean;
  params: { lastGaspP: number; depth?: number; phase?: Phase; staggerS?: number; straggler?: boolean };
  affectedMeterIds: string[];
  deenergizedMeterIds: string[];
  gatewayIds: string[];
  transformerIds: string[];
  /** When supply comes back, per transformer (area-wide faults) and per de-energized meter; planned until it happens. */
  restores: { transformers: { id: string; at: string }[]; meters: { id: string; at: string }[] };
  lastGasps: { meterId: string; at: string }[];
  gatewayPowerDowns: { gatewayId: string; at: string }[];
  customerCalls: ({ at: string; meterId: string; description: string } & CallOutcome)[];
}

export function toFaultRecord(state: FaultState, now: number, calendar: LocalCalendar): FaultRecord {
  const { plan, endedAt } = state;
  const { request } = plan;
  const actual = clipPlan(plan, endedAt);
  const iso = (ms: number) => calendar.formatIso(ms);
  const cancelled = endedAt !== null && endedAt <= request.startAt;
  const status: FaultStatus = cancelled
    ? 'cancelled'
    : now >= actual.plannedEndAt
      ? 'ended'
      : now >= request.startAt
        ? 'active'
        : 'scheduled';
  const restores = (rs: Restore[]) => rs.map((r) => ({ id: r.id, at: iso(r.at) }));
  return {
    id: plan.id,
    kind: request.kind,
    assetId: request.assetId,
    scope: plan.scope,
    incidentKind: plan.incidentKind,
    status,
    startAt: iso(request.startAt),
    durationS: request.durationMs / 1000,
    plannedEndAt: iso(plan.plannedEndAt),
    endedAt: status === 'ended' ? iso(actual.plannedEndAt) : null,
    endedEarly: endedAt !== null && endedAt < plan.plannedEndAt,
    params: {
      lastGaspP: request.lastGaspP,
      ...(request.depth !== undefined && { depth: request.depth }),
      ...(request.phase && { phase: request.phase }),
      ...(request.staggerMs !== undefined && { staggerS: request.staggerMs / 1000 }),
      ...(request.straggler !== undefined && { straggler: request.straggler }),
    },
    affectedMeterIds: plan.affectedMeterIds,
    deenergizedMeterIds: plan.deenergizedMeterIds,
    gatewayIds: plan.gatewayIds,
    transformerIds: plan.transformerIds,
    restores: {
      transformers: restores(actual.restores.transformers),
      meters: restores(actual.restores.meters),
    },
    lastGasps: state.lastGasps.map((g) => ({ meterId: g.meterId, at: iso(g.at) })),
    gatewayPowerDowns: state.gatewayPowerDowns.map((g) => ({ gatewayId: g.gatewayId, at: iso(g.at) })),
    customerCalls: state.calls.map((c) => ({ ...c, at: iso(c.at) })),
  };
}
