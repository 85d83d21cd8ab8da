import type { WorkOrderStatus } from '@gridcell/contracts';

/** The steps people take on a work order; each moves it to a status (or, for reassign, keeps it assigned). */
export const STEPS = [
  'assign',
  'accept',
  'en_route',
  'on_site',
  'resolve',
  'feedback',
  'close',
  'cancel',
  'reopen',
] as const;
export type Step = (typeof STEPS)[number];

const OPEN: WorkOrderStatus[] = [
  'created',
  'assigned',
  'accepted',
  'en_route',
  'on_site',
  'resolved',
  'feedback_given',
];

/** From which statuses each step may be taken, and where it leads. */
const RULES: Record<Step, { from: WorkOrderStatus[]; to: WorkOrderStatus }> = {
  // Assigning again (a hand-over) is allowed until the crew is on its way.
  assign: { from: ['created', 'assigned', 'accepted'], to: 'assigned' },
  accept: { from: ['assigned'], to: 'accepted' },
  en_route: { from: ['accepted'], to: 'en_route' },
  on_site: { from: ['en_route'], to: 'on_site' },
  resolve: { from: ['on_site', 'accepted'], to: 'resolved' },
  feedback: { from: ['resolved'], to: 'feedback_given' },
  close: { from: ['feedback_given'], to: 'closed' },
  cancel: { from: OPEN, to: 'cancelled' },
  // An unhappy customer reopens the case: back to the person who had it.
  reopen: { from: ['resolved', 'feedback_given', 'closed'], to: 'assigned' },
};

/** Field steps record where they were taken. */
export const FIELD_STEPS: ReadonlySet<Step> = new Set(['en_route', 'on_site', 'resolve']);

export class InvalidTransition extends Error {
  constructor(
    readonly step: Step,
    readonly from: WorkOrderStatus,
  ) {
    const allowed = RULES[step].from;
    super(
      `cannot ${step.replace('_', ' ')} a work order that is ${from.replace('_', ' ')} (only from: ${allowed.join(', ')})`,
    );
  }
}

/** The status a step leads to from `from`, or an {@link InvalidTransition} saying why not. */
export function nextStatus(from: WorkOrderStatus, step: Step): WorkOrderStatus {
  const rule = RULES[step];
  if (!rule.from.includes(from)) throw new InvalidTransition(step, from);
  return rule.to;
}

export function isOpen(status: WorkOrderStatus): boolean {
  return OPEN.includes(status);
}
