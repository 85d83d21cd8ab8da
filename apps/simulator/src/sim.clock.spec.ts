import { createSimClock } from './sim.clock';

describe('createSimClock', () => {
  it('runs at wall speed from now by default', () => {
    let wall = 1_000_000;
    const clock = createSimClock({ wallNow: () => wall });
    wall += 5_000;
    expect(clock.now()).toBe(1_005_000);
    expect(clock.wallDelayUntil(1_010_000)).toBe(5_000);
  });

  it('compresses time by the speed factor from a chosen start', () => {
    let wall = 0;
    const start = Date.parse('2026-01-15T18:00:00+08:00');
    const clock = createSimClock({ speed: 60, startAt: start, wallNow: () => wall });
    wall += 15_000;
    expect(clock.now()).toBe(start + 900_000);
    // The next 15-minute boundary is 15 simulated minutes = 15 wall seconds away.
    expect(clock.wallDelayUntil(start + 1_800_000)).toBe(15_000);
    expect(clock.wallDelayUntil(start)).toBe(0);
  });

  it('rejects a non-positive speed', () => {
    expect(() => createSimClock({ speed: 0 })).toThrow(/speed/);
  });
});
