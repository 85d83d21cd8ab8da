'use strict';
// Not a test: compares QoS 1 subscriber throughput of a bare mqtt.js client with AckAfterCommitConsumer
// (acking every message at once) against a real broker.
//   node libs/messaging/test-fixtures/throughput.check.js [count=200000] [payloadBytes=200]
// MQTT_URL selects the broker (default mqtt://127.0.0.1:1883). "live": the subscriber is connected while a
// separate publisher process floods the topic. "backlog": the messages are queued in the subscriber's
// persistent session while it is offline, then drained (needs the broker's max_queued_messages >= count).
// THROUGHPUT_MODES=live|backlog|live,backlog and THROUGHPUT_ROUNDS=n repeat the measurements.
const { spawn } = require('node:child_process');
const net = require('node:net');
const mqtt = require('mqtt');
const { generate } = require('mqtt-packet');
require('./load-typescript');
const { AckAfterCommitConsumer } = require('../src/index.ts');

const url = process.env.MQTT_URL ?? 'mqtt://127.0.0.1:1883';
const run = `${process.pid}-${Date.now().toString(36)}`;

// Raw publisher: pre-encoded QoS 1 PUBLISH packets written as fast as the socket drains.
async function publishRaw(topic, count, size) {
  const target = new URL(url);
  const socket = net.connect({ host: target.hostname, port: Number(target.port || 1883) });
  socket.setNoDelay(true);
  await new Promise((resolve, reject) => socket.once('connect', resolve).once('error', reject));
  socket.write(
    generate({ cmd: 'connect', clientId: `tp-pub-${run}-${process.pid}`, clean: true, keepalive: 60 }),
  );
  const payload = Buffer.alloc(size, 0x61);
  let acks = 0;
  let buffered = Buffer.alloc(0);
  const done = new Promise((resolve) =>
    socket.on('data', (chunk) => {
      buffered = buffered.length === 0 ? chunk : Buffer.concat([buffered, chunk]);
      let offset = 0;
      while (buffered.length - offset >= 4) {
        if (buffered[offset] === 0x40) acks++;
        offset += 2 + buffered[offset + 1];
      }
      buffered = buffered.subarray(offset);
      if (acks === count) resolve();
    }),
  );
  const BATCH = 500;
  for (let sent = 0; sent < count;) {
    const parts = [];
    for (let i = 0; i < BATCH && sent < count; i++, sent++) {
      parts.push(
        generate({
          cmd: 'publish',
          topic,
          payload,
          qos: 1,
          messageId: (sent % 65535) + 1,
          dup: false,
          retain: false,
        }),
      );
    }
    if (!socket.write(Buffer.concat(parts))) await new Promise((resolve) => socket.once('drain', resolve));
  }
  await done;
  socket.end();
}

function publishInChild(topic, count, size) {
  const child = spawn(process.execPath, [__filename, 'publish', topic, String(count), String(size)], {
    stdio: 'inherit',
  });
  return new Promise((resolve, reject) =>
    child.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`publisher exited ${code}`)))),
  );
}

const STALL_MS = 5_000;

// Resolves with the first-to-last duration, or rejects when nothing arrives for STALL_MS: a broker that
// drops messages for a lagging client (max_queued_messages) would otherwise leave the count short forever.
function counter(count) {
  let received = 0;
  let first = 0;
  let last = performance.now();
  let resolveDone;
  let rejectDone;
  const done = new Promise((resolve, reject) => {
    resolveDone = resolve;
    rejectDone = reject;
  });
  const watchdog = setInterval(() => {
    if (performance.now() - last < STALL_MS) return;
    clearInterval(watchdog);
    rejectDone(new Error(`stalled at ${received} of ${count} messages (is max_queued_messages too low?)`));
  }, 500);
  done.catch(() => undefined);
  return {
    done: done.finally(() => clearInterval(watchdog)),
    cancel: () => clearInterval(watchdog),
    hit() {
      last = performance.now();
      if (received === 0) first = last;
      if (++received === count) resolveDone(last - first);
    },
  };
}

