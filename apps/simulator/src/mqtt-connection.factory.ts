import { connectAsync, IClientOptions, MqttClient } from 'mqtt';

export interface ConnectOptions {
  url: string;
  clientId: string;
  protocolVersion: 4 | 5;
  will?: IClientOptions['will'];
  /** Give up on the first connection after this long; later drops are retried forever by mqtt.js. */
  timeoutMs: number;
}

/**
 * Connects with bounded retries, so a simulator started together with the platform's embedded broker
 * waits for it instead of failing, yet a wrong URL ends in a clear error rather than a silent retry loop.
 */
export async function connectWithRetry(options: ConnectOptions): Promise<MqttClient> {
  const deadline = Date.now() + options.timeoutMs;
  let delay = 250;
  let lastError: unknown;
  for (;;) {
    try {
      return await connectAsync(
        options.url,
        {
          clientId: options.clientId,
          protocolVersion: options.protocolVersion,
          clean: true,
          keepalive: 30,
          reconnectPeriod: 2_000,
          connectTimeout: Math.min(10_000, Math.max(1_000, deadline - Date.now())),
          will: options.will,
        },
        false,
      );
    } catch (err) {
      lastError = err;
    }
    if (Date.now() + delay > deadline) {
      const reason = lastError instanceof Error ? lastError.message : String(lastError);
      throw new Error(
        `cannot connect to MQTT broker ${options.url} as ${options.clientId} within ${options.timeoutMs} ms: ${reason}`,
      );
    }
    await new Promise((r) => setTimeout(r, delay));
    delay = Math.min(delay * 2, 5_000);
  }
}
