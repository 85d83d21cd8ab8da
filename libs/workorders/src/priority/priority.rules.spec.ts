import { priorityOf } from './priority.rules';

describe('work-order priority', () => {
  const outage = {
    type: 'outage_repair' as const,
    affectedCustomers: 12,
    vulnerableCustomers: 0,
    scope: 'transformer' as const,
  };

  it('gives an ordinary outage priority 2 and says so', () => {
    expect(priorityOf(outage)).toEqual({ priority: 2, reason: 'usual priority for outage repair' });
  });

  it('raises it for vulnerable customers, for many customers and for a whole feeder', () => {
    expect(priorityOf({ ...outage, vulnerableCustomers: 1 })).toEqual({
      priority: 1,
      reason: '1 vulnerable customer affected',
    });
    expect(priorityOf({ ...outage, affectedCustomers: 50 })).toEqual({
      priority: 1,
      reason: '50 customers out',
    });
    expect(priorityOf({ ...outage, scope: 'feeder', vulnerableCustomers: 3 })).toEqual({
      priority: 1,
      reason: 'a whole feeder is out; 3 vulnerable customers affected',
    });
  });

  it('raises other work by one step for a vulnerable customer, never above 1', () => {
    expect(priorityOf({ type: 'meter_fault', affectedCustomers: 1, vulnerableCustomers: 1 }).priority).toBe(
      2,
    );
    expect(
      priorityOf({ type: 'communication_fault', affectedCustomers: 30, vulnerableCustomers: 0 }).priority,
    ).toBe(4);
    expect(priorityOf({ type: 'complaint', affectedCustomers: 1, vulnerableCustomers: 1 }).priority).toBe(1);
  });
});
