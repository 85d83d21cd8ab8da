import * as net from 'node:net';

/** Where to listen; port 0 picks a free port (read it back from `url`). */
export interface EmbeddedBrokerOptions {
  port: number;
  host?: string;
}

/** An in-process aedes broker (MQTT 3.1.1 only, in-memory sessions) for development and tests. */
export interface EmbeddedBroker {
  readonly url: string;
  readonly port: number;
  close(): Promise<void>;
}

interface AedesInstance {
  handle: (stream: net.Socket) => unknown;
  close(callback?: () => void): void;
}

async function createAedes(): Promise<AedesInstance> {
  // aedes 1.x is ESM-only. SWC keeps this import() as is (ignoreDynamic), and Node loads ESM from CommonJS
  // through it; under Jest, which rewrites import() into require(), this module cannot be loaded.
  const { Aedes } = await import('aedes');
  return Aedes.createBroker();
}

function listen(server: net.Server, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const onError = (error: Error): void => {
      server.off('listening', onListening);
      reject(error);
    };
    const onListening = (): void => {
      server.off('error', onError);
      resolve();
    };
    server.once('error', onError);
    server.once('listening', onListening);
    server.listen(port, host);
  });
}

function closeAedes(broker: AedesInstance): Promise<void> {
  return new Promise((resolve) => broker.close(() => resolve()));
}

export async function startEmbeddedBroker({
  port,
  host = '127.0.0.1',
}: EmbeddedBrokerOptions): Promise<EmbeddedBroker> {
  const broker = await createAedes();
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
    broker.handle(socket);
  });
  try {
    await listen(server, port, host);
  } catch (error) {
    await closeAedes(broker);
    if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE') {
      throw new Error(
        `MQTT_PORT ${port} is already in use on ${host} (another broker such as Mosquitto?) — set MQTT_PORT ` +
          'to a free port, or set MQTT_URL to use that broker instead of the embedded one',
        { cause: error },
      );
    }
    throw error;
  }
  const address = server.address() as net.AddressInfo;
  const urlHost = host.includes(':') ? `[${host}]` : host;
  let closing: Promise<void> | undefined;
  return {
    url: `mqtt://${urlHost}:${address.port}`,
    port: address.port,
    close: () => {
      closing ??= (async () => {
        const serverClosed = new Promise<void>((resolve) => server.close(() => resolve()));
        await closeAedes(broker);
        // aedes closes its clients, but a socket that never sent CONNECT is not yet one of them.
        for (const socket of sockets) socket.destroy();
        await serverClosed;
      })();
      return closing;
    },
  };
}
