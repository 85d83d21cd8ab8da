import { DetectorEngine } from '../../libs/outages/src/engine/detector.engine';
import { SystemScheduler, type DetectionRules } from '../../libs/outages/src/engine/ports';
import { buildGridIndex, type IndexRows } from '../../libs/outages/src/topology/grid-index';

/**
 * `npm run bench:detector`: the detector's memory and speed at county scale and beyond, in process
 * (no broker, no database: the engine alone). BENCH_DETECTOR_METERS meters (default 1,000,000), 100
 * per transformer area, each fed a reading; then a wave of last gasps. Prints the heap the engine's
 * state takes, readings/s through the engine beside a baseline (a bare Map of last-seen times
 * updated per reading, the least any detector must do), and the time from a last gasp to the
 * incident the engine opens.
 */
const METERS = Number(process.env.BENCH_DETECTOR_METERS ?? 1_000_000);
const PER_AREA = 100;
const RULES: DetectionRules = {
  momentaryMaxMs: 300_000,
  lastGaspDelayMs: 30_000,
  commHoldMs: 90_000,
  pingTimeoutMs: 20_000,
  repingMs: 120_000,
  stragglerMs: 180_000,
  feederWindowMs: 120_000,
  silenceGraceMs: 300_000,
  voltageLow: 198,
  voltageHigh: 235.4,
  voltageMinDurationMs: 3_600_000,
};
const mb = (bytes: number) => `${(bytes / 2 ** 20).toFixed(0)} MiB`;
const heap = () => {
  global.gc?.();
  return process.memoryUsage().heapUsed;
};

function rows(): IndexRows {
  const areas = Math.ceil(METERS / PER_AREA);
  return {
    version: 'bench',
    transformers: Array.from({ length: areas }, (_, t) => ({
      id: `T${t}`,
      feeder_id: `F${Math.floor(t / 20)}`,
      cell_id: `C${Math.floor(t / 2)}`,
    })),
    gateways: Array.from({ length: areas }, (_, t) => ({ id: `G${t}`, transformer_id: `T${t}` })),
    meters: Array.from({ length: METERS }, (_, i) => ({
      id: `M${i}`,
      transformer_id: `T${Math.floor(i / PER_AREA)}`,
      gateway_id: `G${Math.floor(i / PER_AREA)}`,
      customer_id: `K${i}`,
      phases: 1,
      interval_s: 900,
      last_gasp: i % 3 !== 0,
      vulnerable: false,
    })),
  };
}

function main(): void {
  const before = heap();
  const index = buildGridIndex(rows());
  const opened: number[] = [];
  const engine = new DetectorEngine(
    index,
    RULES,
    new SystemScheduler(),
    { changed: (_i, c) => c === 'opened' && opened.push(performance.now()) },
    { ping: () => undefined },
  );
  const t0 = Date.now();
  let start = performance.now();
  for (let m = 0; m < METERS; m++)
    engine.reading(m, { ts: t0, energyKwh: 100 + (m % 7), voltage: [221] }, t0, true);
  const ours = METERS / ((performance.now() - start) / 1000);
  const withState = heap();

  const bare = new Map<number, number>();
  start = performance.now();
  for (let m = 0; m < METERS; m++) bare.set(m, t0);
  const baseline = METERS / ((performance.now() - start) / 1000);
  bare.clear();

  // One last gasp in each of 100 areas: each must become an incident after the 250 ms gathering.
  const gasps: number[] = [];
  for (let a = 0; a < 100; a++) {
    gasps.push(performance.now());
    engine.meterEvent(a * PER_AREA + 1, 'power_down', Date.now(), Date.now(), null);
  }
  setTimeout(() => {
    const delays = opened.map((t, i) => t - gasps[i]).sort((x, y) => x - y);
    console.log(
      `bench:detector — ${METERS.toLocaleString('en-US')} meters in ${index.areas.length.toLocaleString('en-US')} areas`,
    );
    console.log(
      `  heap for the index and engine state      ${mb(withState - before).padStart(10)}   (${((withState - before) / METERS).toFixed(0)} B per meter; target well under 1 GiB)`,
    );
    console.log(
      `  readings through the engine              ${Math.round(ours).toLocaleString('en-US').padStart(10)} /s`,
    );
    console.log(
      `  baseline: bare Map of last-seen times    ${Math.round(baseline).toLocaleString('en-US').padStart(10)} /s   ratio ${(ours / baseline).toFixed(2)}`,
    );
    console.log(
      `  last gasp → incident opened (engine)     p50 ${delays[Math.floor(delays.length / 2)].toFixed(0)} ms, max ${delays.at(-1)!.toFixed(0)} ms over ${delays.length} areas (250 ms of it is gathering a burst)`,
    );
    process.exit(0);
  }, 1_000);
}

main();
