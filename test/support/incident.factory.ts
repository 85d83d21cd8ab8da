import type { IncidentView } from '@gridcell/contracts';

/** An incident as the API and the live channel show it: a transformer outage in `cellId`. */
export function incidentView(
  id: string,
  cellId: string,
  overrides: Partial<IncidentView> = {},
): IncidentView {
  const at = new Date().toISOString();
  return {
    id,
    kind: 'outage',
    scope: 'transformer',
    assetId: `${id}-T`,
    cellId,
    status: 'open',
    startedAt: at,
    detectedAt: at,
    restoredAt: null,
    affectedMeters: 42,
    confidence: 0.97,
    workOrderId: null,
    assigneeId: null,
    feederId: `${id}-F`,
    cellIds: [cellId],
    closedAt: null,
    affectedCustomers: 40,
    vulnerableCustomers: 2,
    stillAffectedMeters: 42,
    parentId: null,
    evidence: {
      summary: 'concentrator reported power_down; 3 last gasps; 39 meters silent',
      meters: 42,
      lastGasps: 3,
      silent: 39,
      pingsSent: 5,
      pingsAnswered: 0,
      pingsUnanswered: 5,
      gateways: [{ gatewayId: `${id}-G`, state: 'power_down' }],
    },
    updatedAt: at,
    ...overrides,
  };
}
