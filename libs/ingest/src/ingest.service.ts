import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { GridConfig } from '@gridcell/config';
import { AckAfterCommitConsumer } from '@gridcell/messaging';
import { RetentionJob, RollupRefresher } from '@gridcell/metering';
import { deviceTopicFilters } from './decode/device-topic';
import { IngestPipeline } from './ingest.pipeline';

const DAY_MS = 86_400_000;

/**
 * Runs ingest: subscribes to the device topics (through a shared-subscription group when the
 * broker has them), feeds the pipeline, refreshes the hourly rollup and enforces retention.
 */
@Injectable()
export class IngestService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(IngestService.name);
  private consumer?: AckAfterCommitConsumer;
  private stopRollup?: () => Promise<void>;
  private retentionTimer?: NodeJS.Timeout;

  constructor(
    private readonly config: GridConfig,
    private readonly pipeline: IngestPipeline,
    private readonly rollup: RollupRefresher,
    private readonly retention: RetentionJob,
  ) {}

  get connected(): boolean {
    return this.consumer?.isConnected ?? false;
  }

  async onApplicationBootstrap(): Promise<void> {
    const url = this.config.MQTT_URL;
    if (!url)
      throw new Error('MQTT_URL is not set: start the platform with `npm start` for the embedded broker');
    const group = this.config.MQTT_SHARE_GROUP === 'none' ? null : this.config.MQTT_SHARE_GROUP;
    const filters = deviceTopicFilters(this.config.MQTT_TOPIC_PREFIX).map((f) =>
      group ? `$share/${group}/${f}` : f,
    );
    this.consumer = new AckAfterCommitConsumer(
      {
        url,
        clientId: this.config.INGEST_CLIENT_ID,
        subscriptions: filters,
        receiveMaximum: this.config.INGEST_MAX_IN_FLIGHT,
        maxPendingBytes: this.config.INGEST_MAX_PENDING_MB * 1024 * 1024,
      },
      (message) => this.pipeline.accept(message),
    );
    this.consumer.on('connected', (info) =>
      this.logger.log(
        `subscribed to ${url} (MQTT ${info.protocolVersion === 5 ? '5' : '3.1.1'}, session ${info.sessionPresent ? 'resumed' : 'new'})`,
      ),
    );
    this.consumer.on('disconnected', (reason) =>
      this.logger.warn(`broker link lost: ${reason.message}; reconnecting`),
    );
    this.consumer.on('error', (error) => this.logger.error(error.message));
    await this.consumer.start();
    this.stopRollup = this.rollup.schedule(this.config.ROLLUP_REFRESH_MS);
    const enforce = () =>
      void this.retention
        .run(this.config.RETENTION_DAYS)
        .catch((e: Error) => this.logger.warn(`retention failed: ${e.message}`));
    // Once at start (processes may restart more often than daily), then every day.
    enforce();
    this.retentionTimer = setInterval(enforce, DAY_MS);
    this.retentionTimer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.retentionTimer);
    await this.consumer?.stop();
    await this.pipeline.drain();
    await this.stopRollup?.();
  }
}
