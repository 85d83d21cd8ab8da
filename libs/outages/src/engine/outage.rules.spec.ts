import { EngineHarness, MIN, S, T0 } from '../../test-fixtures/engine.harness';

describe('outage rules: from last gasps to incidents, up the topology and back', () => {
  it('opens an incident within a quarter second of the first last gasp and widens it to the area', () => {
    const h = new EngineHarness();
    h.clock.advance(40 * S);
    h.lastGasp('M1-3');
    h.clock.advance(250);
    expect(h.latest()).toEqual([
      expect.objectContaining({ change: 'opened', kind: 'outage', scope: 'meter', assetId: 'M1-3' }),
    ]);
    expect(h.latest()[0].at - (T0 + 40 * S)).toBeLessThanOrEqual(250);

    h.clock.advance(S);
    h.lastGasp('M1-5');
    h.lastGasp('M1-7');
    h.clock.advance(S);
    const [area] = h.latest();
    expect(area).toMatchObject({ scope: 'transformer', assetId: 'T1', meters: 10, status: 'open' });
    // Started 30 s before the first last gasp (meters gasp 30-45 s after losing supply).
    expect(area.startedAt).toBe(T0 + 10 * S);
    // Everyone who has not gasped is asked.
    expect(h.pinged()).toEqual(expect.arrayContaining(['M1-0', 'M1-1', 'M1-9']));
  });

  it('keeps one house to itself when its neighbours answer', () => {
    const h = new EngineHarness();
    h.lastGasp('M1-3');
    h.clock.advance(S);
    expect(h.pinged()).toContain('M1-3');
    h.settlePings((id) => id !== 'M1-3');
    h.clock.advance(30 * S);
    expect(h.latest()).toEqual([
      expect.objectContaining({ scope: 'meter', assetId: 'M1-3', meters: 1, status: 'open' }),
    ]);
  });

  it('widens a one-house incident to the area when the neighbours do not answer either', () => {
    const h = new EngineHarness({ noGasp: h0() });
    h.lastGasp('M1-3');
    h.clock.advance(S);
    h.settlePings(() => false);
    expect(h.latest()).toEqual([
      expect.objectContaining({ scope: 'transformer', assetId: 'T1', meters: 10 }),
    ]);
  });

  it('takes the concentrator’s power_down as the area losing supply', () => {
    const h = new EngineHarness();
    h.gateway('G2', 'power_down');
    h.clock.advance(S);
    expect(h.latest()).toEqual([
      expect.objectContaining({ scope: 'transformer', assetId: 'T2', meters: 10 }),
    ]);
    // Its will follows; that is no news.
    h.gateway('G2', 'offline');
    h.clock.advance(5 * MIN);
    expect(h.latest().map((c) => c.kind)).toEqual(['outage']);
  });

  it('makes areas of one feeder going out together one feeder incident', () => {
    const h = new EngineHarness();
    h.gateway('G1', 'power_down');
    h.lastGasp('M1-1');
    h.clock.advance(2 * S);
    h.gateway('G2', 'power_down');
    h.lastGasp('M2-4');
    h.clock.advance(2 * S);
    expect(h.latest()).toEqual([expect.objectContaining({ scope: 'feeder', assetId: 'F1', meters: 20 })]);
  });

  it('drops a meter that answers while its area is only suspected', () => {
    const h = new EngineHarness();
    for (const id of h.area(1, 1, 2, 3)) h.lastGasp(id);
    h.clock.advance(S);
    h.settlePings((id) => id === 'M1-8');
    const [area] = h.latest();
    expect(area).toMatchObject({ meters: 9, still: 9 });
  });

  it('restores from power_up, and records the last meter back as the restoration', () => {
    const h = new EngineHarness();
    h.gateway('G1', 'power_down');
    h.clock.advance(S);
    h.settlePings(() => false);
    h.clock.advance(20 * MIN);
    const back = h.clock.now();
    for (const id of h.area(1)) h.powerUp(id, back - 5 * S);
    const last = h.latest()[0];
    expect(last).toMatchObject({
      change: 'restored',
      status: 'restored',
      kind: 'outage',
      restoredAt: back - 5 * S,
    });
  });

  it('records an interruption that ends within the momentary limit as momentary and closes it', () => {
    const h = new EngineHarness();
    h.clock.advance(35 * S);
    for (const id of h.area(1, 0, 1, 2)) h.lastGasp(id);
    h.clock.advance(S);
    h.settlePings(() => false);
    h.clock.advance(40 * S);
    for (const id of h.area(1)) h.powerUp(id);
    expect(h.latest()).toEqual([
      expect.objectContaining({ kind: 'momentary', status: 'closed', scope: 'transformer' }),
    ]);
    expect(h.changes.slice(-2).map((c) => c.change)).toEqual(['restored', 'closed']);
  });

  it('records power_up with no last gasp before it as a momentary interruption of the feeder', () => {
    const h = new EngineHarness();
    for (const id of [...h.area(1, 0, 1, 2), ...h.area(2, 5)]) h.powerUp(id);
    h.clock.advance(11 * S);
    expect(h.latest()).toEqual([
      expect.objectContaining({
        kind: 'momentary',
        scope: 'feeder',
        assetId: 'F1',
        status: 'closed',
        meters: 4,
      }),
    ]);
  });

  it('splits off a house still dark after its area came back, and restores the rest', () => {
    const h = new EngineHarness();
    h.gateway('G1', 'power_down');
    h.clock.advance(S);
    h.settlePings(() => false);
    h.clock.advance(30 * MIN);
    for (const id of h.area(1, 0, 1, 2, 3, 4, 5, 6, 7, 8)) h.powerUp(id);
    h.settlePings((id) => id !== 'M1-9');
    h.clock.advance(3 * MIN + S);
    const [area, house] = h.latest();
    expect(area).toMatchObject({ scope: 'transformer', status: 'restored', still: 0 });
    expect(house).toMatchObject({
      scope: 'meter',
      assetId: 'M1-9',
      status: 'open',
      parentId: area.id,
      kind: 'outage',
    });
    // The house keeps the outage's start, not the moment it was split off.
    expect(house.startedAt).toBe(area.startedAt);
  });

  it('restores a feeder outage area by area, keeping it open while any area is out', () => {
    const h = new EngineHarness();
    h.gateway('G1', 'power_down');
    h.gateway('G2', 'power_down');
    h.clock.advance(S);
    h.settlePings(() => false);
    h.clock.advance(20 * MIN);
    for (const id of h.area(1)) h.powerUp(id);
    expect(h.latest()[0]).toMatchObject({ scope: 'feeder', status: 'open', still: 10 });
    h.clock.advance(10 * MIN);
    const back = h.clock.now();
    for (const id of h.area(2)) h.powerUp(id);
    expect(h.latest()[0]).toMatchObject({ status: 'restored', restoredAt: back });
  });

  it('takes a power_up arriving after a read already showed the meter back as the earlier return, not a new interruption', () => {
    const h = new EngineHarness();
    h.gateway('G1', 'power_down');
    h.clock.advance(S);
    h.settlePings(() => false);
    h.clock.advance(20 * MIN);
    const back = h.clock.now();
    h.powerUp('M1-0');
    // The others answer the sweep of reads at once; their power_ups follow 15 s later, stamped earlier.
    h.clock.advance(2 * S);
    h.settlePings(() => true);
    expect(h.latest()[0]).toMatchObject({ status: 'restored', restoredAt: back + 2 * S });
    h.clock.advance(15 * S);
    for (const id of h.area(1, 1, 2, 3, 4, 5, 6, 7, 8, 9)) h.powerUp(id, back + S);
    h.clock.advance(11 * S);
    expect(h.latest()).toHaveLength(1);
    expect(h.latest()[0]).toMatchObject({ status: 'restored', restoredAt: back + S });
  });

  it('ignores a duplicate last gasp, and one older than a power_up already seen', () => {
    const h = new EngineHarness();
    h.powerUp('M1-1');
    h.clock.advance(11 * S);
    const before = h.changes.length;
    h.lastGasp('M1-1', T0 - 5 * S);
    h.clock.advance(S);
    expect(h.changes.length).toBe(before);

    h.lastGasp('M1-2');
    h.clock.advance(S);
    h.lastGasp('M1-2');
    h.clock.advance(S);
    expect(h.incident(h.latest().at(-1)!.id).evidence.lastGasps).toBe(1);
  });

  it('trusts the receive time over a device clock far in the future', () => {
    const h = new EngineHarness();
    h.lastGasp('M1-2', T0 + 3 * 3_600_000);
    h.clock.advance(S);
    expect(h.latest()[0].startedAt).toBe(T0 - 30 * S);
  });
});

/** No meter of area 1 can send a last gasp except M1-3. */
function h0(): string[] {
  return Array.from({ length: 10 }, (_, i) => `M1-${i}`).filter((id) => id !== 'M1-3');
}
