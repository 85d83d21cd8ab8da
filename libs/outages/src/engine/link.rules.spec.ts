import { EngineHarness, MIN, S } from '../../test-fixtures/engine.harness';

describe('link rules: a lost link is not an outage', () => {
  it('calls a concentrator that drops off with no power evidence a communication incident', () => {
    const h = new EngineHarness();
    for (const id of h.area(1)) h.reading(id, { energyKwh: 100 });
    h.gateway('G1', 'offline');
    h.clock.advance(89 * S);
    expect(h.latest()).toEqual([]);
    h.clock.advance(2 * S);
    expect(h.latest()).toEqual([
      expect.objectContaining({
        kind: 'communication',
        scope: 'transformer',
        assetId: 'T1',
        meters: 10,
        status: 'open',
      }),
    ]);
  });

  it('turns into an outage when last gasps arrive within the hold time', () => {
    const h = new EngineHarness();
    h.gateway('G1', 'offline');
    h.clock.advance(30 * S);
    h.lastGasp('M1-1');
    h.lastGasp('M1-2');
    h.clock.advance(2 * MIN);
    expect(h.latest().map((c) => [c.kind, c.scope])).toEqual([['outage', 'transformer']]);
  });

  it('closes as communication when the backlog shows energy used during the gap', () => {
    const h = new EngineHarness();
    for (const id of h.area(1)) h.reading(id, { energyKwh: 100 });
    h.gateway('G1', 'offline');
    h.clock.advance(20 * MIN);
    const online = h.clock.now();
    h.gateway('G1', 'online');
    for (const id of h.area(1)) h.reading(id, { ts: online - 5 * MIN, energyKwh: 101.5 });
    expect(h.latest()).toEqual([
      expect.objectContaining({ kind: 'communication', status: 'closed', restoredAt: online }),
    ]);
  });

  it('becomes the outage it was when the registers stood still across the gap', () => {
    const h = new EngineHarness({ noGasp: new EngineHarness().area(1) });
    for (const id of h.area(1)) h.reading(id, { energyKwh: 100 });
    h.gateway('G1', 'offline');
    h.clock.advance(20 * MIN);
    h.gateway('G1', 'online');
    for (const id of h.area(1)) h.reading(id, { energyKwh: 100 });
    expect(h.latest()).toEqual([expect.objectContaining({ kind: 'outage', status: 'restored' })]);
  });

  it('asks a meter that fell silent, and opens an incident only when it does not answer', () => {
    const h = new EngineHarness({ noGasp: ['M1-4'] });
    for (const id of h.area(1)) h.reading(id, { energyKwh: 100 });
    h.gateway('G1', 'online');
    // Everyone reports at the next interval except M1-4 and M1-5.
    h.clock.advance(15 * MIN);
    for (const id of h.area(1, 0, 1, 2, 3, 6, 7, 8, 9)) h.reading(id, { energyKwh: 100.2 });
    h.clock.advance(6 * MIN);
    h.engine.tick();
    h.clock.advance(6 * S);
    expect(h.pinged()).toEqual(['M1-4', 'M1-5']);
    h.settlePings((id) => id === 'M1-5');
    h.clock.advance(2 * S);
    // M1-4 cannot send a last gasp: it may well be without supply.
    expect(h.latest()).toEqual([
      expect.objectContaining({ kind: 'outage', scope: 'meter', assetId: 'M1-4' }),
    ]);
  });

  it('calls a silent meter that could have gasped a link problem, and closes it when it reports', () => {
    const h = new EngineHarness();
    h.reading('M1-4', { energyKwh: 100 });
    h.gateway('G1', 'online');
    h.clock.advance(21 * MIN);
    h.engine.tick();
    h.clock.advance(6 * S);
    h.settlePings(() => false);
    h.clock.advance(2 * S);
    expect(h.latest()).toEqual([
      expect.objectContaining({ kind: 'communication', scope: 'meter', assetId: 'M1-4' }),
    ]);
    h.reading('M1-4', { energyKwh: 100.4 });
    expect(h.latest()[0]).toMatchObject({ status: 'closed' });
  });
});
