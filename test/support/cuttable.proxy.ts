import * as net from 'node:net';

/**
 * A TCP relay whose connections a test can cut, as a network failure or a broker crash would, and
 * which can play an outage: while down it refuses every new connection.
 */
export class CuttableProxy {
  private readonly pairs = new Set<[net.Socket, net.Socket]>();
  private refusing = false;

  private constructor(private readonly server: net.Server) {}

  static async start(targetUrl: string): Promise<CuttableProxy> {
    const target = new URL(targetUrl);
    const server = net.createServer();
    const proxy = new CuttableProxy(server);
    server.on('connection', (client) => {
      if (proxy.refusing) {
        client.destroy();
        return;
      }
      const upstream = net.connect({ host: target.hostname, port: Number(target.port || 1883) });
      const pair: [net.Socket, net.Socket] = [client, upstream];
      proxy.pairs.add(pair);
      const drop = (): void => {
        proxy.pairs.delete(pair);
        client.destroy();
        upstream.destroy();
      };
      client.on('error', drop).on('close', drop);
      upstream.on('error', drop).on('close', drop);
      client.pipe(upstream);
      upstream.pipe(client);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return proxy;
  }

  get url(): string {
    return `mqtt://127.0.0.1:${this.port}`;
  }

  get port(): number {
    return (this.server.address() as net.AddressInfo).port;
  }

  /** The service behind is gone: open connections drop, new ones are refused. */
  down(): void {
    this.refusing = true;
    this.cutAll();
  }

  up(): void {
    this.refusing = false;
  }

  get openConnections(): number {
    return this.pairs.size;
  }

  cutAll(): void {
    for (const [client, upstream] of this.pairs) {
      client.destroy();
      upstream.destroy();
    }
    this.pairs.clear();
  }

  async close(): Promise<void> {
    this.cutAll();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
