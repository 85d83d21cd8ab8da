/**
 * Against a real broker (MQTT_URL, default mqtt://127.0.0.1:1883): the backfill publishes exactly the
 * expected readings on the expected topics, valid per CONTRACT 1.1/1.2/1.4, for MQTT 3.1.1 and 5.
 */
import { randomUUID } from 'node:crypto';
import Ajv from 'ajv';
import { connectAsync, MqttClient } from 'mqtt';
import { GATEWAY_STATUS_SCHEMA, READING_SCHEMA } from '@gridcell/contracts';
import { silentLogger } from './sim.logger';
import { RunningSimulator, startSimulator } from './simulator.runner';
import { ID_PATTERN } from './topology.types';
import { brokerProtocols } from '@gridcell/testing';

const MQTT_URL = process.env.MQTT_URL ?? 'mqtt://127.0.0.1:1883';
const ISO_WITH_OFFSET = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?[+-]\d{2}:\d{2}$/;
// The platform's own schemas for CONTRACT 1.1 and 1.4, so "valid" means what ingest accepts.
const ajv = new Ajv({ allErrors: true, strict: false });
const validReading = ajv.compile(READING_SCHEMA);
const validStatus = ajv.compile(GATEWAY_STATUS_SCHEMA);

interface Received {
  topic: string;
  text: string;
}

async function subscribe(prefix: string): Promise<{ client: MqttClient; messages: Received[] }> {
  const client = await connectAsync(MQTT_URL, {
    protocolVersion: brokerProtocols().at(-1),
    clientId: `${prefix}-observer`,
    clean: true,
  });
  const messages: Received[] = [];
  client.on('message', (topic, payload) => messages.push({ topic, text: payload.toString('utf8') }));
  await client.subscribeAsync(`${prefix}/#`, { qos: 1 });
  return { client, messages };
}

