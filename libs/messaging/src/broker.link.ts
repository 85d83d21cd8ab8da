import { Injectable, Logger, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { connect, type MqttClient } from 'mqtt';
import { GridConfig } from '@gridcell/config';

/** The API's own connection to the broker: reported by /health, and the way commands reach meters. */
@Injectable()
export class BrokerLink implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger(BrokerLink.name);
  private client?: MqttClient;

  constructor(private readonly config: GridConfig) {}

  get connected(): boolean {
    return this.client?.connected ?? false;
  }

  /** The connection, for publishing commands and listening for their replies. */
  get mqtt(): MqttClient {
    if (!this.client) throw new Error('the broker link is not started');
    return this.client;
  }

  onModuleInit(): void {
    const url = this.config.MQTT_URL;
    if (!url)
      throw new Error('MQTT_URL is not set: start the platform with `npm start` for the embedded broker');
    this.client = connect(url, {
      clientId: `gridcell-api-${randomBytes(4).toString('hex')}`,
      reconnectPeriod: 1000,
      protocolVersion: 4,
    });
    this.client.on('error', (error) => this.logger.warn(`broker: ${error.message}`));
  }

  async onApplicationShutdown(): Promise<void> {
    await this.client?.endAsync();
  }
}
