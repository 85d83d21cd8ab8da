import { faultScenario, T0 } from '../test/fault-scenario.factory';
import type { DeviceAction } from './device-timeline';

const S = 1000;
const events = (actions: DeviceAction[], type: string) =>
  actions.filter(
    (a): a is Extract<DeviceAction, { kind: 'meter-event' }> => a.kind === 'meter-event' && a.type === type,
  );
const ofKind = <K extends DeviceAction['kind']>(actions: DeviceAction[], kind: K) =>
  actions.filter((a): a is Extract<DeviceAction, { kind: K }> => a.kind === kind);

describe('device timeline of a transformer outage', () => {
  const s = faultScenario();
  const t = s.gatewayAreas()[0];
  const meters = s.index.metersOf(t.id);
  const gateway = s.index.gatewaysOf(t.id)[0];
  const plan = s.plan({ kind: 'transformer-outage', assetId: t.id, duration: '20m', lastGaspP: 1 });
  const actions = s.timeline();

  it('has every capable meter send its last gasp 30-45 s after the loss, and no meter without the capacitor', () => {
    const gasps = events(actions, 'power_down');
    expect(gasps.map((g) => g.meterId).sort()).toEqual(
      meters
        .filter((m) => m.lastGasp)
        .map((m) => m.id)
        .sort(),
    );
    expect(meters.some((m) => !m.lastGasp)).toBe(true);
    for (const g of gasps) {
      expect(g.at - T0).toBeGreaterThanOrEqual(30 * S);
      expect(g.at - T0).toBeLessThanOrEqual(45 * S);
      expect(g.faultId).toBe(plan.id);
    }
  });

  it('has the concentrator say power_down about 30 s in, then lose its uplink, then come back after the restore', () => {
    const [powerDown] = ofKind(actions, 'gateway-power-down');
    const [down] = ofKind(actions, 'link-down');
    const [up] = ofKind(actions, 'link-up');
    expect(powerDown).toMatchObject({ gatewayId: gateway.id, faultId: plan.id });
    expect(powerDown.at - T0).toBeGreaterThanOrEqual(30 * S);
    expect(powerDown.at - T0).toBeLessThanOrEqual(32 * S);
    // The link outlives the meters' last gasps, which the concentrator relays on its capacitor.
    expect(down).toMatchObject({ gatewayId: gateway.id, at: T0 + 48 * S });
    const restored = T0 + 20 * 60 * S;
    expect(up.at - restored).toBeGreaterThanOrEqual(0.8 * 45 * S);
    expect(up.at - restored).toBeLessThanOrEqual(1.2 * 45 * S);
  });

  it('has (almost) every meter say power_up shortly after the restore', () => {
    const ups = events(actions, 'power_up');
    const restored = T0 + 20 * 60 * S;
    expect(ups.length).toBeGreaterThanOrEqual(meters.length - 2);
    for (const u of ups) {
      expect(u.at - restored).toBeGreaterThanOrEqual(5 * S);
      expect(u.at - restored).toBeLessThanOrEqual(20 * S);
    }
  });

  it('is the same for the same seed, and different for another', () => {
    expect(s.timeline()).toEqual(actions);
    const other = faultScenario({ seed: 22 });
    const t2 = other.gatewayAreas()[0];
    other.plan({ kind: 'transformer-outage', assetId: t2.id, duration: '20m', lastGaspP: 1 });
    const atOf = (as: DeviceAction[]) => events(as, 'power_down').map((a) => a.at - T0);
    expect(atOf(other.timeline())).not.toEqual(atOf(actions));
  });
});

describe('device timeline: last-gasp probability', () => {
  it('delivers about lastGaspP of the capable meters of a large outage', () => {
    const s = faultScenario({ feeders: 1, transformers: 40, meters: 2000 });
    s.plan({ kind: 'feeder-outage', assetId: s.county.topology.feeders[0].id, lastGaspP: 0.55 });
    const capable = s.county.topology.meters.filter((m) => m.lastGasp).length;
    const share = events(s.timeline(), 'power_down').length / capable;
    expect(share).toBeGreaterThan(0.5);
    expect(share).toBeLessThan(0.6);
  });
});

