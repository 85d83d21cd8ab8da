import { chooseAssignee, type Candidate, type CellPosts, type NeighbourCell } from './assignment.rules';

const person = (staffId: string, dutyState: Candidate['dutyState'] = 'on_duty', openWork = 0): Candidate => ({
  staffId,
  name: `Name ${staffId}`,
  dutyState,
  openWork,
});
const cell = (primary: Candidate | null, ...backups: Candidate[]): CellPosts => ({
  cellId: 'C1',
  primary,
  backups,
});
const neighbour = (cellId: string, opts: Partial<NeighbourCell>, ...staff: Candidate[]): NeighbourCell => ({
  cellId,
  primary: staff[0] ?? null,
  backups: staff.slice(1),
  sharedFeederId: null,
  distanceKm: null,
  ...opts,
});
const normal = { urgent: false, maxOpenWork: 5 };
const urgent = { urgent: true, maxOpenWork: 5 };

describe('chooseAssignee (A/B post rule)', () => {
  it('gives the work to the on-duty primary', () => {
    expect(chooseAssignee(cell(person('A'), person('B')), [], normal)).toEqual({
      kind: 'staff',
      staffId: 'A',
      name: 'Name A',
      cellId: 'C1',
      via: 'primary',
      reason: 'primary',
    });
  });

  it('keeps a loaded primary for ordinary work, saying how loaded', () => {
    const d = chooseAssignee(cell(person('A', 'on_duty', 6), person('B')), [], normal);
    expect(d).toMatchObject({ staffId: 'A', via: 'primary', reason: 'primary (6 open orders)' });
  });

  it('passes urgent work from a fully loaded primary to a backup with room', () => {
    const d = chooseAssignee(cell(person('A', 'on_duty', 5), person('B', 'on_duty', 1)), [], urgent);
    expect(d).toMatchObject({
      staffId: 'B',
      via: 'backup',
      reason: 'backup: urgent, and primary Name A has 5 open orders (limit 5)',
    });
  });

  it('keeps urgent work with a loaded primary when every backup is loaded too', () => {
    expect(
      chooseAssignee(cell(person('A', 'on_duty', 7), person('B', 'on_duty', 9)), [], urgent),
    ).toMatchObject({ staffId: 'A' });
  });

  it.each([
    ['on_leave', 'backup: primary Name A is on leave'],
    ['off_duty', 'backup: primary Name A is off duty'],
  ] as const)('falls to the backup when the primary is %s', (state, reason) => {
    expect(chooseAssignee(cell(person('A', state), person('B')), [], normal)).toMatchObject({
      staffId: 'B',
      via: 'backup',
      reason,
    });
  });

  it('falls to the backup when the cell has no primary, choosing the least-loaded backup on duty', () => {
    const d = chooseAssignee(
      cell(null, person('B1', 'on_duty', 3), person('B2', 'on_duty', 1), person('B3', 'on_leave')),
      [],
      normal,
    );
    expect(d).toMatchObject({ staffId: 'B2', via: 'backup', reason: 'backup: the cell has no primary' });
  });

  it('goes to the least-loaded on-duty staff of a neighbouring cell when both posts are away', () => {
    const d = chooseAssignee(
      cell(person('A', 'on_leave'), person('B', 'off_duty')),
      [
        neighbour('C2', { distanceKm: 2 }, person('N1', 'on_duty', 4)),
        neighbour('C3', { sharedFeederId: 'F1' }, person('N2', 'on_duty', 1), person('N3', 'on_leave')),
      ],
      normal,
    );
    expect(d).toEqual({
      kind: 'staff',
      staffId: 'N2',
      name: 'Name N2',
      cellId: 'C3',
      via: 'neighbour',
      reason:
        'neighbour: Name N2 of cell C3 (shares feeder F1); in C1 primary Name A is on leave and no backup on duty',
    });
  });

  it('among equally loaded neighbours prefers a shared feeder, then the nearest', () => {
    const away = cell(person('A', 'off_duty'));
    const near = neighbour('C2', { distanceKm: 1.5 }, person('N1'));
    const far = neighbour('C3', { distanceKm: 8 }, person('N2'));
    const feeder = neighbour('C4', { sharedFeederId: 'F2', distanceKm: 20 }, person('N3'));
    expect(chooseAssignee(away, [far, near], normal)).toMatchObject({
      staffId: 'N1',
      reason: expect.stringContaining('1.5 km away'),
    });
    expect(chooseAssignee(away, [far, near, feeder], normal)).toMatchObject({
      staffId: 'N3',
      reason: expect.stringContaining('shares feeder F2'),
    });
  });

  it('queues for the dispatcher when no one nearby is on duty', () => {
    const d = chooseAssignee(
      cell(person('A', 'on_leave'), person('B', 'on_leave')),
      [neighbour('C2', {}, person('N1', 'off_duty'))],
      normal,
    );
    expect(d).toEqual({
      kind: 'dispatcher-queue',
      reason:
        'dispatcher queue: no one on duty in C1 (primary Name A is on leave, no backup on duty) or its 1 neighbouring cells',
    });
  });

  it('queues for the dispatcher when the cell has no posts and no neighbours', () => {
    expect(chooseAssignee(cell(null), [], urgent)).toEqual({
      kind: 'dispatcher-queue',
      reason:
        'dispatcher queue: no one on duty in C1 (the cell has no primary, no backup) or its 0 neighbouring cells',
    });
  });
});
