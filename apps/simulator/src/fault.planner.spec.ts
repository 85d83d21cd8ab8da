import { faultScenario, T0 } from '../test/fault-scenario.factory';
import { FaultRequestError } from './fault-request.parser';

const MIN = 60_000;

describe('planFault: nested restoration', () => {
  const s = faultScenario();
  const feeder = s.county.topology.feeders[0].id;
  const plan = s.plan({ kind: 'nested-restoration', assetId: feeder, duration: '20m', stagger: '10m' });
  const areas = s.index.transformersOf(feeder);

  it('brings the feeder back at the planned time, then the transformers one by one', () => {
    const times = plan.restores.transformers.map((r) => r.at);
    expect(plan.restores.transformers.map((r) => r.id).sort()).toEqual(areas.map((t) => t.id).sort());
    expect(times[0]).toBe(T0 + 20 * MIN);
    for (let i = 1; i < times.length; i++) {
      expect(times[i] - times[i - 1]).toBeGreaterThanOrEqual(5 * MIN);
      expect(times[i] - times[i - 1]).toBeLessThanOrEqual(15 * MIN);
    }
    expect(plan.scope).toBe('feeder');
  });

  it('keeps one house dark after its transformer is back, until its own restore', () => {
    const transformerAt = new Map(plan.restores.transformers.map((r) => [r.id, r.at]));
    const late = plan.restores.meters.filter(
      (r) => r.at > transformerAt.get(s.index.meters.get(r.id)!.transformerId)!,
    );
    expect(late).toHaveLength(1);
    const lag = late[0].at - transformerAt.get(s.index.meters.get(late[0].id)!.transformerId)!;
    expect(lag).toBeGreaterThanOrEqual(15 * MIN);
    expect(plan.plannedEndAt).toBe(Math.max(...plan.restores.meters.map((r) => r.at)));
    expect(s.conditions.isPowered(late[0].id, late[0].at - 1)).toBe(false);
    expect(s.conditions.isPowered(late[0].id, late[0].at)).toBe(true);
  });

  it('is reproducible from the seed, and the straggler can be left out', () => {
    const again = faultScenario().plan({
      kind: 'nested-restoration',
      assetId: feeder,
      duration: '20m',
      stagger: '10m',
    });
    expect(again.restores).toEqual(plan.restores);
    const none = faultScenario().plan({ kind: 'nested-restoration', assetId: feeder, straggler: false });
    const at = new Map(none.restores.transformers.map((r) => [r.id, r.at]));
    expect(none.restores.meters.every((r) => r.at === at.get(s.index.meters.get(r.id)!.transformerId))).toBe(
      true,
    );
  });
});

describe('planFault: scopes and what each kind touches', () => {
  const s = faultScenario();
  const t = s.gatewayAreas()[0];
  const meters = s.index
    .metersOf(t.id)
    .map((m) => m.id)
    .sort();

  it('meter-outage darkens one house only', () => {
    const plan = s.plan({ kind: 'meter-outage', assetId: meters[0] });
    expect(plan).toMatchObject({
      scope: 'meter',
      incidentKind: 'outage',
      deenergizedMeterIds: [meters[0]],
      gatewayIds: [],
    });
  });

  it('gateway-comm-loss affects the relayed meters, de-energizes none', () => {
    const gateway = s.index.gatewaysOf(t.id)[0];
    const plan = s.plan({ kind: 'gateway-comm-loss', assetId: gateway.id });
    expect(plan).toMatchObject({
      scope: 'transformer',
      incidentKind: 'communication',
      deenergizedMeterIds: [],
    });
    expect(plan.affectedMeterIds).toEqual(
      s.index
        .relayedBy(gateway.id)
        .map((m) => m.id)
        .sort(),
    );
  });

  it('voltage-sag lowers the voltage of every meter in the area', () => {
    const plan = s.plan({ kind: 'voltage-sag', assetId: t.id, depth: 0.85 });
    expect(plan).toMatchObject({
      incidentKind: 'voltage',
      affectedMeterIds: meters,
      deenergizedMeterIds: [],
    });
  });

  it('momentary accepts a transformer or a feeder', () => {
    expect(s.plan({ kind: 'momentary', assetId: t.id, duration: 30 }).scope).toBe('transformer');
    expect(s.plan({ kind: 'momentary', assetId: t.feederId, duration: 30 }).scope).toBe('feeder');
  });
});

describe('planFault and parseFaultRequest: refusals (HTTP 400)', () => {
  const s = faultScenario();
  const single = s.county.topology.meters.find((m) => m.phases === 1)!;
  const refused = (body: Record<string, unknown>, now = T0) => {
    try {
      s.plan(body, now);
    } catch (err) {
      if (err instanceof FaultRequestError) return err.message;
      throw err;
    }
    throw new Error('accepted');
  };

  it.each([
    [
      { kind: 'transformer-outage', assetId: 'T99-99' },
      'transformer-outage needs a transformer id; "T99-99"',
    ],
    [{ kind: 'feeder-outage', assetId: single.id }, 'needs a feeder id'],
    [{ kind: 'flood', assetId: 'T01-01' }, 'kind must be one of transformer-outage'],
    [{ kind: 'meter-outage', assetId: single.id, duration: '-5m' }, 'duration must be a positive duration'],
    [{ kind: 'meter-outage', assetId: single.id, duration: 'soon' }, 'duration must be'],
    [{ kind: 'momentary', assetId: 'T01-01', duration: '6m' }, 'under 5 minutes'],
    [{ kind: 'phase-loss', assetId: single.id }, 'needs a three-phase meter'],
    [{ kind: 'phase-loss', assetId: 'T01-01', phase: 'D' }, 'phase must be A, B or C'],
    [{ kind: 'voltage-sag', assetId: 'T01-01', depth: 0.2 }, 'depth must be'],
    [{ kind: 'meter-outage', assetId: single.id, depth: 0.8 }, 'depth applies to voltage-sag only'],
    [{ kind: 'meter-outage', assetId: single.id, start: '2020-01-01T00:00:00Z' }, 'is in the past'],
    [{ kind: 'meter-outage', assetId: single.id, lastGaspP: 2 }, 'lastGaspP must be a probability'],
  ])('%j', (body, message) => {
    expect(refused(body)).toContain(message);
  });

  it('takes relative and absolute starts', () => {
    expect(s.plan({ kind: 'meter-outage', assetId: single.id, start: '+5m' }).request.startAt).toBe(
      T0 + 5 * MIN,
    );
    expect(s.plan({ kind: 'meter-outage', assetId: single.id, start: T0 + MIN }).request.startAt).toBe(
      T0 + MIN,
    );
  });
});