describe('device timeline of a momentary interruption', () => {
  it('sends no last gasp and no concentrator power_down when power is back within 30 s, but meters say power_up', () => {
    const s = faultScenario();
    const t = s.gatewayAreas()[0];
    s.plan({ kind: 'momentary', assetId: t.id, duration: '25s', lastGaspP: 1 });
    const actions = s.timeline();
    expect(events(actions, 'power_down')).toEqual([]);
    expect(ofKind(actions, 'gateway-power-down')).toEqual([]);
    expect(ofKind(actions, 'link-down')).toEqual([]);
    expect(events(actions, 'power_up').length).toBeGreaterThan(0);
  });

  it('keeps the concentrator power_down but not its link drop for a 40 s interruption', () => {
    const s = faultScenario();
    const t = s.gatewayAreas()[0];
    s.plan({ kind: 'momentary', assetId: t.id, duration: '40s', lastGaspP: 1 });
    const actions = s.timeline();
    expect(ofKind(actions, 'gateway-power-down')).toHaveLength(1);
    expect(ofKind(actions, 'link-down')).toEqual([]);
    for (const g of events(actions, 'power_down')) expect(g.at).toBeLessThan(T0 + 40 * S);
  });
});

describe('device timeline of a gateway communication loss', () => {
  it('only drops and restores the link: no power_down, no meter events', () => {
    const s = faultScenario();
    const gateway = s.index.gatewaysOf(s.gatewayAreas()[0].id)[0];
    s.plan({ kind: 'gateway-comm-loss', assetId: gateway.id, duration: '30m' });
    expect(s.timeline().map(({ kind, at }) => ({ kind, at }))).toEqual([
      { kind: 'link-down', at: T0 },
      { kind: 'link-up', at: T0 + 30 * 60 * S },
    ]);
  });
});

describe('device timeline of overlapping faults', () => {
  it('keeps an area dark until both a transformer and its feeder outage are over, with one last gasp per meter', () => {
    const s = faultScenario();
    const t = s.gatewayAreas()[0];
    s.plan({ kind: 'transformer-outage', assetId: t.id, duration: '10m', lastGaspP: 1 });
    s.plan({ kind: 'feeder-outage', assetId: t.feederId, duration: '30m', lastGaspP: 1 }, T0 + 5 * 60 * S);
    const mine = s
      .timeline()
      .filter((a) => a.kind === 'meter-event' && s.index.meters.get(a.meterId)?.transformerId === t.id);
    const gasps = events(mine, 'power_down');
    expect(new Set(gasps.map((g) => g.meterId)).size).toBe(gasps.length);
    for (const u of events(mine, 'power_up')) expect(u.at).toBeGreaterThan(T0 + 35 * 60 * S);
  });
});

describe('device timeline of a phase loss on a transformer', () => {
  const s = faultScenario();
  const t = s.county.topology.transformers.find((tr) => s.index.metersOf(tr.id).some((m) => m.phases === 3))!;
  const plan = s.plan({ kind: 'phase-loss', assetId: t.id, phase: 'B', duration: '20m', lastGaspP: 1 });
  const actions = s.timeline();

  it('has three-phase meters report phase_loss and phase_restore for phase B', () => {
    const three = s.index
      .metersOf(t.id)
      .filter((m) => m.phases === 3)
      .map((m) => m.id);
    const losses = events(actions, 'phase_loss');
    expect(losses.map((e) => e.meterId).sort()).toEqual(three.sort());
    expect(losses.every((e) => e.phase === 'B' && e.at - T0 >= 10 * S && e.at - T0 <= 60 * S)).toBe(true);
    expect(events(actions, 'phase_restore').map((e) => [e.meterId, e.phase])).toEqual(
      losses.map((e) => [e.meterId, 'B']),
    );
  });

  it('leaves single-phase homes on phase B dark (last gasps), the others and the concentrator untouched', () => {
    const onB = s.index.metersOf(t.id).filter((m) => m.phases === 1 && s.model.voltage.phaseOf(m.id) === 1);
    expect(onB.length).toBeGreaterThan(0);
    expect(plan.deenergizedMeterIds).toEqual(onB.map((m) => m.id).sort());
    expect(
      events(actions, 'power_down')
        .map((e) => e.meterId)
        .sort(),
    ).toEqual(
      onB
        .filter((m) => m.lastGasp)
        .map((m) => m.id)
        .sort(),
    );
    expect(ofKind(actions, 'gateway-power-down')).toEqual([]);
    expect(plan.incidentKind).toBe('outage');
  });
});
