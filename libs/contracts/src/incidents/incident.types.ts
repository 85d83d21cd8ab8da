/** CONTRACT 2 incident kinds: a sustained outage, a momentary one, a link loss, out-of-band voltage. */
export const INCIDENT_KINDS = ['outage', 'momentary', 'communication', 'voltage'] as const;
export type IncidentKind = (typeof INCIDENT_KINDS)[number];

/** How much of the network the incident covers: one house, a transformer area, a feeder. */
export const INCIDENT_SCOPES = ['meter', 'transformer', 'feeder'] as const;
export type IncidentScope = (typeof INCIDENT_SCOPES)[number];

export const INCIDENT_STATUSES = ['open', 'restored', 'closed'] as const;
export type IncidentStatus = (typeof INCIDENT_STATUSES)[number];

/** What the detector saw, counted; `summary` says it in words. */
export interface IncidentEvidence {
  summary: string;
  meters: number;
  lastGasps: number;
  silent: number;
  pingsSent: number;
  pingsAnswered: number;
  pingsUnanswered: number;
  /** Concentrators of the affected areas, by their last state. */
  gateways: { gatewayId: string; state: 'online' | 'offline' | 'power_down' | 'unknown' }[];
  /** Voltage incidents: the worst value seen and the phase, when one phase is at fault. */
  voltage?: {
    minV: number | null;
    maxV: number | null;
    phase: 'A' | 'B' | 'C' | null;
    lowerV: number;
    upperV: number;
  };
}

/** An incident as the API and the live channel show it (CONTRACT 2 and 3, plus the extensions after `assigneeId`). */
export interface IncidentView {
  id: string;
  kind: IncidentKind;
  scope: IncidentScope;
  assetId: string;
  cellId: string | null;
  status: IncidentStatus;
  startedAt: string;
  detectedAt: string;
  restoredAt: string | null;
  affectedMeters: number;
  confidence: number;
  workOrderId: string | null;
  assigneeId: string | null;
  /** Extensions. */
  feederId: string | null;
  cellIds: string[];
  closedAt: string | null;
  affectedCustomers: number;
  vulnerableCustomers: number;
  /** Meters still without supply (or still out of band); 0 once restored. */
  stillAffectedMeters: number;
  /** The incident this one was split from (a house still dark after its area came back). */
  parentId: string | null;
  evidence: IncidentEvidence;
  updatedAt: string;
}

/** `GET /api/v1/incidents/{id}`: one incident with its meters. */
export interface IncidentDetailView extends IncidentView {
  affectedMeterIds: string[];
  meters: { meterId: string; outAt: string | null; restoredAt: string | null; restoredBy: string | null }[];
}
