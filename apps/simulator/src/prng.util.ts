/**
 * Tiny deterministic randomness. Everything the simulator invents (topology, household habits, noise)
 * must be reproducible from a seed so that a restart re-publishes byte-identical history, which the
 * platform de-duplicates on (meter, ts). Math.random is therefore never used for simulated facts.
 */

// Bound once: inside vm sandboxes (jest) every global lookup goes through an interceptor, and these
// functions run millions of times when a fleet's history is computed.
const { floor, imul, sqrt } = Math;

/** mulberry32: 32-bit state, good enough statistical quality for synthetic data and trivially portable. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = imul(t ^ (t >>> 15), t | 1);
    t ^= t + imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** FNV-1a over UTF-16 code units: stable string → 32-bit key (ids are ASCII anyway). */
export function hashString(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** lowbias32 finaliser: a stateless hash so per-(meter, interval) noise needs no sequential state. */
export function mix32(x: number): number {
  x >>>= 0;
  x ^= x >>> 16;
  x = imul(x, 0x7feb352d);
  x ^= x >>> 15;
  x = imul(x, 0x846ca68b);
  x ^= x >>> 16;
  return x >>> 0;
}

/** Uniform [0, 1) from a key and up to two integer coordinates (e.g. meter key, slot index). */
export function hashUnit(key: number, a: number, b = 0): number {
  // Slot indices exceed 2^31 only in the year 6000+, but keep the high bits anyway.
  const aLo = a >>> 0;
  const aHi = floor(a / 4294967296) >>> 0;
  let h = mix32(key ^ 0x9e3779b9);
  h = mix32(h ^ aLo);
  h = mix32(h ^ aHi ^ 0x85ebca6b);
  h = mix32(h ^ (b >>> 0));
  return h / 4294967296;
}

export interface Rng {
  next(): number;
  float(min: number, max: number): number;
  int(min: number, maxInclusive: number): number;
  chance(p: number): boolean;
  pick<T>(items: readonly T[]): T;
  shuffle<T>(items: readonly T[]): T[];
  /** Approximately normal via Irwin–Hall(4): bounded tails are a feature for physical quantities. */
  normal(mean: number, sd: number): number;
}

export function createRng(seed: number, stream = ''): Rng {
  const next = mulberry32(stream ? mix32(seed ^ hashString(stream)) : seed);
  const rng: Rng = {
    next,
    float: (min, max) => min + (max - min) * next(),
    int: (min, maxInclusive) => min + floor(next() * (maxInclusive - min + 1)),
    chance: (p) => next() < p,
    pick: (items) => items[floor(next() * items.length)],
    shuffle: (items) => {
      const out = items.slice();
      for (let i = out.length - 1; i > 0; i--) {
        const j = floor(next() * (i + 1));
        [out[i], out[j]] = [out[j], out[i]];
      }
      return out;
    },
    normal: (mean, sd) => mean + sd * (next() + next() + next() + next() - 2) * sqrt(3),
  };
  return rng;
}
