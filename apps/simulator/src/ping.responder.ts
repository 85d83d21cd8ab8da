import type { MqttClient } from 'mqtt';
import { withTimeout } from './async.util';
import type { FleetModel } from './fleet.model';
import { connectWithRetry } from './mqtt-connection.factory';
import { topics } from './mqtt-topics.util';
import { toWireReading } from './reading.formatter';
import type { SimClock } from './sim.clock';
import type { SimLogger } from './sim.logger';

export interface PingResponderOptions {
  mqttUrl: string;
  topicPrefix: string;
  protocolVersion: 4 | 5;
  clientId: string;
  connectTimeoutMs: number;
  logger: SimLogger;
  /**
   * Whether the meter would answer right now (powered and reachable). Always true for now; the hook is
   * where an outage scenario would make meters fall silent.
   */
  isReachable?: (meterId: string) => boolean;
}

export interface PingStats {
  received: number;
  answered: number;
  ignored: number;
}

/**
 * Answers on-demand reads (CONTRACT 1.5): `{requestId, op: 'read'}` on `…/meters/{id}/cmd` gets
 * `{requestId, ts, …reading}` on `…/meters/{id}/reply`. The reading comes from the same model as the
 * interval data, so the register read "now" sits between the neighbouring interval readings.
 */
export class PingResponder {
  readonly stats: PingStats = { received: 0, answered: 0, ignored: 0 };
  private client: MqttClient | null = null;

  constructor(
    private readonly fleet: FleetModel,
    private readonly clock: SimClock,
    private readonly options: PingResponderOptions,
  ) {}

  async start(): Promise<void> {
    const o = this.options;
    const client = await connectWithRetry({
      url: o.mqttUrl,
      clientId: o.clientId,
      protocolVersion: o.protocolVersion,
      timeoutMs: o.connectTimeoutMs,
    });
    this.client = client;
    client.on('error', (err) => o.logger.warn(`mqtt ping responder: ${err.message}`));
    client.on('message', (topic, payload) => void this.handle(client, topic, payload));
    // With a clean session the subscription is gone after a reconnect; mqtt.js re-subscribes by default
    // (resubscribe: true), so one subscribe here is enough.
    await client.subscribeAsync(topics.allMeterCmds(o.topicPrefix), { qos: 1 });
  }

  async stop(): Promise<void> {
    const client = this.client;
    this.client = null;
    if (!client) return;
    await withTimeout(client.endAsync(), 5_000);
    if (!client.disconnected) client.end(true);
  }

  private async handle(client: MqttClient, topic: string, payload: Buffer): Promise<void> {
    this.stats.received++;
    const meterId = this.meterIdOf(topic);
    const request = parseRequest(payload);
    if (!meterId || !request || !this.fleet.has(meterId) || !(this.options.isReachable?.(meterId) ?? true)) {
      this.stats.ignored++;
      return;
    }
    // Second precision: the ISO timestamp carries whole seconds, and the register must match that instant.
    const now = Math.floor(this.clock.now() / 1000) * 1000;
    const reading = toWireReading(this.fleet.readingAt(meterId, now), 'iso', this.fleet.load.calendar);
    const reply = { requestId: request.requestId, ...reading };
    try {
      await client.publishAsync(topics.meterReply(this.options.topicPrefix, meterId), JSON.stringify(reply), {
        qos: 1,
      });
      this.stats.answered++;
    } catch (err) {
      this.options.logger.warn(
        `ping reply for ${meterId} failed: ${err instanceof Error ? err.message : String(err)}`,
      );
    }
  }

  private meterIdOf(topic: string): string | null {
    const prefix = `${this.options.topicPrefix}/meters/`;
    if (!topic.startsWith(prefix) || !topic.endsWith('/cmd')) return null;
    const id = topic.slice(prefix.length, -'/cmd'.length);
    return id.includes('/') ? null : id;
  }
}

function parseRequest(payload: Buffer): { requestId: string | number } | null {
  try {
    const body: unknown = JSON.parse(payload.toString('utf8'));
    if (typeof body !== 'object' || body === null) return null;
    const { requestId, op } = body as Record<string, unknown>;
    if (op !== 'read') return null;
    // The contract shows string ids; echo numbers too rather than leave a caller waiting.
    if (typeof requestId !== 'string' && typeof requestId !== 'number') return null;
    return { requestId };
  } catch {
    return null;
  }
}
