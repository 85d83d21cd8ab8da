import { Injectable, Logger } from '@nestjs/common';
import { GridConfig } from '@gridcell/config';
import { BatchWriter, type StoredBatch } from '@gridcell/metering';
import type { DecodedMessage, ReadingInput } from './decode/decoded-message';
import { MessageDecoder } from './decode/message.decoder';
import { MeterRegistry } from './meter.registry';
import { IngestStats } from './ingest.stats';

/** What the pipeline needs of a broker message; ack() once its effects are committed. */
export interface IngestMessage {
  topic: string;
  payload: Buffer;
  receivedAt: Date;
  ack(): void;
}

interface Pending {
  message: IngestMessage;
  decoded: DecodedMessage;
}

const MAX_BACKOFF_MS = 5_000;

/**
 * MQTT message → validated rows → one group commit → acknowledgements.
 *
 * Messages are decoded as they arrive; each commit takes whatever has accumulated (up to
 * INGEST_BATCH_MAX_ROWS) while the previous ones were running, so batches grow with load and stay
 * small when idle; up to INGEST_COMMIT_CONCURRENCY commits run at once. Nothing is acknowledged before its commit, and a failed commit is retried
 * with backoff until the database is back; meanwhile unacknowledged messages pile up to the
 * consumer's in-flight bound, which then stops reading from the broker (backpressure).
 */
@Injectable()
export class IngestPipeline {
  private readonly logger = new Logger(IngestPipeline.name);
  private readonly decoder: MessageDecoder;
  private queue: Pending[] = [];
  private queuedRows = 0;
  private readonly inFlight = new Set<Promise<void>>();
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly config: GridConfig,
    private readonly registry: MeterRegistry,
    private readonly writer: BatchWriter,
    readonly stats: IngestStats,
  ) {
    this.decoder = new MessageDecoder({
      topicPrefix: config.MQTT_TOPIC_PREFIX,
      futureToleranceMs: config.INGEST_FUTURE_TOLERANCE_S * 1000,
    });
  }

  accept(message: IngestMessage): void {
    const decoded = this.decoder.decode(message.topic, message.payload, message.receivedAt.getTime());
    this.queue.push({ message, decoded });
    this.queuedRows += rowsOf(decoded);
    if (this.stats.received++ === 0) this.stats.firstReceivedAt = performance.now();
    if (this.queuedRows >= this.config.INGEST_BATCH_MAX_ROWS) this.kick();
    else this.timer ??= setTimeout(() => this.kick(), this.config.INGEST_FLUSH_MS);
  }

  /** Resolves once everything accepted so far is committed and acknowledged. */
  async drain(): Promise<void> {
    while (this.inFlight.size || this.queue.length) {
      this.kick();
      await Promise.race(this.inFlight);
    }
  }

  private kick(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    // A second commit overlaps the first's round trips; order of acknowledgement per connection
    // is kept by the consumer, whatever order commits finish in.
    while (this.queue.length && this.inFlight.size < this.config.INGEST_COMMIT_CONCURRENCY) {
      const taken = this.take();
      const commit: Promise<void> = this.commitWithRetry(taken).then(() => {
        for (const p of taken) p.message.ack();
        this.stats.acked += taken.length;
        this.inFlight.delete(commit);
        if (this.queue.length) this.kick();
      });
      this.inFlight.add(commit);
    }
  }

  private take(): Pending[] {
    let rows = 0;
    let n = 0;
    while (n < this.queue.length && (n === 0 || rows < this.config.INGEST_BATCH_MAX_ROWS)) {
      const d = this.queue[n++].decoded;
      rows += rowsOf(d);
    }
    this.queuedRows -= rows;
    return this.queue.splice(0, n);
  }

  private async commitWithRetry(taken: Pending[]): Promise<void> {
    for (let attempt = 0; ; attempt++) {
      try {
        const batch = await this.toStoredBatch(taken);
        await this.writer.commit(batch);
        this.stats.commits++;
        this.stats.readings += batch.readings.length;
        this.stats.quarantined += batch.quarantine.length;
        return;
      } catch (error) {
        const wait = Math.min(MAX_BACKOFF_MS, 100 * 2 ** attempt);
        this.stats.commitFailures++;
        this.logger.warn(
          `commit of ${taken.length} messages failed (${(error as Error).message}); retrying in ${wait} ms`,
        );
        await new Promise((resolve) => setTimeout(resolve, wait));
      }
    }
  }

  private async toStoredBatch(taken: Pending[]): Promise<StoredBatch> {
    const unknown: string[] = [];
    for (const { decoded } of taken) {
      for (const r of decoded.readings) if (!this.registry.get(r.meterId)) unknown.push(r.meterId);
      for (const e of decoded.events) if (!this.registry.get(e.meterId)) unknown.push(e.meterId);
    }
    if (unknown.length) await this.registry.resolve(unknown);
    const batch: StoredBatch = { readings: [], events: [], statuses: [], quarantine: [] };
    for (const { message, decoded } of taken) {
      const receivedAt = message.receivedAt.getTime();
      const refuse = (reason: string, payload: Buffer) =>
        batch.quarantine.push({
          receivedAt,
          topic: message.topic,
          payload,
          payloadBytes: message.payload.length,
          reason,
        });
      for (const r of decoded.rejections) refuse(r.reason, r.payload);
      for (const r of decoded.readings) {
        const problem = this.admit(r, batch);
        if (problem) refuse(problem, Buffer.from(JSON.stringify(r.source)));
      }
      for (const e of decoded.events) {
        const meter = this.registry.get(e.meterId);
        if (meter) batch.events.push({ meterNum: meter.num, ts: e.ts, type: e.type, phase: e.phase });
        else refuse(`unknown meter "${e.meterId}"`, Buffer.from(JSON.stringify(e.source)));
      }
      for (const s of decoded.statuses) batch.statuses.push(s);
    }
    return batch;
  }

  /** Adds the reading to the batch, or says why it cannot be stored. */
  private admit(r: ReadingInput, batch: StoredBatch): string | null {
    const meter = this.registry.get(r.meterId);
    if (!meter) return `unknown meter "${r.meterId}"`;
    if (
      r.energyKwh !== null &&
      meter.lastEnergy !== null &&
      r.ts > meter.lastTs &&
      r.energyKwh < meter.lastEnergy
    ) {
      return `energy register of "${r.meterId}" decreased from ${meter.lastEnergy} kWh at ${new Date(meter.lastTs).toISOString()} to ${r.energyKwh} kWh`;
    }
    if (r.energyKwh !== null && r.ts > meter.lastTs) {
      meter.lastTs = r.ts;
      meter.lastEnergy = r.energyKwh;
    }
    r.meterNum = meter.num;
    batch.readings.push(r);
    return null;
  }
}

/** Rows a decoded message will write: its share of a commit's size. */
function rowsOf(d: DecodedMessage): number {
  return d.readings.length + d.events.length + d.statuses.length + d.rejections.length;
}
