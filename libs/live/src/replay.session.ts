import { reaches } from './live-rooms';
import type { LiveMessage, ReplayTruncated } from './live-protocol';

/** Where a replay reads from: the outbox, in event-id order. */
export interface ReplaySource {
  readonly pageSize: number;
  /** Up to `pageSize` events after `afterEventId`, for everyone (the session filters). */
  page(afterEventId: number): Promise<LiveMessage[]>;
  /** The newest event id, 0 when there is none. */
  latest(): Promise<number>;
  /** The newest event id deleted by retention; null when none ever was. */
  prunedThrough(): Promise<number | null>;
}

/** The socket a replay writes to. */
export interface ReplayTarget {
  readonly open: boolean;
  send(message: LiveMessage): void;
  truncated(notice: ReplayTruncated): void;
  /** Joins the socket to its rooms: from then on live events reach it there. */
  settle(): void;
}

/**
 * One socket's catch-up after `lastEventId`, ending with it in its rooms, with no gap and no
 * repeat. The outbox is paged in order while live events arriving meanwhile wait in a buffer; then
 * the buffer, minus what the pages covered, is sent. Until this instance's live stream has passed
 * the replayed position (a relay lagging behind the outbox still sends events the pages held) live
 * events come through here one by one, repeats dropped; then the socket settles into its rooms.
 */
export class ReplaySession {
  /** Every event up to here has been sent to the socket or is not for it. */
  private position: number;
  private buffer: LiveMessage[] | null = [];
  private done = false;

  constructor(
    private readonly lastEventId: number,
    private readonly joined: ReadonlySet<string>,
    private readonly target: ReplayTarget,
  ) {
    this.position = lastEventId;
  }

  get settled(): boolean {
    return this.done;
  }

  /** `head` is the last event this instance delivered live, null before the first. */
  async run(source: ReplaySource, head: () => number | null): Promise<void> {
    const [latest, pruned] = await Promise.all([source.latest(), source.prunedThrough()]);
    // A client that has seen ids this database never issued (it was reset) resumes from its newest.
    this.position = Math.min(this.position, latest);
    let page = await source.page(this.position);
    if (pruned !== null && this.lastEventId < pruned)
      this.target.truncated({
        lastEventId: this.lastEventId,
        oldestEventId: page.length ? page[0].payload.eventId : null,
      });
    for (;;) {
      if (!this.target.open) return;
      for (const message of page) this.take(message);
      if (page.length < source.pageSize) break;
      page = await source.page(this.position);
    }
    // From here to the end nothing awaits, so no live event can slip in between.
    const buffered = this.buffer!;
    this.buffer = null;
    for (const message of buffered) this.take(message);
    this.settleIfCaughtUp(head());
  }

  /** A live event reached this instance (every event does, whoever it is for). */
  live(message: LiveMessage, head: number): void {
    if (this.done) return;
    if (this.buffer) {
      this.buffer.push(message);
      return;
    }
    this.take(message);
    this.settleIfCaughtUp(head);
  }

  private take(message: LiveMessage): void {
    const id = message.payload.eventId;
    if (id <= this.position) return;
    this.position = id;
    if (reaches(message.rooms, this.joined)) this.target.send(message);
  }

  private settleIfCaughtUp(head: number | null): void {
    if (head === null || head < this.position || !this.target.open) return;
    this.done = true;
    this.target.settle();
  }
}
