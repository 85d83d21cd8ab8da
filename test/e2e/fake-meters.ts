import type { IngestContext } from './ingest-context';

/**
 * The test playing the meters of CONTRACT 1.5: a meter in `powered` answers an on-demand read at
 * once, with `voltageV` (normal unless set otherwise); the others stay silent.
 */
export class FakeMeters {
  readonly powered = new Set<string>();
  readonly voltage = new Map<string, number>();
  energy = 100;

  constructor(private readonly ctx: IngestContext) {}

  async start(): Promise<void> {
    const client = this.ctx.publisher;
    await client.subscribeAsync(`${this.ctx.prefix}/meters/+/cmd`, { qos: 1 });
    client.on('message', (topic, payload) => {
      const meterId = topic.split('/')[2];
      if (!topic.endsWith('/cmd') || !this.powered.has(meterId)) return;
      const { requestId } = JSON.parse(payload.toString()) as { requestId: string };
      void this.ctx.publish(`meters/${meterId}/reply`, {
        requestId,
        ts: Date.now(),
        energyKwh: this.energy,
        voltageV: this.voltage.get(meterId) ?? 221,
      });
    });
  }

  /** A gateway batch of readings for `meters`, registers moving on. */
  async read(gatewayId: string, meters: string[], ts = Date.now()): Promise<void> {
    this.energy += 0.5;
    await this.ctx.publish(
      `gateways/${gatewayId}/readings`,
      meters.map((meterId) => ({
        meterId,
        ts,
        energyKwh: this.energy,
        voltageV: this.voltage.get(meterId) ?? 221,
      })),
    );
  }

  event(meterId: string, type: string): Promise<void> {
    return this.ctx.publish(`meters/${meterId}/event`, { ts: Date.now(), type });
  }

  gateway(gatewayId: string, state: string): Promise<void> {
    return this.ctx.publish(`gateways/${gatewayId}/status`, { ts: Date.now(), state });
  }
}
