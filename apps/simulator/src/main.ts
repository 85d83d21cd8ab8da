/**
 * Stand-alone entry: `node dist/apps/simulator/src/main.js`. Configuration is by environment; see
 * loadSimulatorConfig in simulator.config.ts.
 */
import { loadSimulatorConfig, SimulatorConfigError } from './simulator.config';
import { startSimulator } from './simulator.runner';

async function main(): Promise<void> {
  const config = loadSimulatorConfig(process.env);
  const sim = await startSimulator(config);
  let signalled = false;
  const shutdown = (signal: NodeJS.Signals) => {
    if (signalled) {
      // A second Ctrl-C means "now".
      process.exit(130);
    }
    signalled = true;
    config.logger.info(`${signal}: stopping`);
    void sim.stop().then(() => process.exit(0));
  };
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);
}

main().catch((err: unknown) => {
  if (err instanceof SimulatorConfigError) console.error(err.message);
  else console.error('[simulator] failed to start:', err instanceof Error ? err.message : err);
  process.exit(1);
});
