import { connectAsync, type MqttClient } from 'mqtt';
import { Client } from 'pg';
import request from 'supertest';
import {
  CuttableProxy,
  forgetSession,
  freePort,
  startApp,
  uniqueName,
  waitFor,
  type AppProcess,
} from '@gridcell/testing';

/** Detection thresholds short enough for a test (for {@link IngestContext.startDetector}); the rules are the same as in production. */
export const QUICK_DETECTION = {
  OUTAGE_MOMENTARY_MAX_S: '4',
  OUTAGE_COMM_HOLD_S: '3',
  OUTAGE_PING_TIMEOUT_S: '2',
  OUTAGE_REPING_S: '5',
  OUTAGE_STRAGGLER_S: '30',
};

/** API and ingest as separate processes on the run's database and broker, in a namespace of their own. */
export class IngestContext {
  readonly ns = uniqueName('e2e');
  readonly prefix = this.ns;
  readonly admin = { username: `admin-${this.ns}`, password: `pw-${this.ns}-admin` };
  api!: AppProcess;
  ingest!: AppProcess;
  detector?: AppProcess;
  baseUrl!: string;
  publisher!: MqttClient;
  /** A direct connection to the run's database, for checking what was stored. */
  readonly db = new Client({ connectionString: process.env.DATABASE_URL });
  private token?: string;

  /** `ingestEnv` and `apiEnv` override those processes' environments (e.g. ingest's DATABASE_URL). */
  constructor(
    private readonly ingestEnv: NodeJS.ProcessEnv = {},
    private readonly apiEnv: NodeJS.ProcessEnv = {},
  ) {}

  /**
   * A context whose ingest reaches the database through a proxy the test can take down, holding
   * ingest's commits back; the API and the test itself connect directly.
   */
  static async withDatabaseProxy(): Promise<{ ctx: IngestContext; proxy: CuttableProxy }> {
    const proxy = await CuttableProxy.start(process.env.DATABASE_URL!);
    const viaProxy = new URL(process.env.DATABASE_URL!);
    viaProxy.host = `127.0.0.1:${proxy.port}`;
    return { ctx: new IngestContext({ DATABASE_URL: viaProxy.toString() }), proxy };
  }

  get env(): NodeJS.ProcessEnv {
    return {
      MQTT_TOPIC_PREFIX: this.prefix,
      MQTT_SHARE_GROUP: process.env.TEST_BROKER_SHARED === 'yes' ? this.ns : 'none',
      INGEST_CLIENT_ID: this.ns.slice(0, 23),
      GRID_ADMIN_USERNAME: this.admin.username,
      GRID_ADMIN_PASSWORD: this.admin.password,
      GRID_JWT_SECRET: `secret-${this.ns}-0123456789abcdef0123456789`,
      DATA_DIR: `/tmp/${this.ns}`,
      ROLLUP_REFRESH_MS: '100',
    };
  }

  async start(): Promise<void> {
    const port = await freePort();
    this.baseUrl = `http://127.0.0.1:${port}`;
    this.api = await startApp('api', { ...this.env, ...this.apiEnv, PORT: String(port) }, () =>
      fetch(`${this.baseUrl}/health`).then(
        (r) => r.ok,
        () => false,
      ),
    );
    await this.startIngest();
    this.publisher = await connectAsync(process.env.MQTT_URL!, {
      clientId: `${this.ns}-pub`,
      protocolVersion: 4,
    });
    await this.db.connect();
  }

  async startIngest(): Promise<void> {
    this.ingest = await startApp('ingest', { ...this.env, ...this.ingestEnv }, (out) =>
      out.includes('GridCell ingest running'),
    );
  }

  /** The detector as its own process; `env` sets detection thresholds (short ones keep tests quick). */
  async startDetector(env: NodeJS.ProcessEnv = {}): Promise<void> {
    this.detector = await startApp(
      'detector',
      { ...this.env, DETECTOR_CLIENT_ID: this.detectorClientId, ...env },
      (out) => out.includes('detecting on'),
    );
  }

  get detectorClientId(): string {
    return `d${this.ns}`.slice(0, 19);
  }

  async stop(): Promise<void> {
    await this.publisher?.endAsync();
    if (this.detector) {
      await this.detector.stop();
      await forgetSession(process.env.MQTT_URL!, this.detectorClientId);
    }
    await this.ingest?.stop();
    await this.api?.stop();
    await forgetSession(process.env.MQTT_URL!, this.env.INGEST_CLIENT_ID!);
    await this.db.end();
  }

  async tokenFor(username: string, password: string): Promise<string> {
    const res = await request(this.baseUrl)
      .post('/api/v1/auth/token')
      .send({ username, password })
      .expect(200);
    return res.body.accessToken as string;
  }

  async adminToken(): Promise<string> {
    this.token ??= await this.tokenFor(this.admin.username, this.admin.password);
    return this.token;
  }

  async get(path: string, token?: string) {
    return request(this.baseUrl)
      .get(path)
      .set('Authorization', `Bearer ${token ?? (await this.adminToken())}`);
  }

  async put(path: string, body: object, token?: string) {
    return request(this.baseUrl)
      .put(path)
      .set('Authorization', `Bearer ${token ?? (await this.adminToken())}`)
      .send(body)
      .expect(200);
  }

  async post(path: string, body: object, token?: string) {
    return request(this.baseUrl)
      .post(path)
      .set('Authorization', `Bearer ${token ?? (await this.adminToken())}`)
      .send(body)
      .expect(201);
  }

  async delete(path: string, status = 200, token?: string) {
    return request(this.baseUrl)
      .delete(path)
      .set('Authorization', `Bearer ${token ?? (await this.adminToken())}`)
      .expect(status);
  }

  async publish(topic: string, payload: unknown): Promise<void> {
    await this.publisher.publishAsync(
      `${this.prefix}/${topic}`,
      typeof payload === 'string' ? payload : JSON.stringify(payload),
      { qos: 1 },
    );
  }

  /** Waits until the quarantine holds at least `n` messages of this namespace. */
  async quarantined(n: number) {
    return waitFor(
      async () => {
        const body = (await this.get(`/api/v1/quarantine?limit=1000&topic=${this.prefix}/`)).body as {
          items: { topic: string; reason: string; payload: string }[];
        };
        return body.items.length >= n ? body.items : null;
      },
      15_000,
      () => `${n} quarantined messages`,
    );
  }

  async putTopology(body: object): Promise<void> {
    await request(this.baseUrl)
      .put('/api/v1/topology')
      .set('Authorization', `Bearer ${await this.adminToken()}`)
      .send(body)
      .expect(200);
  }

  /** Readings stored for this namespace's meters: how many, and the sum of their registers. */
  async stored(): Promise<{ n: number; sum: number }> {
    const { rows } = await this.db.query<{ n: string; sum: number | null }>(
      `SELECT count(*) AS n, sum(r.energy_kwh) AS sum FROM readings r JOIN meters m ON m.num = r.meter_num WHERE m.id LIKE $1`,
      [`${this.ns}-M%`],
    );
    return { n: Number(rows[0].n), sum: rows[0].sum ?? 0 };
  }
}