async function waitFor(condition: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** Checks one reading object against CONTRACT 1.1; returns the problems found. */
function contractProblems(r: Record<string, unknown>, phases: 1 | 3): string[] {
  const problems: string[] = [];
  if (!validReading(r)) problems.push(`schema: ${ajv.errorsText(validReading.errors)}`);
  const isNum = (v: unknown) => typeof v === 'number' && Number.isFinite(v);
  const quantity = (v: unknown) =>
    phases === 3 ? Array.isArray(v) && v.length === 3 && v.every(isNum) : isNum(v);
  if (!(typeof r.ts === 'string' ? ISO_WITH_OFFSET.test(r.ts) : Number.isInteger(r.ts))) problems.push('ts');
  if (typeof r.meterId !== 'string' || !ID_PATTERN.test(r.meterId)) problems.push('meterId');
  for (const k of ['energyKwh', 'powerKw', 'powerFactor', 'frequencyHz']) if (!isNum(r[k])) problems.push(k);
  if (!quantity(r.voltageV)) problems.push('voltageV');
  if (!quantity(r.currentA)) problems.push('currentA');
  if (JSON.stringify(r).length > 16 * 1024) problems.push('size');
  return problems;
}

const tsOf = (ts: unknown) => (typeof ts === 'number' ? ts : Date.parse(ts as string));

describe.each(brokerProtocols())(
  'MeterFleetPublisher backfill (MQTT protocol level %s)',
  (protocolVersion) => {
    const prefix = `simtest-${randomUUID().slice(0, 8)}`;
    // 20:07 local: the last complete interval is 20:00, and no live boundary falls inside the test.
    const startAt = Date.parse('2026-01-15T20:07:00+08:00');
    let sim: RunningSimulator;
    let observer: { client: MqttClient; messages: Received[] };

    beforeAll(async () => {
      observer = await subscribe(prefix);
      sim = await startSimulator({
        register: false,
        mqttUrl: MQTT_URL,
        protocolVersion,
        topicPrefix: prefix,
        clientIdPrefix: prefix,
        seed: 11,
        feeders: 1,
        transformers: 2,
        meters: 10,
        backfillHours: 2,
        startAt,
        live: false,
        logger: silentLogger,
        controlPort: null,
      });
    });

    afterAll(async () => {
      await sim?.stop();
      await observer?.client.endAsync();
    });

    it('publishes exactly 10 meters × 8 intervals, once each, with the values of the model', async () => {
      const readingsIn = () =>
        observer.messages
          .filter((m) => m.topic.endsWith('/readings') || m.topic.endsWith('/reading'))
          .reduce((n, m) => n + ([] as unknown[]).concat(JSON.parse(m.text)).length, 0);
      await waitFor(() => readingsIn() >= 80, 10_000, '80 readings');
      await new Promise((r) => setTimeout(r, 300)); // anything extra would arrive now
      expect(readingsIn()).toBe(80);
      expect(sim.stats.publisher.backfill.readings).toBe(80);

      const meters = new Map(sim.topology.meters.map((m) => [m.id, m]));
      const expectedTs = Array.from(
        { length: 8 },
        (_, i) => Date.parse('2026-01-15T18:15:00+08:00') + i * 900_000,
      );
      const seen = new Map<string, number[]>();
      const problems: string[] = [];
      let gatewayMessages = 0;
      let meterMessages = 0;

      for (const msg of observer.messages) {
        const gateway = new RegExp(`^${prefix}/gateways/([^/]+)/readings$`).exec(msg.topic);
        const direct = new RegExp(`^${prefix}/meters/([^/]+)/reading$`).exec(msg.topic);
        if (!gateway && !direct) continue;
        const parsed: unknown = JSON.parse(msg.text);
        if (gateway) {
          gatewayMessages++;
          expect(Array.isArray(parsed)).toBe(true); // CONTRACT 1.2: an array, each with meterId
        } else {
          meterMessages++;
        }
        const items = ([] as Record<string, unknown>[]).concat(parsed as Record<string, unknown>);
        expect(items.length).toBeLessThanOrEqual(1000);
        for (const r of items) {
          const meter = meters.get(r.meterId as string);
          if (!meter) {
            problems.push(`unknown meter ${String(r.meterId)} on ${msg.topic}`);
            continue;
          }
          problems.push(...contractProblems(r, meter.phases).map((p) => `${meter.id}: bad ${p}`));
          const site = sim.county.sim.meters[meter.id];
          if (gateway) {
            expect(gateway[1]).toBe(meter.gatewayId);
            expect(site.uplink).toBe('gateway');
          } else {
            expect(direct![1]).toBe(meter.id);
            expect(site.uplink).toBe('direct');
          }
          const ts = tsOf(r.ts);
          const model = sim.model.readingAt(meter.id, ts);
          expect({ ...r, ts }).toEqual({ ...model, ts });
          seen.set(meter.id, [...(seen.get(meter.id) ?? []), ts]);
        }
      }
      expect(problems).toEqual([]);
      expect(gatewayMessages + meterMessages).toBe(sim.stats.publisher.backfill.messages);
      expect([...seen.keys()].sort()).toEqual([...meters.keys()].sort());
      for (const [id, stamps] of seen) {
        expect({ id, stamps: stamps.slice().sort((a, b) => a - b) }).toEqual({ id, stamps: expectedTs });
      }
    });

    it('announces every gateway online with a timestamp', () => {
      const statuses = observer.messages.filter((m) => m.topic.endsWith('/status'));
      const online = statuses.map((m) => ({ topic: m.topic, body: JSON.parse(m.text) }));
      expect(online.map((s) => s.topic).sort()).toEqual(
        sim.topology.gateways.map((g) => `${prefix}/gateways/${g.id}/status`).sort(),
      );
      for (const s of online) {
        expect(validStatus(s.body)).toBe(true);
        expect(s.body.state).toBe('online');
        expect(s.body.ts).toMatch(ISO_WITH_OFFSET);
      }
    });

    it("fires the gateway's will when its link drops, and comes back online", async () => {
      const gatewayId = sim.topology.gateways[0].id;
      const statusTopic = `${prefix}/gateways/${gatewayId}/status`;
      const before = observer.messages.length;
      // Taking over the client id makes the broker drop the gateway's connection without a DISCONNECT.
      const interloper = await connectAsync(MQTT_URL, {
        clientId: `${prefix}-${gatewayId}`,
        reconnectPeriod: 0,
      });
      await waitFor(
        () =>
          observer.messages
            .slice(before)
            .some((m) => m.topic === statusTopic && m.text === '{"state":"offline"}'),
        5_000,
        'the will',
      );
      await interloper.endAsync();
      await waitFor(
        () =>
          observer.messages
            .slice(before)
            .some((m) => m.topic === statusTopic && JSON.parse(m.text).state === 'online'),
        10_000,
        'the gateway to reconnect',
      );
    });
  },
);

describe('MeterFleetPublisher throughput', () => {
  it('backfills the default county (1,000 meters × 24 h) completely', async () => {
    const prefix = `simtest-${randomUUID().slice(0, 8)}`;
    const observer = await subscribe(prefix);
    const sim = await startSimulator({
      register: false,
      mqttUrl: MQTT_URL,
      topicPrefix: prefix,
      clientIdPrefix: prefix,
      backfillHours: 24,
      live: false,
      logger: silentLogger,
      controlPort: null,
    });
    try {
      const b = sim.stats.publisher.backfill;
      expect(b.readings).toBe(96_000);
      let received = 0;
      await waitFor(
        () => {
          received = observer.messages
            .filter((m) => !m.topic.endsWith('/status'))
            .reduce(
              (n, m) => n + (m.text.startsWith('[') ? (m.text.match(/"meterId"/g) ?? []).length : 1),
              0,
            );
          return received >= 96_000;
        },
        30_000,
        '96,000 readings',
      );
      expect(received).toBe(96_000);
      // Reported for the record; the bound only guards against pathological regressions.
      process.stdout.write(
        `backfill: ${b.readings} readings in ${b.messages} messages, ${b.durationMs} ms, ${b.readingsPerSecond} readings/s\n`,
      );
      expect(b.readingsPerSecond).toBeGreaterThan(5_000);
    } finally {
      await sim.stop();
      await observer.client.endAsync();
    }
  });
});

describe('MeterFleetPublisher live intervals', () => {
  it('publishes each new interval once, at its boundary, for every meter (600× speed)', async () => {
    const prefix = `simtest-${randomUUID().slice(0, 8)}`;
    const observer = await subscribe(prefix);
    const startAt = Date.parse('2026-01-15T19:59:00+08:00');
    const sim = await startSimulator({
      register: false,
      mqttUrl: MQTT_URL,
      topicPrefix: prefix,
      clientIdPrefix: prefix,
      seed: 5,
      feeders: 1,
      transformers: 2,
      meters: 10,
      backfillHours: 0,
      speed: 600, // 15 simulated minutes every 1.5 s
      startAt,
      logger: silentLogger,
      controlPort: null,
    });
    try {
      const first = Date.parse('2026-01-15T20:00:00+08:00');
      const readingsAt = (ts: number) =>
        observer.messages
          .filter((m) => !m.topic.endsWith('/status'))
          .flatMap((m) => ([] as { ts: unknown }[]).concat(JSON.parse(m.text)))
          .filter((r) => tsOf(r.ts) === ts).length;
      // The broker acknowledges before it delivers: wait for the observer, not for the publisher's counters.
      await waitFor(
        () => readingsAt(first) >= 10 && readingsAt(first + 900_000) >= 10,
        15_000,
        'two live intervals',
      );
      await sim.stop();
      await new Promise((r) => setTimeout(r, 200));
      const byInterval = new Map<number, string[]>();
      for (const m of observer.messages) {
        if (m.topic.endsWith('/status')) continue;
        const parsed: unknown = JSON.parse(m.text);
        // A meter on its own uplink sends a single object per interval, a gateway an array.
        expect(Array.isArray(parsed)).toBe(m.topic.includes('/gateways/'));
        for (const r of ([] as Record<string, unknown>[]).concat(parsed as Record<string, unknown>)) {
          const ts = tsOf(r.ts);
          byInterval.set(ts, [...(byInterval.get(ts) ?? []), r.meterId as string]);
        }
      }
      const ids = sim.topology.meters.map((m) => m.id).sort();
      expect(byInterval.get(first)?.sort()).toEqual(ids);
      expect(byInterval.get(first + 900_000)?.sort()).toEqual(ids);
      for (const ts of byInterval.keys()) expect((ts - first) % 900_000).toBe(0);
    } finally {
      await sim.stop();
      await observer.client.endAsync();
    }
  });
});
