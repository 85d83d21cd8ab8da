import { EngineHarness, MIN, S } from '../../test-fixtures/engine.harness';

describe('voltage rules: sustained out-of-band voltage and lost phases', () => {
  const quarterly = (h: EngineHarness, ids: string[], volts: number, quarters: number) => {
    for (let q = 0; q < quarters; q++) {
      for (const id of ids) h.reading(id, { voltage: [volts] });
      h.clock.advance(15 * MIN);
    }
  };

  it('waits the full duration before a house below 198 V is an incident', () => {
    const h = new EngineHarness();
    quarterly(h, ['M1-2'], 191, 4);
    h.clock.advance(2 * S);
    expect(h.latest()).toEqual([]);
    quarterly(h, ['M1-2'], 191, 1);
    h.clock.advance(2 * S);
    expect(h.latest()).toEqual([
      expect.objectContaining({ kind: 'voltage', scope: 'meter', assetId: 'M1-2' }),
    ]);
    expect(h.incident(h.latest()[0].id).evidence.minV).toBe(191);
  });

  it('makes most of an area out of band one transformer incident, restored when back in band', () => {
    const h = new EngineHarness();
    quarterly(h, h.area(2, 0, 1, 2, 3), 240, 5);
    h.clock.advance(2 * S);
    expect(h.latest()).toEqual([
      expect.objectContaining({ kind: 'voltage', scope: 'transformer', assetId: 'T2', meters: 4 }),
    ]);
    quarterly(h, h.area(2, 0, 1, 2, 3), 228, 1);
    expect(h.latest()[0]).toMatchObject({ status: 'restored', still: 0 });
  });

  it('resets a streak that dips back into the band', () => {
    const h = new EngineHarness();
    quarterly(h, ['M1-2'], 191, 3);
    quarterly(h, ['M1-2'], 205, 1);
    quarterly(h, ['M1-2'], 191, 3);
    h.clock.advance(2 * S);
    expect(h.latest()).toEqual([]);
  });

  it('takes a lost phase at the transformer, with the houses it darkened, as one voltage incident', () => {
    const h = new EngineHarness();
    for (const id of h.area(3, 1, 4, 7)) h.lastGasp(id);
    h.clock.advance(S);
    h.settlePings((id) => !['M3-1', 'M3-4', 'M3-7'].includes(id));
    h.clock.advance(20 * S);
    h.event('M3-0', 'phase_loss', 'B');
    const [incident] = h.latest();
    expect(incident).toMatchObject({
      kind: 'voltage',
      scope: 'transformer',
      assetId: 'T3',
      phase: 'B',
      meters: 4,
    });
    h.event('M3-0', 'phase_restore', 'B');
    for (const id of h.area(3, 1, 4, 7)) h.powerUp(id);
    expect(h.latest()[0]).toMatchObject({ status: 'restored' });
  });

  it('sees a lost phase in a three-phase reading', () => {
    const h = new EngineHarness();
    h.reading('M3-0', { voltage: [221, 3, 219] });
    expect(h.latest()).toEqual([
      expect.objectContaining({ kind: 'voltage', scope: 'meter', assetId: 'M3-0', phase: 'B' }),
    ]);
    h.reading('M3-0', { voltage: [221, 220, 219] });
    expect(h.latest()[0]).toMatchObject({ status: 'restored' });
  });
});
