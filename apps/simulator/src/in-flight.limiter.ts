/**
 * Bounds concurrent async operations. Backfill would otherwise hand the broker tens of thousands of QoS 1
 * publishes at once: memory balloons in the client, and a broker enforcing its receive-maximum may drop
 * the connection.
 */
export class InFlightLimiter {
  private active = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(readonly max: number) {
    if (!Number.isInteger(max) || max < 1)
      throw new RangeError(`in-flight limit must be a positive integer, got ${max}`);
  }

  get inFlight(): number {
    return this.active;
  }

  async acquire(): Promise<void> {
    if (this.active < this.max) {
      this.active++;
      return;
    }
    await new Promise<void>((resolve) => this.waiting.push(resolve));
  }

  release(): void {
    const next = this.waiting.shift();
    // Hand the slot straight to the next waiter so the count never dips and lets a newcomer jump the queue.
    if (next) next();
    else this.active--;
  }

  async run<T>(task: () => Promise<T>): Promise<T> {
    await this.acquire();
    try {
      return await task();
    } finally {
      this.release();
    }
  }
}
