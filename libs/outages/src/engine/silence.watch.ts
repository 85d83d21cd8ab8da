/** Deadlines are kept in buckets of this width: a tick looks at due buckets only. */
const BUCKET_MS = 5_000;

/**
 * When each meter is next due to have reported, as a timing wheel: a reading moves the meter's
 * deadline (its old bucket entry is left to expire lazily), and a tick hands over the meters whose
 * deadline passed. Nothing scans all meters; a tick costs the meters due in it.
 */
export class SilenceWatch {
  private readonly deadline: Float64Array;
  private readonly buckets = new Map<number, number[]>();
  private cursor = -1;

  constructor(meters: number) {
    this.deadline = new Float64Array(meters).fill(NaN);
  }

  /** The meter is due again by `at` (epoch ms). */
  expect(meter: number, at: number): void {
    this.deadline[meter] = at;
    // A deadline already behind the wheel is due at the next tick.
    const b = Math.max(Math.floor(at / BUCKET_MS), this.cursor);
    if (b !== Math.floor(at / BUCKET_MS)) this.deadline[meter] = b * BUCKET_MS;
    const list = this.buckets.get(b);
    if (list) list.push(meter);
    else this.buckets.set(b, [meter]);
  }

  /** Stops watching a meter (until its next reading). */
  forget(meter: number): void {
    this.deadline[meter] = NaN;
  }

  /** Meters whose deadline has passed by `now`; each is reported once per deadline. */
  due(now: number): number[] {
    const last = Math.floor(now / BUCKET_MS) - 1;
    if (this.cursor < 0) this.cursor = Math.min(last, ...this.buckets.keys());
    const out: number[] = [];
    for (; this.cursor <= last; this.cursor++) {
      const list = this.buckets.get(this.cursor);
      if (!list) continue;
      this.buckets.delete(this.cursor);
      for (const m of list) {
        const d = this.deadline[m];
        if (Math.floor(d / BUCKET_MS) === this.cursor) {
          this.deadline[m] = NaN;
          out.push(m);
        }
      }
    }
    return out;
  }
}
