import { MAX_LISTED_ERRORS, parseTopology } from './topology.parser';

const square = [
  [114.2, 30.1],
  [114.3, 30.1],
  [114.3, 30.2],
  [114.2, 30.1],
];

function errorsOf(body: unknown): string[] {
  const parsed = parseTopology(body);
  if (parsed.ok) throw new Error('expected the body to be refused');
  return parsed.errors;
}

describe('parseTopology (shape of PUT /api/v1/topology)', () => {
  it('accepts the CONTRACT example and drops fields it does not know', () => {
    const parsed = parseTopology({
      feeders: [{ id: 'F1', name: '10 kV Line 1', colour: 'red' }],
      transformers: [{ id: 'T1', feederId: 'F1', cellId: 'C1', ratedKva: 200, lat: 30.1, lon: 114.2 }],
      gateways: [{ id: 'G1', transformerId: 'T1' }],
      cells: [{ id: 'C1', name: 'Liuhe Village', boundary: { type: 'Polygon', coordinates: [square] } }],
      customers: [{ id: 'K1', name: 'Wang', phone: '138', vulnerable: false, password: 'long enough' }],
      meters: [
        {
          id: 'M1',
          transformerId: 'T1',
          gatewayId: 'G1',
          customerId: 'K1',
          phases: 1,
          intervalS: 900,
          lastGasp: true,
        },
      ],
      staff: [
        {
          id: 'S1',
          name: 'Zhang',
          username: 's1',
          password: 'long enough',
          cells: [{ cellId: 'C1', role: 'primary' }],
        },
      ],
      extra: [],
    });
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(parsed.body.feeders).toEqual([{ id: 'F1', name: '10 kV Line 1' }]);
    expect(parsed.body).not.toHaveProperty('extra');
  });

  it('names every bad field with its path', () => {
    expect(
      errorsOf({
        meters: [{ id: 'M1', phases: 2 }, { id: 'bad id!', intervalS: 10.5 }, { transformerId: 'T1' }],
        customers: [{ id: 'K1', name: '', password: 'short' }],
        staff: [{ id: 'S1', name: 'Zhang', cells: [{ cellId: 'C1', role: 'chief' }] }],
      }),
    ).toEqual(
      expect.arrayContaining([
        'meters[0].phases: must be one of 1, 3',
        'meters[1].id: must be 1-64 characters of [A-Za-z0-9._-]',
        'meters[1].intervalS: must be integer',
        'meters[2].id: is required',
        'customers[0].name: must NOT have fewer than 1 characters',
        'customers[0].password: must NOT have fewer than 8 characters',
        'staff[0].cells[0].role: must be one of "primary", "backup"',
      ]),
    );
  });

  it('refuses a body that is not an object, and collections that are not arrays', () => {
    expect(errorsOf([])).toEqual(['(body): must be object']);
    expect(errorsOf({ meters: {} })).toEqual(['meters: must be array']);
  });

  it('takes GeoJSON Polygon and MultiPolygon outlines and refuses anything else', () => {
    const ok = parseTopology({
      cells: [
        { id: 'C1', name: 'a', boundary: { type: 'Polygon', coordinates: [square] } },
        { id: 'C2', name: 'b', boundary: { type: 'MultiPolygon', coordinates: [[square], [square]] } },
      ],
    });
    expect(ok.ok).toBe(true);
    expect(
      errorsOf({
        cells: [
          { id: 'C1', name: 'a', boundary: { type: 'Point', coordinates: [114, 30] } },
          { id: 'C2', name: 'b', boundary: { type: 'Polygon', coordinates: [square.slice(0, 3)] } },
          {
            id: 'C3',
            name: 'c',
            boundary: { type: 'Polygon', coordinates: [[...square.slice(0, 3), [200, 30.1]]] },
          },
        ],
      }),
    ).toEqual([
      'cells[0].boundary: must be a GeoJSON geometry of type "Polygon" or "MultiPolygon"',
      'cells[1].boundary.coordinates[0]: must NOT have fewer than 4 items',
      'cells[2].boundary.coordinates[0][3][0]: must be <= 180',
    ]);
  });

  it('refuses a ring that does not end where it starts', () => {
    const open = [...square.slice(0, 3), [114.25, 30.05]];
    expect(
      errorsOf({
        cells: [
          {
            id: 'C1',
            name: 'a',
            boundary: { type: 'MultiPolygon', coordinates: [[square], [square, open]] },
          },
        ],
      }),
    ).toEqual([
      'cells[0].boundary.coordinates[1][1]: a ring must end where it starts (last position equal to the first)',
    ]);
  });

  it('lists at most MAX_LISTED_ERRORS and says how many more there were', () => {
    const meters = Array.from({ length: MAX_LISTED_ERRORS + 5 }, () => ({ id: '' }));
    const errors = errorsOf({ meters });
    expect(errors).toHaveLength(MAX_LISTED_ERRORS + 1);
    expect(errors.at(-1)).toBe(`… and 5 more errors (the first ${MAX_LISTED_ERRORS} are listed)`);
  });
});
