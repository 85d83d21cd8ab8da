import { connectAsync } from 'mqtt';
import { benchReading } from './bench-workload';

/**
 * Publishes a benchmark backlog at QoS 1 and exits: `single` = one reading per message on
 * meters/{id}/reading, `batch` = gateway messages of `perMessage` readings.
 * argv: url prefix mode messages meters perMessage firstReading
 */
async function main(): Promise<void> {
  const [url, prefix, mode, messagesArg, metersArg, perMessageArg, firstArg] = process.argv.slice(2);
  const first = Number(firstArg);
  const messages = Number(messagesArg);
  const meters = Number(metersArg);
  const perMessage = Number(perMessageArg);
  const client = await connectAsync(url, { clientId: `bench-pub-${process.pid}`, protocolVersion: 4 });
  const window = 500;
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < messages; i = next++) {
      if (mode === 'single') {
        const r = benchReading(first + i, meters);
        const { meterId, ...body } = r;
        await client.publishAsync(`${prefix}/meters/${meterId}/reading`, JSON.stringify(body), { qos: 1 });
      } else {
        const batch = Array.from({ length: perMessage }, (_, j) =>
          benchReading(first + i * perMessage + j, meters),
        );
        await client.publishAsync(`${prefix}/gateways/bench-G${i % 100}/readings`, JSON.stringify(batch), {
          qos: 1,
        });
      }
    }
  };
  await Promise.all(Array.from({ length: window }, worker));
  await client.endAsync();
}

main().catch((error: Error) => {
  console.error(error.message);
  process.exit(1);
});
