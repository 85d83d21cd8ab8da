import type { LiveMessage, ReplayTruncated } from './live-protocol';
import { ReplaySession, type ReplaySource } from './replay.session';

const message = (eventId: number, rooms = ['all']): LiveMessage => ({
  type: 'incident.updated',
  rooms,
  payload: { eventId } as LiveMessage['payload'],
});

/** An outbox of events 1..n (odd ones for cell A, even ones for cell Z) read in pages of 3. */
class FakeOutbox implements ReplaySource {
  readonly pageSize = 3;
  events: LiveMessage[] = [];
  pruned: number | null = null;
  /** Runs before each page is answered: live events arriving while the replay waits for the database. */
  beforePage: (after: number) => void = () => undefined;

  append(n: number): LiveMessage[] {
    const added = Array.from({ length: n }, (_, i) => {
      const id = this.events.length + i + 1;
      return message(id, ['all', id % 2 ? 'cell:CA' : 'cell:CZ']);
    });
    this.events.push(...added);
    return added;
  }

  async page(after: number): Promise<LiveMessage[]> {
    await Promise.resolve();
    this.beforePage(after);
    return this.events.filter((e) => e.payload.eventId > after).slice(0, this.pageSize);
  }

  async latest(): Promise<number> {
    return Promise.resolve(this.events.length);
  }

  async prunedThrough(): Promise<number | null> {
    return Promise.resolve(this.pruned);
  }
}

function socket(rooms: string[]) {
  const received: number[] = [];
  const notices: ReplayTruncated[] = [];
  const state = { settled: false, open: true };
  return {
    received,
    notices,
    state,
    rooms: new Set(rooms),
    target: {
      get open() {
        return state.open;
      },
      send: (m: LiveMessage) => received.push(m.payload.eventId),
      truncated: (n: ReplayTruncated) => notices.push(n),
      settle: () => {
        state.settled = true;
      },
    },
  };
}

describe('replay session', () => {
  it('sends what was missed in order, then the events that arrived live during the replay, each once', async () => {
    const outbox = new FakeOutbox();
    outbox.append(7);
    const s = socket(['cell:CA']);
    const replay = new ReplaySession(2, s.rooms, s.target);
    let head = 7;
    // While pages are read, the relay commits and delivers 8 and 9, then 10 — some of which the pages hold too.
    outbox.beforePage = (after) => {
      if (after !== 5) return;
      for (const m of outbox.append(3)) replay.live(m, (head = m.payload.eventId));
    };
    await replay.run(outbox, () => head);
    expect(s.received).toEqual([3, 5, 7, 9]);
    expect(s.state.settled).toBe(true);
  });

  it('drops live events the pages already sent while the relay lags behind the outbox, then settles', async () => {
    const outbox = new FakeOutbox();
    outbox.append(9);
    const s = socket(['all']);
    const replay = new ReplaySession(4, s.rooms, s.target);
    let head = 6;
    await replay.run(outbox, () => head);
    expect(s.received).toEqual([5, 6, 7, 8, 9]);
    expect(s.state.settled).toBe(false);
    for (const m of outbox.events.slice(6, 9)) replay.live(m, (head = m.payload.eventId));
    expect(s.received).toEqual([5, 6, 7, 8, 9]);
    expect(s.state.settled).toBe(true);
    expect(replay.settled).toBe(true);
  });

  it('keeps sending live events one by one until the relay has passed the replay', async () => {
    const outbox = new FakeOutbox();
    outbox.append(4);
    const s = socket(['all']);
    const replay = new ReplaySession(0, s.rooms, s.target);
    await replay.run(outbox, () => null);
    expect(s.state.settled).toBe(false);
    const [five] = outbox.append(1);
    replay.live(five, 5);
    expect(s.received).toEqual([1, 2, 3, 4, 5]);
    expect(s.state.settled).toBe(true);
  });

  it('says the replay is truncated when the client asks for events retention deleted, and replays what is kept', async () => {
    const outbox = new FakeOutbox();
    outbox.append(6);
    outbox.events.splice(0, 3);
    outbox.pruned = 3;
    const s = socket(['all']);
    await new ReplaySession(1, s.rooms, s.target).run(outbox, () => 6);
    expect(s.notices).toEqual([{ lastEventId: 1, oldestEventId: 4 }]);
    expect(s.received).toEqual([4, 5, 6]);
  });

  it('does not call a replay from the retention boundary truncated', async () => {
    const outbox = new FakeOutbox();
    outbox.append(6);
    outbox.events.splice(0, 3);
    outbox.pruned = 3;
    const s = socket(['all']);
    await new ReplaySession(3, s.rooms, s.target).run(outbox, () => 6);
    expect(s.notices).toEqual([]);
    expect(s.received).toEqual([4, 5, 6]);
  });

  it('resumes a client that saw ids this database never issued from the newest event', async () => {
    const outbox = new FakeOutbox();
    outbox.append(3);
    const s = socket(['all']);
    const replay = new ReplaySession(500, s.rooms, s.target);
    await replay.run(outbox, () => null);
    const [four] = outbox.append(1);
    replay.live(four, 4);
    expect(s.received).toEqual([4]);
  });

  it('stops when the socket goes away mid-replay', async () => {
    const outbox = new FakeOutbox();
    outbox.append(9);
    const s = socket(['all']);
    outbox.beforePage = (after) => {
      if (after === 3) s.state.open = false;
    };
    await new ReplaySession(0, s.rooms, s.target).run(outbox, () => 9);
    expect(s.received).toEqual([1, 2, 3]);
    expect(s.state.settled).toBe(false);
  });
});
