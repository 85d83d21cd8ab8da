import { faultScenario, T0 } from '../test/fault-scenario.factory';
import { planCustomerCalls } from './customer-call.model';
import { clipPlan } from './fault.model';

const MIN = 60_000;

describe('planCustomerCalls', () => {
  it('has the first call of a transformer outage come 3-15 minutes in, and most customers never call', () => {
    const firsts: number[] = [];
    let callers = 0;
    let customers = 0;
    for (const seed of [1, 2, 3, 4, 5, 6]) {
      const s = faultScenario({ seed });
      for (const t of s.county.topology.transformers) {
        const plan = s.plan({ kind: 'transformer-outage', assetId: t.id, duration: '2h' });
        const calls = planCustomerCalls(plan, s.conditions, s.calls);
        customers += plan.deenergizedMeterIds.length;
        callers += calls.length;
        if (calls.length > 0) firsts.push((Math.min(...calls.map((c) => c.at)) - T0) / MIN);
      }
    }
    firsts.sort((a, b) => a - b);
    const median = firsts[Math.floor(firsts.length / 2)];
    expect(median).toBeGreaterThanOrEqual(3);
    expect(median).toBeLessThanOrEqual(15);
    expect(firsts[0]).toBeGreaterThanOrEqual(3);
    expect(callers / customers).toBeGreaterThan(0.1);
    expect(callers / customers).toBeLessThan(0.3);
  });

  it('makes no calls for a communication loss or a sag, and rarely one for a momentary', () => {
    const s = faultScenario({ feeders: 1, transformers: 40, meters: 1000 });
    const feeder = s.county.topology.feeders[0].id;
    const t = s.county.topology.transformers[0];
    expect(
      planCustomerCalls(
        s.plan({ kind: 'gateway-comm-loss', assetId: s.index.gatewaysOf(t.id)[0].id }),
        s.conditions,
        s.calls,
      ),
    ).toEqual([]);
    expect(planCustomerCalls(s.plan({ kind: 'voltage-sag', assetId: t.id }), s.conditions, s.calls)).toEqual(
      [],
    );
    const momentary = s.plan({ kind: 'momentary', assetId: feeder, duration: '60s' }, T0 + 24 * 60 * MIN);
    const calls = planCustomerCalls(momentary, s.conditions, s.calls);
    expect(calls.length / momentary.deenergizedMeterIds.length).toBeLessThan(0.03);
    expect(calls.every((c) => /came back|on again/.test(c.description))).toBe(true);
  });

  it('scales every delay by callDelayFactor, keeping who calls', () => {
    const slow = faultScenario();
    const fast = faultScenario({ callDelayFactor: 0.1 });
    const t = slow.gatewayAreas()[0].id;
    const a = planCustomerCalls(
      slow.plan({ kind: 'transformer-outage', assetId: t, duration: '6h' }),
      slow.conditions,
      slow.calls,
    );
    const b = planCustomerCalls(
      fast.plan({ kind: 'transformer-outage', assetId: t, duration: '6h' }),
      fast.conditions,
      fast.calls,
    );
    expect(b.map((c) => c.meterId)).toEqual(a.map((c) => c.meterId));
    b.forEach((c, i) => expect(c.at - T0).toBeCloseTo((a[i].at - T0) * 0.1, -1));
  });

  it('drops the call of a customer whose power came back before they picked up the phone (fault ended early)', () => {
    const s = faultScenario({ callShare: 1 });
    const t = s.gatewayAreas()[0].id;
    const plan = s.plan({ kind: 'transformer-outage', assetId: t, duration: '2h' });
    const all = planCustomerCalls(plan, s.conditions, s.calls);
    const ended = clipPlan(plan, T0 + 10 * MIN);
    s.conditions.update([ended.effects]);
    const after = planCustomerCalls(ended, s.conditions, s.calls);
    expect(after.length).toBeLessThan(all.length);
    expect(
      after.filter((c) => c.at >= T0 + 10 * MIN).every((c) => /came back|on again/.test(c.description)),
    ).toBe(true);
  });
});
