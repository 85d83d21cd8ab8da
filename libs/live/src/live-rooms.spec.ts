import { audienceRooms, reaches, roomsOf } from './live-rooms';

/** Who receives an event with a given audience, by the rooms each person joins. */
describe('live rooms', () => {
  const people = {
    dispatcher: roomsOf({ kind: 'all' }),
    staffOfA: roomsOf({ kind: 'cells', staffId: 'SA', edit: ['CA'], read: ['CA', 'CB'] }),
    staffOfB: roomsOf({ kind: 'cells', staffId: 'SB', edit: ['CB'], read: ['CA', 'CB'] }),
    staffOfZ: roomsOf({ kind: 'cells', staffId: 'SZ', edit: ['CZ'], read: ['CZ'] }),
    staffWithoutPosts: roomsOf({ kind: 'cells', staffId: 'S0', edit: [], read: [] }),
    customerInA: roomsOf({ kind: 'customer', customerId: 'KA' }),
    customerInZ: roomsOf({ kind: 'customer', customerId: 'KZ' }),
  };
  const receivers = (cells: string[], customers: string[]) =>
    Object.entries(people)
      .filter(([, rooms]) => reaches(audienceRooms({ cells, customers }), new Set(rooms)))
      .map(([who]) => who);

  it('sends an incident in cell A to dispatchers, the staff who may read A, and its customers', () => {
    expect(receivers(['CA'], ['KA'])).toEqual(['dispatcher', 'staffOfA', 'staffOfB', 'customerInA']);
  });

  it('sends an incident spanning cells to the staff of any of them', () => {
    expect(receivers(['CB', 'CZ'], [])).toEqual(['dispatcher', 'staffOfA', 'staffOfB', 'staffOfZ']);
  });

  it('sends an event without an audience to dispatchers and administrators only', () => {
    expect(receivers([], [])).toEqual(['dispatcher']);
  });

  it('keeps customers apart from staff even when their ids look alike', () => {
    expect(receivers(['KA'], [])).toEqual(['dispatcher']);
    expect(receivers([], ['CA'])).toEqual(['dispatcher']);
  });
});