async function startMqttJs(topic, count, options) {
  const c = counter(count);
  // The listener must exist before CONNACK: a persistent session's backlog follows it immediately.
  const client = mqtt.connect(url, { ...options, reconnectPeriod: 0 });
  client.on('message', () => c.hit());
  await new Promise((resolve, reject) => client.once('connect', resolve).once('error', reject));
  await client.subscribeAsync(topic, { qos: 1 });
  return { done: c.done, close: () => (c.cancel(), client.endAsync()) };
}

const subscribers = {
  'mqtt.js (v3.1.1, handleMessage default)': (topic, clientId, count) =>
    startMqttJs(topic, count, { clientId, clean: false }),
  'mqtt.js (v5, no receive maximum)': (topic, clientId, count) =>
    startMqttJs(topic, count, {
      clientId,
      clean: false,
      protocolVersion: 5,
      properties: { sessionExpiryInterval: 3600 },
    }),
  ...Object.fromEntries(
    [4, 5].map((protocolVersion) => [
      `AckAfterCommitConsumer (v${protocolVersion === 5 ? '5, receiveMaximum 4096' : '3.1.1'}, ack at once)`,
      async (topic, clientId, count) => {
        const c = counter(count);
        const consumer = new AckAfterCommitConsumer(
          { url, clientId, subscriptions: [topic], protocolVersion },
          (m) => {
            m.ack();
            c.hit();
          },
        );
        await consumer.start();
        return { done: c.done, close: () => (c.cancel(), consumer.stop()) };
      },
    ]),
  ),
};

async function measure(mode, name, count, size) {
  const topic = `tp/${run}/${mode}/${name.replace(/[^a-z0-9]+/gi, '-')}`;
  const clientId = `tp-${run}-${mode}-${Object.keys(subscribers).indexOf(name)}`;
  const start = subscribers[name];
  let elapsedMs;
  let streamMs;
  let cpu;
  let sub;
  try {
    if (mode === 'live') {
      sub = await start(topic, clientId, count);
      const began = performance.now();
      const cpuBefore = process.cpuUsage();
      await publishInChild(topic, count, size);
      streamMs = await sub.done;
      elapsedMs = performance.now() - began;
      cpu = process.cpuUsage(cpuBefore);
    } else {
      await (await start(topic, clientId, 1)).close();
      await publishRaw(topic, count, size);
      const began = performance.now();
      const cpuBefore = process.cpuUsage();
      sub = await start(topic, clientId, count);
      streamMs = await sub.done;
      elapsedMs = performance.now() - began;
      cpu = process.cpuUsage(cpuBefore);
    }
  } finally {
    await sub?.close();
  }
  const rate = (ms) => String(Math.round((count / ms) * 1000)).padStart(7);
  console.log(
    `${mode.padEnd(8)} ${name.padEnd(62)} ${rate(elapsedMs)} msg/s overall, ` +
      `${rate(streamMs)} msg/s first-to-last, ${((cpu.user + cpu.system) / count).toFixed(1)} µs CPU/msg ` +
      `in the subscriber (${Math.round(elapsedMs)} ms)`,
  );
}

async function main() {
  if (process.argv[2] === 'publish') {
    await publishRaw(process.argv[3], Number(process.argv[4]), Number(process.argv[5]));
    return;
  }
  const count = Number(process.argv[2] ?? 200_000);
  const size = Number(process.argv[3] ?? 200);
  console.log(`${count} QoS 1 messages of ${size} bytes via ${url}`);
  const began = performance.now();
  await publishInChild(`tp/${run}/nobody`, count, size);
  console.log(
    `publisher alone (no subscriber): ${Math.round((count / (performance.now() - began)) * 1000)} msg/s`,
  );
  const modes = (process.env.THROUGHPUT_MODES ?? 'live,backlog').split(',');
  const rounds = Number(process.env.THROUGHPUT_ROUNDS ?? 1);
  for (const mode of modes) {
    for (let round = 0; round < rounds; round++) {
      for (const name of Object.keys(subscribers)) {
        await measure(mode, name, count, size).catch((error) =>
          console.log(`${mode.padEnd(8)} ${name}: ${error.message}`),
        );
      }
    }
  }
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
