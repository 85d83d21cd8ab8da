import { join } from 'node:path';
import type { GridConfig } from '@gridcell/config';
import { startEmbeddedDatabase } from '@gridcell/database';
import { startEmbeddedBroker } from '@gridcell/messaging';

export interface EmbeddedServices {
  databaseUrl: string;
  mqttUrl: string;
  embedded: string[];
  close(): Promise<void>;
}

/**
 * Starts PGlite and the aedes broker for whatever DATABASE_URL / MQTT_URL leave unset, and
 * returns the URLs every part of the platform should use.
 */
export async function startEmbeddedServices(config: GridConfig): Promise<EmbeddedServices> {
  const closers: (() => Promise<void>)[] = [];
  const embedded: string[] = [];
  try {
    let databaseUrl = config.DATABASE_URL;
    if (!databaseUrl) {
      const db = await startEmbeddedDatabase({
        dataDir: join(config.DATA_DIR, 'pglite'),
        port: Number(process.env.PGLITE_PORT ?? 0),
      });
      closers.push(() => db.close());
      databaseUrl = db.url;
      embedded.push(`PostgreSQL (PGlite) at ${db.url}, data in ${join(config.DATA_DIR, 'pglite')}`);
    }
    let mqttUrl = config.MQTT_URL;
    if (!mqttUrl) {
      const broker = await startEmbeddedBroker({ port: config.MQTT_PORT });
      closers.push(() => broker.close());
      mqttUrl = broker.url;
      embedded.push(`MQTT 3.1.1 broker (aedes) at ${broker.url}`);
    }
    return {
      databaseUrl,
      mqttUrl,
      embedded,
      close: async () => {
        for (const close of closers.reverse()) await close().catch(() => undefined);
      },
    };
  } catch (error) {
    for (const close of closers.reverse()) await close().catch(() => undefined);
    throw error;
  }
}
