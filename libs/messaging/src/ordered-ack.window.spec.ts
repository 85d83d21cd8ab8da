import { OrderedAckWindow } from './ordered-ack.window';

function decode(bytes: Buffer | null): Array<[type: number, packetId: number]> {
  if (bytes === null) return [];
  const acks: Array<[number, number]> = [];
  for (let offset = 0; offset < bytes.length; offset += 4) {
    expect(bytes[offset + 1]).toBe(2);
    acks.push([bytes[offset] >> 4, bytes.readUInt16BE(offset + 2)]);
  }
  return acks;
}

const PUBACK = 4;
const PUBREC = 5;

describe('OrderedAckWindow', () => {
  it('releases acknowledgements in receive order whatever order they are acked in', () => {
    const window = new OrderedAckWindow(4);
    const seqs = [101, 102, 103, 104].map((id) => window.push(id, 1));

    expect(window.ack(seqs[2])).toBe(false);
    expect(window.ack(seqs[3])).toBe(false);
    expect(window.takeReady()).toBeNull();
    expect(window.pending).toBe(4);

    expect(window.ack(seqs[0])).toBe(true);
    expect(decode(window.takeReady())).toEqual([[PUBACK, 101]]);
    expect(window.ack(seqs[1])).toBe(true);
    expect(decode(window.takeReady())).toEqual([
      [PUBACK, 102],
      [PUBACK, 103],
      [PUBACK, 104],
    ]);
    expect(window.pending).toBe(0);
  });

  it('ignores repeated and unknown acks', () => {
    const window = new OrderedAckWindow();
    const seq = window.push(7, 1);
    expect(window.ack(seq)).toBe(true);
    expect(window.ack(seq)).toBe(false);
    expect(decode(window.takeReady())).toEqual([[PUBACK, 7]]);
    expect(window.ack(seq)).toBe(false);
    expect(window.ack(seq + 1)).toBe(false);
    expect(window.takeReady()).toBeNull();
  });

  it('answers QoS 2 with PUBREC in the same order as QoS 1 PUBACKs', () => {
    const window = new OrderedAckWindow();
    const first = window.push(1, 2);
    const second = window.push(2, 1);
    window.ack(second);
    window.ack(first);
    expect(decode(window.takeReady())).toEqual([
      [PUBREC, 1],
      [PUBACK, 2],
    ]);
  });

  it('grows past its initial capacity while the ring has wrapped, keeping order', () => {
    const window = new OrderedAckWindow(4);
    // Advance head and tail so the live range straddles the end of the ring before it grows.
    for (let id = 1; id <= 3; id++) window.ack(window.push(id, 1));
    window.takeReady();
    const seqs: number[] = [];
    for (let id = 10; id < 110; id++) seqs.push(window.push(id, 1));
    expect(window.pending).toBe(100);
    for (const seq of [...seqs].reverse()) window.ack(seq);
    expect(decode(window.takeReady()).map(([, id]) => id)).toEqual(seqs.map((_, i) => 10 + i));
  });

  it('encodes full 16-bit packet identifiers', () => {
    const window = new OrderedAckWindow();
    window.ack(window.push(0xfffe, 1));
    window.ack(window.push(0x0100, 1));
    expect(decode(window.takeReady())).toEqual([
      [PUBACK, 0xfffe],
      [PUBACK, 0x0100],
    ]);
  });

  it('owes nothing once closed, so acks from a dead connection are no-ops', () => {
    const window = new OrderedAckWindow();
    const seq = window.push(9, 1);
    window.close();
    expect(window.isClosed).toBe(true);
    expect(window.pending).toBe(0);
    expect(window.ack(seq)).toBe(false);
    expect(window.takeReady()).toBeNull();
  });
});
