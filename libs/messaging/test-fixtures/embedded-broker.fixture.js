'use strict';
// Runs the real src/embedded-broker.ts outside Jest (aedes is ESM-only and Jest turns import() into
// require()). load-typescript compiles it with the build's module settings, so the dynamic import
// survives exactly as it does in dist/.
//   node embedded-broker.fixture.js <port> [host]
// Prints one JSON line, {"url":...} once listening or {"error":...}, then serves until stdin closes or
// SIGTERM/SIGINT arrives.
require('./load-typescript');

async function main() {
  const port = Number(process.argv[2] ?? 0);
  const host = process.argv[3];
  const { startEmbeddedBroker } = require('../src/embedded-broker.ts');
  let broker;
  try {
    broker = await startEmbeddedBroker(host === undefined ? { port } : { port, host });
  } catch (error) {
    process.stdout.write(`${JSON.stringify({ error: error.message })}\n`);
    process.exitCode = 1;
    return;
  }
  process.stdout.write(`${JSON.stringify({ url: broker.url })}\n`);
  let closing = false;
  const shutdown = () => {
    if (closing) return;
    closing = true;
    broker.close().then(() => process.exit(0));
  };
  process.stdin.on('end', shutdown).resume();
  process.once('SIGTERM', shutdown);
  process.once('SIGINT', shutdown);
}

main().catch((error) => {
  process.stdout.write(`${JSON.stringify({ error: String(error && error.stack) })}\n`);
  process.exitCode = 1;
});
