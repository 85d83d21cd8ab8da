import type { Audience } from '@gridcell/events';
import type { AccessScope } from '@gridcell/grid';

/** Dispatchers and administrators: every event goes here. */
export const EVERYONE = 'all';
const cellRoom = (cellId: string) => `cell:${cellId}`;
const customerRoom = (customerId: string) => `customer:${customerId}`;

/**
 * The rooms a person joins, from the same scope the incidents API reads with: everything; the
 * cells a staff member may read (their posts and the neighbouring cells); a customer's own account.
 */
export function roomsOf(scope: AccessScope): string[] {
  switch (scope.kind) {
    case 'all':
      return [EVERYONE];
    case 'cells':
      return scope.read.map(cellRoom);
    case 'customer':
      return [customerRoom(scope.customerId)];
  }
}

/** The rooms an event goes to: dispatchers and administrators, the staff of its cells, its customers. */
export function audienceRooms(audience: Audience): string[] {
  return [EVERYONE, ...audience.cells.map(cellRoom), ...audience.customers.map(customerRoom)];
}

/** Whether someone who joined `joined` receives an event sent to `to`. */
export function reaches(to: readonly string[], joined: ReadonlySet<string>): boolean {
  return to.some((room) => joined.has(room));
}
