import type { IncidentEvidence, IncidentView } from '@gridcell/contracts';
import type { Audience } from '@gridcell/events';
import type { GatewayState } from '../engine/detector-state';
import type { OpenIncident } from '../engine/open-incident';
import { VULNERABLE, type GridIndex } from '../topology/grid-index';

const STATE_WORDS: Record<OpenIncident['kind'], string> = {
  outage: 'without supply',
  momentary: 'interrupted',
  communication: 'unreachable',
  voltage: 'out of band',
};

const iso = (t: number | null) => (t === null ? null : new Date(t).toISOString());

/** An incident as the API and the live channel show it; work-order fields are joined by the API. */
/** What a view needs beyond the incident: the territory, concentrator states, the voltage band. */
export interface ViewContext {
  index: GridIndex;
  gateways: (area: number) => GatewayState;
  band: { low: number; high: number };
}

export function incidentView(incident: OpenIncident, { index, gateways, band }: ViewContext): IncidentView {
  const cells = cellsOf(incident, index);
  const customers = new Set<string>();
  let vulnerable = 0;
  for (const m of incident.meters.keys()) {
    const c = index.meterCustomer[m];
    if (c && !customers.has(c)) {
      customers.add(c);
      if (index.meterFlags[m] & VULNERABLE) vulnerable++;
    }
  }
  const feeders = new Set([...incident.areas].map((a) => index.areas[a].feederId));
  return {
    id: incident.id,
    kind: incident.kind,
    scope: incident.scope,
    assetId: incident.assetId,
    cellId: cells[0] ?? null,
    status: incident.status,
    startedAt: iso(incident.startedAt)!,
    detectedAt: iso(incident.detectedAt)!,
    restoredAt: iso(incident.restoredAt),
    affectedMeters: incident.meters.size,
    confidence: confidence(incident, gateways),
    workOrderId: null,
    assigneeId: null,
    feederId: feeders.size === 1 ? [...feeders][0] : null,
    cellIds: cells,
    closedAt: iso(incident.closedAt),
    affectedCustomers: customers.size,
    vulnerableCustomers: vulnerable,
    stillAffectedMeters: incident.status === 'open' ? incident.stillAffected : 0,
    parentId: incident.parentId,
    evidence: evidenceOf(incident, { index, gateways, band }),
    updatedAt: new Date().toISOString(),
  };
}

/** Who the incident concerns: staff of its cells, and its customers. */
export function audienceOf(incident: OpenIncident, index: GridIndex): Audience {
  const customers = new Set<string>();
  for (const m of incident.meters.keys()) {
    const c = index.meterCustomer[m];
    if (c) customers.add(c);
  }
  return { cells: cellsOf(incident, index), customers: [...customers] };
}

/** The cells of the incident's meters, the one with most of them first. */
function cellsOf(incident: OpenIncident, index: GridIndex): string[] {
  const count = new Map<string, number>();
  for (const m of incident.meters.keys()) {
    const area = index.meterArea[m];
    const cell = area >= 0 ? index.areas[area].cellId : null;
    if (cell) count.set(cell, (count.get(cell) ?? 0) + 1);
  }
  for (const a of incident.areas) {
    const cell = index.areas[a].cellId;
    if (cell && !count.has(cell)) count.set(cell, 0);
  }
  return [...count].sort((x, y) => y[1] - x[1] || (x[0] < y[0] ? -1 : 1)).map(([c]) => c);
}

function evidenceOf(incident: OpenIncident, { index, gateways, band }: ViewContext): IncidentEvidence {
  const e = incident.evidence;
  const gws = [...incident.areas].flatMap((a) =>
    index.areas[a].gateways.map((g) => ({ gatewayId: g, state: gateways(a) })),
  );
  const out = incident.status === 'open' ? incident.stillAffected : incident.meters.size;
  const parts = [`${out}/${incident.meters.size} meters ${STATE_WORDS[incident.kind]}`];
  if (e.lastGasps) parts.push(`${e.lastGasps} last gasp${e.lastGasps === 1 ? '' : 's'}`);
  if (e.silent) parts.push(`${e.silent} silent`);
  if (e.pingsSent)
    parts.push(`${e.pingsUnanswered}/${e.pingsAnswered + e.pingsUnanswered || e.pingsSent} pings unanswered`);
  for (const g of gws)
    if (g.state !== 'unknown' && g.state !== 'online') parts.push(`concentrator ${g.gatewayId} ${g.state}`);
  if (e.phase) parts.push(`phase ${e.phase} lost`);
  if (e.minV !== null && incident.kind === 'voltage')
    parts.push(`voltage ${e.minV.toFixed(1)}–${(e.maxV ?? e.minV).toFixed(1)} V`);
  return {
    summary: parts.join(', '),
    meters: incident.meters.size,
    lastGasps: e.lastGasps,
    silent: e.silent,
    pingsSent: e.pingsSent,
    pingsAnswered: e.pingsAnswered,
    pingsUnanswered: e.pingsUnanswered,
    gateways: gws,
    ...(incident.kind === 'voltage'
      ? { voltage: { minV: e.minV, maxV: e.maxV, phase: e.phase, lowerV: band.low, upperV: band.high } }
      : {}),
  };
}

/**
 * How sure the detector is, 0-1, from independent pieces of evidence: each piece removes part of
 * the remaining doubt (1 − Π(1 − wᵢ)).
 */
function confidence(incident: OpenIncident, gateways: (area: number) => GatewayState): number {
  const e = incident.evidence;
  const weights: number[] = [];
  switch (incident.kind) {
    case 'voltage':
      weights.push(0.9);
      break;
    case 'momentary':
      weights.push(0.6, ...Array.from({ length: Math.min(incident.meters.size, 5) }, () => 0.15));
      break;
    case 'communication':
      weights.push(0.5, e.silent ? 0.2 : 0.3);
      break;
    case 'outage': {
      const powerDown = [...incident.areas].some((a) => gateways(a) === 'power_down');
      if (powerDown) weights.push(0.85);
      for (let i = 0; i < Math.min(e.lastGasps, 10); i++) weights.push(0.35);
      for (let i = 0; i < Math.min(e.pingsUnanswered, 10); i++) weights.push(0.15);
      if (e.silent) weights.push(0.3);
      if (!weights.length) weights.push(0.3);
      break;
    }
  }
  const doubt = weights.reduce((d, w) => d * (1 - w), 1);
  return Math.round(Math.min(0.99, 1 - doubt) * 100) / 100;
}
