/** The synthetic fleet both sides of each benchmark see: `meters` meters reading every 15 minutes. */
export const BENCH_T0 = Date.parse('2026-06-01T00:00:00+08:00');
export const QUARTER_MS = 900_000;

export const benchMeterId = (i: number) => `bench-M${String(i).padStart(6, '0')}`;

export interface BenchReading {
  meterId: string;
  ts: number;
  energyKwh: number;
  voltageV: number;
  currentA: number;
  powerKw: number;
}

/** The k-th reading of the workload: meter k mod meters, interval k div meters. */
export function benchReading(k: number, meters: number): BenchReading {
  const m = k % meters;
  const q = Math.floor(k / meters);
  return {
    meterId: benchMeterId(m),
    ts: BENCH_T0 + q * QUARTER_MS,
    energyKwh: 1000 + m + q * 0.25,
    voltageV: 220 + (k % 13) * 0.5,
    currentA: 3.2,
    powerKw: 0.7,
  };
}
