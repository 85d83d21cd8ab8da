/** Against a real broker (MQTT_URL, default mqtt://127.0.0.1:1883): on-demand reads per CONTRACT 1.5. */
import { randomUUID } from 'node:crypto';
import { connectAsync, MqttClient } from 'mqtt';
import { silentLogger } from './sim.logger';
import { RunningSimulator, startSimulator } from './simulator.runner';
import { brokerProtocols } from '@gridcell/testing';

const MQTT_URL = process.env.MQTT_URL ?? 'mqtt://127.0.0.1:1883';

describe.each(brokerProtocols())('PingResponder (MQTT protocol level %s)', (protocolVersion) => {
  const prefix = `simtest-${randomUUID().slice(0, 8)}`;
  let sim: RunningSimulator;
  let platform: MqttClient;
  const replies: { topic: string; body: Record<string, unknown> }[] = [];

  beforeAll(async () => {
    sim = await startSimulator({
      register: false,
      mqttUrl: MQTT_URL,
      protocolVersion,
      topicPrefix: prefix,
      clientIdPrefix: prefix,
      seed: 3,
      feeders: 1,
      transformers: 2,
      meters: 10,
      backfillHours: 0,
      live: false,
      logger: silentLogger,
      controlPort: null,
    });
    platform = await connectAsync(MQTT_URL, { protocolVersion, clientId: `${prefix}-platform` });
    platform.on('message', (topic, payload) => replies.push({ topic, body: JSON.parse(payload.toString()) }));
    await platform.subscribeAsync(`${prefix}/meters/+/reply`, { qos: 1 });
  });

  afterAll(async () => {
    await sim?.stop();
    await platform?.endAsync();
  });

  async function ask(meterId: string, request: object): Promise<void> {
    await platform.publishAsync(`${prefix}/meters/${meterId}/cmd`, JSON.stringify(request), { qos: 1 });
  }

  async function replyTo(
    requestId: string,
    timeoutMs = 5_000,
  ): Promise<{ topic: string; body: Record<string, unknown> }> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = replies.find((r) => r.body.requestId === requestId);
      if (found) return found;
      if (Date.now() > deadline) throw new Error(`no reply to ${requestId}`);
      await new Promise((r) => setTimeout(r, 10));
    }
  }

  it('answers a read with the same requestId and a reading at "now" from the interval model', async () => {
    const meter = sim.topology.meters[3];
    const requestId = `r-${randomUUID()}`;
    const before = Date.now();
    await ask(meter.id, { requestId, op: 'read' });
    const reply = await replyTo(requestId);
    expect(reply.topic).toBe(`${prefix}/meters/${meter.id}/reply`);
    const { body } = reply;
    expect(body.requestId).toBe(requestId);
    expect(body.meterId).toBe(meter.id);
    expect(body.ts).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+08:00$/);
    const ts = Date.parse(body.ts as string);
    expect(ts).toBeGreaterThanOrEqual(Math.floor(before / 1000) * 1000);
    expect(ts).toBeLessThanOrEqual(Date.now());
    // Same model as the interval readings: the register sits between the surrounding interval values.
    expect(body).toEqual({ requestId, ...sim.model.readingAt(meter.id, ts), ts: body.ts });
    const k = Math.floor(ts / 900_000) * 900_000;
    expect(body.energyKwh).toBeGreaterThanOrEqual(sim.model.readingAt(meter.id, k).energyKwh);
    expect(body.energyKwh).toBeLessThanOrEqual(sim.model.readingAt(meter.id, k + 900_000).energyKwh);
  });

  it('answers many concurrent reads, each with its own requestId', async () => {
    const ids = sim.topology.meters.map((m) => ({ meterId: m.id, requestId: `r-${randomUUID()}` }));
    await Promise.all(ids.map(({ meterId, requestId }) => ask(meterId, { requestId, op: 'read' })));
    for (const { meterId, requestId } of ids) {
      expect((await replyTo(requestId)).topic).toBe(`${prefix}/meters/${meterId}/reply`);
    }
  });

  it('ignores unknown operations, unknown meters and malformed commands', async () => {
    const ignoredBefore = sim.stats.pings.ignored;
    await ask(sim.topology.meters[0].id, { requestId: 'r-reboot', op: 'reboot' });
    await ask('M999999', { requestId: 'r-ghost', op: 'read' });
    await platform.publishAsync(`${prefix}/meters/${sim.topology.meters[0].id}/cmd`, 'not json', { qos: 1 });
    const probe = `r-${randomUUID()}`;
    await ask(sim.topology.meters[0].id, { requestId: probe, op: 'read' });
    await replyTo(probe); // commands are handled in order, so the three above have been seen by now
    expect(replies.some((r) => r.body.requestId === 'r-reboot' || r.body.requestId === 'r-ghost')).toBe(
      false,
    );
    expect(sim.stats.pings.ignored - ignoredBefore).toBe(3);
  });
});
