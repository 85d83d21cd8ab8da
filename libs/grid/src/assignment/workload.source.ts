/** Open work in hand per staff member; the work-orders module provides the real count. */
export interface WorkloadSource {
  openWork(staffIds: string[]): Promise<Map<string, number>>;
}

export const WORKLOAD_SOURCE = Symbol('WORKLOAD_SOURCE');

/** Until work orders exist nobody has open work: every count is zero. */
export class NoWorkOrdersYet implements WorkloadSource {
  openWork(): Promise<Map<string, number>> {
    return Promise.resolve(new Map<string, number>());
  }
}
