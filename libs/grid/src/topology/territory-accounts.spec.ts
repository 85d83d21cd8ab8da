import { planAccounts } from './territory-accounts';

describe('planAccounts (initial passwords)', () => {
  const none = { staff: new Map<string, string>(), customers: new Set<string>() };

  it('creates sign-ins for staff and customers who have none', () => {
    const plan = planAccounts(
      {
        customers: [
          { id: 'K1', name: 'Wang', password: 'secret-123' },
          { id: 'K2', name: 'Li' },
        ],
        staff: [{ id: 'S1', name: 'Zhang', username: 'zhang', password: 'secret-456' }],
      },
      none,
    );
    expect(plan).toEqual({
      create: [
        { username: 'K1', password: 'secret-123', role: 'customer', staffId: null, customerId: 'K1' },
        { username: 'zhang', password: 'secret-456', role: 'staff', staffId: 'S1', customerId: null },
      ],
      rename: [],
    });
  });

  it('never overwrites the password of an existing account, and renames staff in place', () => {
    const plan = planAccounts(
      {
        customers: [{ id: 'K1', name: 'Wang', password: 'secret-123' }],
        staff: [
          { id: 'S1', name: 'Zhang', username: 'zhang', password: 'secret-456' },
          { id: 'S2', name: 'Zhao', username: 'zhao2', password: 'secret-789' },
        ],
      },
      {
        staff: new Map([
          ['S1', 'zhang'],
          ['S2', 'zhao'],
        ]),
        customers: new Set(['K1']),
      },
    );
    expect(plan).toEqual({ create: [], rename: [{ staffId: 'S2', username: 'zhao2' }] });
  });
});
