import { groupBy } from './collections.util';
import type { County } from './county.generator';
import type { GatewayItem, MeterItem, TransformerItem } from './topology.types';

/**
 * Lookups over a county's topology by asset id: what hangs below a feeder, a transformer or a concentrator.
 * Faults are injected by asset id, and every device's behaviour depends on where it sits.
 */
export class CountyIndex {
  readonly meters: ReadonlyMap<string, MeterItem>;
  readonly transformers: ReadonlyMap<string, TransformerItem>;
  readonly gateways: ReadonlyMap<string, GatewayItem>;
  readonly feederIds: ReadonlySet<string>;
  private readonly metersByTransformer: Map<string, MeterItem[]>;
  private readonly transformersByFeeder: Map<string, TransformerItem[]>;
  private readonly gatewaysByTransformer: Map<string, GatewayItem[]>;

  constructor(readonly county: County) {
    const { feeders, transformers, gateways, meters } = county.topology;
    this.feederIds = new Set(feeders.map((f) => f.id));
    this.meters = new Map(meters.map((m) => [m.id, m]));
    this.transformers = new Map(transformers.map((t) => [t.id, t]));
    this.gateways = new Map(gateways.map((g) => [g.id, g]));
    this.metersByTransformer = groupBy(meters, (m) => m.transformerId);
    this.transformersByFeeder = groupBy(transformers, (t) => t.feederId);
    this.gatewaysByTransformer = groupBy(gateways, (g) => g.transformerId);
  }

  metersOf(transformerId: string): MeterItem[] {
    return this.metersByTransformer.get(transformerId) ?? [];
  }

  transformersOf(feederId: string): TransformerItem[] {
    return this.transformersByFeeder.get(feederId) ?? [];
  }

  gatewaysOf(transformerId: string): GatewayItem[] {
    return this.gatewaysByTransformer.get(transformerId) ?? [];
  }

  /** Meters that upload through the concentrator, as opposed to over their own cellular module. */
  relayedBy(gatewayId: string): MeterItem[] {
    const gateway = this.gateways.get(gatewayId);
    if (!gateway) return [];
    return this.metersOf(gateway.transformerId).filter(
      (m) => m.gatewayId === gatewayId && this.isRelayed(m.id),
    );
  }

  isRelayed(meterId: string): boolean {
    return this.county.sim.meters[meterId]?.uplink !== 'direct';
  }
}
