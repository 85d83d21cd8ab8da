import { InFlightLimiter } from './in-flight.limiter';

describe('InFlightLimiter', () => {
  it('never runs more than max tasks at once and runs them all', async () => {
    const limiter = new InFlightLimiter(3);
    let active = 0;
    let peak = 0;
    const done: number[] = [];
    await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        limiter.run(async () => {
          active++;
          peak = Math.max(peak, active);
          await new Promise((r) => setTimeout(r, 1 + (i % 3)));
          active--;
          done.push(i);
        }),
      ),
    );
    expect(peak).toBe(3);
    expect(done.sort((a, b) => a - b)).toEqual(Array.from({ length: 20 }, (_, i) => i));
    expect(limiter.inFlight).toBe(0);
  });

  it('releases the slot when a task fails', async () => {
    const limiter = new InFlightLimiter(1);
    await expect(limiter.run(() => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    await expect(limiter.run(() => Promise.resolve('ok'))).resolves.toBe('ok');
  });

  it('rejects a non-positive limit', () => {
    expect(() => new InFlightLimiter(0)).toThrow(RangeError);
  });
});
