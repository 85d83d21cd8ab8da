import type { WorkOrderType } from '@gridcell/contracts';

export interface PriorityInput {
  type: WorkOrderType;
  /** Customers without supply (or affected), and how many of them are vulnerable. */
  affectedCustomers: number;
  vulnerableCustomers: number;
  scope?: 'meter' | 'transformer' | 'feeder';
}

/** Customers out at once from which an outage is urgent whoever they are. */
export const MANY_CUSTOMERS = 50;

const BASE: Record<WorkOrderType, number> = {
  outage_repair: 2,
  voltage_quality: 3,
  meter_fault: 3,
  communication_fault: 4,
  connection_request: 3,
  billing_inquiry: 3,
  complaint: 2,
  scheduled_inspection: 4,
};

/**
 * 1 (most urgent) to 4, with the reason. Vulnerable customers affected (elderly living alone,
 * disabled, medical equipment at home) raise any order by one; an outage of a feeder or of
 * MANY_CUSTOMERS or more is urgent in itself.
 */
export function priorityOf(p: PriorityInput): { priority: number; reason: string } {
  const reasons: string[] = [];
  let priority = BASE[p.type];
  if (p.type === 'outage_repair' && (p.scope === 'feeder' || p.affectedCustomers >= MANY_CUSTOMERS)) {
    priority = 1;
    reasons.push(p.scope === 'feeder' ? 'a whole feeder is out' : `${p.affectedCustomers} customers out`);
  }
  if (p.vulnerableCustomers > 0) {
    priority = Math.max(1, Math.min(priority, BASE[p.type] - 1));
    reasons.push(
      `${p.vulnerableCustomers} vulnerable customer${p.vulnerableCustomers === 1 ? '' : 's'} affected`,
    );
  }
  return {
    priority,
    reason: reasons.length ? reasons.join('; ') : `usual priority for ${p.type.replace(/_/g, ' ')}`,
  };
}
