import { randomBytes } from 'node:crypto';
import { Injectable, type OnModuleDestroy } from '@nestjs/common';
import { GridConfig } from '@gridcell/config';
import { BrokerLink } from '@gridcell/messaging';

/** What a meter said when asked, or that it said nothing in time. */
export type ProbeAnswer = { answered: true; voltageV: number | null } | { answered: false };

/**
 * On-demand reads from the API (CONTRACT 1.5): publishes `{requestId, op: 'read'}` to a meter and
 * waits for its reply on `…/meters/{id}/reply` with the same requestId, up to a timeout.
 */
@Injectable()
export class MeterProbe implements OnModuleDestroy {
  private readonly waiting = new Map<string, (answer: ProbeAnswer) => void>();
  private subscribed = false;
  private readonly prefix = randomBytes(3).toString('hex');
  private seq = 0;

  constructor(
    private readonly broker: BrokerLink,
    private readonly config: GridConfig,
  ) {}

  async read(meterId: string): Promise<ProbeAnswer> {
    const mqtt = this.broker.mqtt;
    if (!this.subscribed) {
      this.subscribed = true;
      mqtt.on('message', (topic, payload) => this.onReply(topic, payload));
      await mqtt.subscribeAsync(`${this.config.MQTT_TOPIC_PREFIX}/meters/+/reply`, { qos: 0 });
    }
    const requestId = `api-${this.prefix}-${++this.seq}`;
    const answer = new Promise<ProbeAnswer>((resolve) => {
      const timer = setTimeout(() => {
        this.waiting.delete(requestId);
        resolve({ answered: false });
      }, this.config.FAULT_REPORT_PING_TIMEOUT_S * 1000);
      this.waiting.set(requestId, (a) => {
        clearTimeout(timer);
        resolve(a);
      });
    });
    await mqtt.publishAsync(
      `${this.config.MQTT_TOPIC_PREFIX}/meters/${meterId}/cmd`,
      JSON.stringify({ requestId, op: 'read' }),
      {
        qos: 1,
      },
    );
    return answer;
  }

  private onReply(topic: string, payload: Buffer): void {
    if (!topic.endsWith('/reply')) return;
    let body: { requestId?: unknown; voltageV?: unknown };
    try {
      body = JSON.parse(payload.toString()) as typeof body;
    } catch {
      return;
    }
    const done = typeof body.requestId === 'string' ? this.waiting.get(body.requestId) : undefined;
    if (!done) return;
    this.waiting.delete(body.requestId as string);
    const v = Array.isArray(body.voltageV) ? (body.voltageV as unknown[])[0] : body.voltageV;
    done({ answered: true, voltageV: typeof v === 'number' ? v : null });
  }

  onModuleDestroy(): void {
    for (const done of this.waiting.values()) done({ answered: false });
  }
}
