/**
 * The territory as the detector needs it, in arrays indexed by small integers: meters by index,
 * transformer areas with their meters, feeders with their areas. Built once per topology version;
 * a million meters take a few hundred MB (see bench:detector).
 */
export interface GridIndex {
  readonly version: string;
  readonly meterIds: string[];
  readonly meterIndex: Map<string, number>;
  /** Per meter: its area's index, or -1 for a meter on no transformer. */
  readonly meterArea: Int32Array;
  /** Per meter: reading cadence in ms. */
  readonly meterIntervalMs: Float64Array;
  /** Per meter: bit 0 can send a last gasp, bit 1 three-phase, bit 2 customer is vulnerable. */
  readonly meterFlags: Uint8Array;
  readonly meterCustomer: (string | null)[];
  readonly meterGateway: (string | null)[];
  readonly areas: AreaNode[];
  readonly areaIndex: Map<string, number>;
  readonly gatewayArea: Map<string, number>;
  readonly feeders: Map<string, number[]>;
}

export interface AreaNode {
  readonly idx: number;
  readonly transformerId: string;
  readonly feederId: string;
  readonly cellId: string | null;
  readonly meters: number[];
  readonly gateways: string[];
}

export const CAN_GASP = 1;
export const THREE_PHASE = 2;
export const VULNERABLE = 4;

export interface IndexRows {
  version: string;
  transformers: { id: string; feeder_id: string; cell_id: string | null }[];
  gateways: { id: string; transformer_id: string | null }[];
  meters: {
    id: string;
    transformer_id: string | null;
    gateway_id: string | null;
    customer_id: string | null;
    phases: number;
    interval_s: number;
    last_gasp: boolean;
    vulnerable: boolean | null;
  }[];
}

export function buildGridIndex(rows: IndexRows): GridIndex {
  const areaIndex = new Map<string, number>();
  const areas: (AreaNode & { meters: number[]; gateways: string[] })[] = rows.transformers.map((t, idx) => {
    areaIndex.set(t.id, idx);
    return { idx, transformerId: t.id, feederId: t.feeder_id, cellId: t.cell_id, meters: [], gateways: [] };
  });
  const feeders = new Map<string, number[]>();
  for (const a of areas) feeders.set(a.feederId, [...(feeders.get(a.feederId) ?? []), a.idx]);
  const gatewayArea = new Map<string, number>();
  for (const g of rows.gateways) {
    const area = g.transformer_id === null ? undefined : areaIndex.get(g.transformer_id);
    if (area === undefined) continue;
    gatewayArea.set(g.id, area);
    areas[area].gateways.push(g.id);
  }
  const n = rows.meters.length;
  const meterIds = new Array<string>(n);
  const meterIndex = new Map<string, number>();
  const meterArea = new Int32Array(n);
  const meterIntervalMs = new Float64Array(n);
  const meterFlags = new Uint8Array(n);
  const meterCustomer = new Array<string | null>(n);
  const meterGateway = new Array<string | null>(n);
  rows.meters.forEach((m, i) => {
    meterIds[i] = m.id;
    meterIndex.set(m.id, i);
    const area = m.transformer_id === null ? undefined : areaIndex.get(m.transformer_id);
    meterArea[i] = area ?? -1;
    if (area !== undefined) areas[area].meters.push(i);
    meterIntervalMs[i] = m.interval_s * 1000;
    meterFlags[i] =
      (m.last_gasp ? CAN_GASP : 0) | (m.phases === 3 ? THREE_PHASE : 0) | (m.vulnerable ? VULNERABLE : 0);
    meterCustomer[i] = m.customer_id;
    meterGateway[i] = m.gateway_id;
  });
  return {
    version: rows.version,
    meterIds,
    meterIndex,
    meterArea,
    meterIntervalMs,
    meterFlags,
    meterCustomer,
    meterGateway,
    areas,
    areaIndex,
    gatewayArea,
    feeders,
  };
}
