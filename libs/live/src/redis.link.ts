import { Injectable, Logger, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { createAdapter } from '@socket.io/redis-adapter';
import { createClient } from 'redis';
import { GridConfig } from '@gridcell/config';

type RedisClient = ReturnType<typeof createClient>;

/** The API's Redis connections when REDIS_URL is set: the socket.io adapter's publisher and subscriber. */
@Injectable()
export class RedisLink implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger(RedisLink.name);
  private pub?: RedisClient;
  private sub?: RedisClient;

  constructor(private readonly config: GridConfig) {}

  get enabled(): boolean {
    return this.config.REDIS_URL !== undefined;
  }

  /** Commands (not subscriptions); only when enabled. */
  get client(): RedisClient {
    if (!this.pub) throw new Error('REDIS_URL is not set');
    return this.pub;
  }

  async onModuleInit(): Promise<void> {
    if (!this.enabled) return;
    this.pub = createClient({ url: this.config.REDIS_URL });
    this.sub = this.pub.duplicate();
    for (const client of [this.pub, this.sub])
      client.on('error', (error: Error) => this.logger.warn(`redis: ${error.message}`));
    await Promise.all([this.pub.connect(), this.sub.connect()]);
  }

  adapter(): ReturnType<typeof createAdapter> {
    return createAdapter(this.client, this.sub, { key: 'gridcell-live' });
  }

  async onApplicationShutdown(): Promise<void> {
    await Promise.all([this.pub?.close(), this.sub?.close()]);
  }
}
