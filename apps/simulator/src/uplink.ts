import type { MqttClient } from 'mqtt';
import { withTimeout } from './async.util';
import { InFlightLimiter } from './in-flight.limiter';
import type { MeterItem } from './topology.types';

/** `connecting`: coming back after a fault; nothing is sent until the device has said it is online. */
export type LinkState = 'up' | 'down' | 'connecting';

/** One meter's reading at one interval boundary, computed from the model when it is sent. */
export interface ReadingItem {
  meter: MeterItem;
  ts: number;
}

/** How long a concentrator losing its modem waits for messages already on the wire to be acknowledged. */
const DRAIN_MS = 2_000;

/**
 * One MQTT connection of the fleet: a concentrator's (with its will) or the shared one of the meters with
 * their own cellular module. A concentrator's link can be taken down by a fault: it then stores what it
 * measures and relays, and uploads it after it is back online, as real concentrators do.
 */
export class Uplink {
  readonly limiter: InFlightLimiter;
  link: LinkState = 'up';
  /** Readings measured while the link was down, uploaded once it is back. */
  readonly backlog: ReadingItem[] = [];
  /** Meter events (other than last gasps, which die with the link) waiting for the link. */
  readonly heldEvents: { topic: string; payload: string }[] = [];
  private readonly inFlight = new Set<Promise<unknown>>();
  private readonly reconnectPeriod: number;

  constructor(
    readonly name: string,
    readonly client: MqttClient,
    readonly meters: MeterItem[],
    /** Gateway uplinks send one batch per interval on the gateway topic; the direct uplink one message per meter. */
    readonly gatewayId: string | null,
    maxInFlight: number,
  ) {
    this.limiter = new InFlightLimiter(maxInFlight);
    this.reconnectPeriod = client.options.reconnectPeriod ?? 1_000;
  }

  track(publish: Promise<unknown>): void {
    this.inFlight.add(publish);
    void publish.finally(() => this.inFlight.delete(publish));
  }

  /** Drops the connection without a DISCONNECT, so the broker publishes the will, and stays down. */
  async drop(): Promise<void> {
    this.link = 'down';
    await withTimeout(Promise.allSettled([...this.inFlight]), DRAIN_MS);
    // With no reconnect period mqtt.js fails what is still unacknowledged instead of keeping it for a
    // session that will not resume, and does not reconnect on its own.
    this.client.options.reconnectPeriod = 0;
    await withTimeout(this.client.endAsync(true), DRAIN_MS);
  }

  /** Reconnects; the owner's `connect` handler announces the device and flushes what was held. */
  reconnect(): void {
    if (this.link !== 'down') return;
    this.link = 'connecting';
    this.client.options.reconnectPeriod = this.reconnectPeriod;
    this.client.reconnect();
  }
}
