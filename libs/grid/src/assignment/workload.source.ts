/**
 * Open work in hand per staff member. The work-orders module provides it (globally, under
 * WORKLOAD_SOURCE); without it, as in the territory CLI, everyone counts as having none.
 */
export interface WorkloadSource {
  openWork(staffIds: string[]): Promise<Map<string, number>>;
}

export const WORKLOAD_SOURCE = Symbol('WORKLOAD_SOURCE');
