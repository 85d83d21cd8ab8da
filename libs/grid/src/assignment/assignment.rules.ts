import type { DutyState } from '../entities/staff.entity';

/** A person who could take the work. */
export interface Candidate {
  staffId: string;
  name: string;
  dutyState: DutyState;
  /** Open work orders in hand. */
  openWork: number;
}

/** A cell's A/B posts: its primary (A) and backups (B). */
export interface CellPosts {
  cellId: string;
  primary: Candidate | null;
  backups: Candidate[];
}

export interface NeighbourCell extends CellPosts {
  /** Id of a feeder both cells hang on, if any. */
  sharedFeederId: string | null;
  distanceKm: number | null;
}

export interface AssignmentRequest {
  urgent: boolean;
  /** At or above this many open orders a person counts as fully loaded. */
  maxOpenWork: number;
}

export type AssignmentDecision =
  | {
      kind: 'staff';
      staffId: string;
      name: string;
      cellId: string;
      via: 'primary' | 'backup' | 'neighbour';
      reason: string;
    }
  | { kind: 'dispatcher-queue'; reason: string };

const onDuty = (c: Candidate | null): c is Candidate => c?.dutyState === 'on_duty';
const byLoad = (a: Candidate, b: Candidate) => a.openWork - b.openWork || a.staffId.localeCompare(b.staffId);
const STATE_WORDS: Record<DutyState, string> = {
  on_duty: 'on duty',
  off_duty: 'off duty',
  on_leave: 'on leave',
};

/**
 * Who takes work in a cell now (the A/B post rule): the on-duty primary; else the least-loaded
 * on-duty backup; else the least-loaded on-duty staff of a neighbouring cell (sharing a feeder
 * first, then nearest); else the dispatcher queue. Urgent work passes over a fully loaded primary
 * when a backup has room. Every decision says why.
 */
export function chooseAssignee(
  cell: CellPosts,
  neighbours: NeighbourCell[],
  request: AssignmentRequest,
): AssignmentDecision {
  const full = (c: Candidate) => c.openWork >= request.maxOpenWork;
  const backups = cell.backups.filter(onDuty).sort(byLoad);
  const primary = cell.primary;

  const available = primary?.dutyState === 'on_duty' ? primary : null;
  if (available) {
    const roomyBackup = backups.find((b) => !full(b));
    if (request.urgent && full(available) && roomyBackup) {
      return staff(
        roomyBackup,
        cell.cellId,
        'backup',
        `backup: urgent, and primary ${available.name} has ${available.openWork} open orders (limit ${request.maxOpenWork})`,
      );
    }
    return staff(
      available,
      cell.cellId,
      'primary',
      available.openWork ? `primary (${available.openWork} open orders)` : 'primary',
    );
  }

  const whyNotPrimary = primary
    ? `primary ${primary.name} is ${STATE_WORDS[primary.dutyState]}`
    : 'the cell has no primary';
  if (backups.length) return staff(backups[0], cell.cellId, 'backup', `backup: ${whyNotPrimary}`);

  const whyNotBackup = cell.backups.length ? `no backup on duty` : 'no backup';
  const near = neighbours
    .flatMap((n) => [n.primary, ...n.backups].filter(onDuty).map((c) => ({ c, n })))
    .sort(
      (x, y) =>
        x.c.openWork - y.c.openWork ||
        Number(y.n.sharedFeederId !== null) - Number(x.n.sharedFeederId !== null) ||
        (x.n.distanceKm ?? Infinity) - (y.n.distanceKm ?? Infinity) ||
        x.c.staffId.localeCompare(y.c.staffId),
    );
  if (near.length) {
    const { c, n } = near[0];
    const link = n.sharedFeederId
      ? `shares feeder ${n.sharedFeederId}`
      : `${n.distanceKm?.toFixed(1)} km away`;
    return staff(
      c,
      n.cellId,
      'neighbour',
      `neighbour: ${c.name} of cell ${n.cellId} (${link}); in ${cell.cellId} ${whyNotPrimary} and ${whyNotBackup}`,
    );
  }
  return {
    kind: 'dispatcher-queue',
    reason: `dispatcher queue: no one on duty in ${cell.cellId} (${whyNotPrimary}, ${whyNotBackup}) or its ${neighbours.length} neighbouring cells`,
  };
}

function staff(
  c: Candidate,
  cellId: string,
  via: 'primary' | 'backup' | 'neighbour',
  reason: string,
): AssignmentDecision {
  return { kind: 'staff', staffId: c.staffId, name: c.name, cellId, via, reason };
}
