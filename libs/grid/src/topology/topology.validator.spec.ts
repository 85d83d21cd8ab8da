import type { TopologyBody } from '@gridcell/contracts';
import { referencedIds, validateTopology, type ExistingTerritory } from './topology.validator';

const nothing = (): ExistingTerritory => ({
  feeders: new Set(),
  cells: new Set(),
  transformers: new Set(),
  gateways: new Set(),
  customers: new Set(),
  primaries: new Map(),
  usernames: new Map(),
});

const area: TopologyBody = {
  feeders: [{ id: 'F1', name: 'Line 1' }],
  cells: [{ id: 'C1', name: 'Liuhe' }],
  transformers: [{ id: 'T1', feederId: 'F1', cellId: 'C1' }],
  gateways: [{ id: 'G1', transformerId: 'T1' }],
  customers: [{ id: 'K1', name: 'Wang' }],
  meters: [{ id: 'M1', transformerId: 'T1', gatewayId: 'G1', customerId: 'K1' }],
};

describe('validateTopology (an import as a whole)', () => {
  it('accepts a self-contained territory', () => {
    expect(validateTopology(area, nothing())).toEqual([]);
  });

  it('names every dangling reference with its path', () => {
    const t: TopologyBody = {
      transformers: [{ id: 'T1', feederId: 'F9', cellId: 'C9' }],
      gateways: [{ id: 'G1', transformerId: 'T9' }],
      meters: [{ id: 'M1', transformerId: 'T9', gatewayId: 'G9', customerId: 'K9' }],
      staff: [{ id: 'S1', name: 'Zhang', cells: [{ cellId: 'C8', role: 'backup' }] }],
    };
    expect(validateTopology(t, nothing())).toEqual([
      'transformers[0].feederId: unknown feeder "F9"',
      'transformers[0].cellId: unknown cell "C9"',
      'gateways[0].transformerId: unknown transformer "T9"',
      'meters[0].transformerId: unknown transformer "T9"',
      'meters[0].gatewayId: unknown gateway "G9"',
      'meters[0].customerId: unknown customer "K9"',
      'staff[0].cells[0].cellId: unknown cell "C8"',
    ]);
  });

  it('resolves references against what the database already holds', () => {
    const existing = { ...nothing(), transformers: new Set(['T7']), customers: new Set(['K7']) };
    expect(
      validateTopology({ meters: [{ id: 'M1', transformerId: 'T7', customerId: 'K7' }] }, existing),
    ).toEqual([]);
  });

  it('refuses duplicate ids, pointing at the first one', () => {
    const t: TopologyBody = { ...area, meters: [{ id: 'M1' }, { id: 'M2' }, { id: 'M1' }] };
    expect(validateTopology(t, nothing())).toEqual([
      'meters[2].id: "M1" appears more than once (first at meters[0])',
    ]);
  });

  it('refuses a cell with two primaries, in the import or beside one already stored', () => {
    const twoInImport: TopologyBody = {
      cells: [{ id: 'C1', name: 'Liuhe' }],
      staff: [
        { id: 'S1', name: 'a', cells: [{ cellId: 'C1', role: 'primary' }] },
        { id: 'S2', name: 'b', cells: [{ cellId: 'C1', role: 'primary' }] },
      ],
    };
    expect(validateTopology(twoInImport, nothing())).toEqual([
      'staff[1].cells[0]: cell "C1" would have two primaries, "S1" and "S2"',
    ]);
    const stored = { ...nothing(), cells: new Set(['C1']), primaries: new Map([['C1', 'S0']]) };
    const t: TopologyBody = { staff: [{ id: 'S2', name: 'b', cells: [{ cellId: 'C1', role: 'primary' }] }] };
    expect(validateTopology(t, stored)).toEqual([
      'staff[0].cells[0]: cell "C1" would have two primaries, "S0" and "S2"',
    ]);
  });

  it('lets a primary hand the post over within one import', () => {
    const stored = { ...nothing(), cells: new Set(['C1']), primaries: new Map([['C1', 'S0']]) };
    const t: TopologyBody = {
      staff: [
        { id: 'S0', name: 'a', cells: [{ cellId: 'C1', role: 'backup' }] },
        { id: 'S2', name: 'b', cells: [{ cellId: 'C1', role: 'primary' }] },
      ],
    };
    expect(validateTopology(t, stored)).toEqual([]);
  });

  it('keeps the posts of staff listed without cells', () => {
    const stored = { ...nothing(), cells: new Set(['C1']), primaries: new Map([['C1', 'S0']]) };
    const t: TopologyBody = {
      staff: [
        { id: 'S0', name: 'renamed only' },
        { id: 'S2', name: 'b', cells: [{ cellId: 'C1', role: 'primary' }] },
      ],
    };
    expect(validateTopology(t, stored)).toEqual([
      'staff[1].cells[0]: cell "C1" would have two primaries, "S0" and "S2"',
    ]);
  });

  it('refuses a cell listed twice for one person', () => {
    const t: TopologyBody = {
      cells: [{ id: 'C1', name: 'Liuhe' }],
      staff: [
        {
          id: 'S1',
          name: 'a',
          cells: [
            { cellId: 'C1', role: 'backup' },
            { cellId: 'C1', role: 'backup' },
          ],
        },
      ],
    };
    expect(validateTopology(t, nothing())).toEqual(['staff[0].cells[1].cellId: cell "C1" is listed twice']);
  });

  it('refuses usernames taken by someone else, and half-given credentials', () => {
    const existing = {
      ...nothing(),
      usernames: new Map([
        ['zhang', 'dispatcher'],
        ['K1', 'staff:S9'],
      ]),
    };
    const t: TopologyBody = {
      customers: [{ id: 'K1', name: 'Wang', password: 'secret-123' }],
      staff: [
        { id: 'S1', name: 'a', username: 'zhang', password: 'secret-123' },
        { id: 'S2', name: 'b', username: 'li' },
        { id: 'S3', name: 'c', username: 'K1', password: 'secret-123' },
      ],
    };
    expect(validateTopology(t, existing)).toEqual([
      'customers[0].id: "K1" is already the username of staff:S9',
      'staff[0].username: "zhang" is already the username of dispatcher',
      'staff[1]: username and password go together',
      'staff[2].username: "K1" is already the username of customer:K1',
    ]);
  });

  it('lets two staff members swap usernames', () => {
    const existing = {
      ...nothing(),
      usernames: new Map([
        ['a', 'staff:S1'],
        ['b', 'staff:S2'],
      ]),
    };
    const t: TopologyBody = {
      staff: [
        { id: 'S1', name: 'x', username: 'b', password: 'secret-123' },
        { id: 'S2', name: 'y', username: 'a', password: 'secret-123' },
      ],
    };
    expect(validateTopology(t, existing)).toEqual([]);
  });
});

describe('referencedIds', () => {
  it('lists only the ids an import refers to without defining them, once each', () => {
    const t: TopologyBody = {
      ...area,
      meters: [
        { id: 'M1', transformerId: 'T1', customerId: 'K5' },
        { id: 'M2', transformerId: 'T2', customerId: 'K5' },
      ],
      staff: [{ id: 'S1', name: 'a', cells: [{ cellId: 'C4', role: 'backup' }] }],
    };
    expect(referencedIds(t)).toEqual({
      feeders: [],
      cells: ['C4'],
      transformers: ['T2'],
      gateways: [],
      customers: ['K5'],
    });
  });
});
