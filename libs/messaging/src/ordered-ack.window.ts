const PUBACK_HEADER = 0x40;
const PUBREC_HEADER = 0x50;
const ENCODED_ACK_BYTES = 4;

/**
 * The acknowledgements owed to the broker on one connection, in receive order.
 *
 * MQTT requires PUBACK/PUBREC in the order the PUBLISH packets arrived, but the application may make
 * messages durable in any order. Slots are a growable ring indexed by a per-connection sequence number;
 * `ack(seq)` marks a slot and `takeReady()` releases the acknowledged prefix as ready-to-write bytes,
 * so every slot is touched a constant number of times.
 */
export class OrderedAckWindow {
  private packetIds: Uint16Array;
  private headers: Uint8Array;
  private acked: Uint8Array;
  private mask: number;
  private head = 0;
  private tail = 0;
  private closed = false;

  constructor(initialCapacity = 256) {
    const capacity = 2 ** Math.ceil(Math.log2(Math.max(2, initialCapacity)));
    this.packetIds = new Uint16Array(capacity);
    this.headers = new Uint8Array(capacity);
    this.acked = new Uint8Array(capacity);
    this.mask = capacity - 1;
  }

  /** Messages received and not yet released (acked-but-blocked ones included): the broker's in-flight view. */
  get pending(): number {
    return this.tail - this.head;
  }

  get isClosed(): boolean {
    return this.closed;
  }

  /** Reserves the next slot; returns its sequence number for `ack`. */
  push(packetId: number, qos: 1 | 2): number {
    if (this.tail - this.head > this.mask) this.grow();
    const slot = this.tail & this.mask;
    this.packetIds[slot] = packetId;
    this.headers[slot] = qos === 1 ? PUBACK_HEADER : PUBREC_HEADER;
    this.acked[slot] = 0;
    return this.tail++;
  }

  /** Returns true when this ack unblocked the head, i.e. `takeReady()` now has something to release. */
  ack(seq: number): boolean {
    if (this.closed || seq < this.head || seq >= this.tail) return false;
    const slot = seq & this.mask;
    if (this.acked[slot] === 1) return false;
    this.acked[slot] = 1;
    return seq === this.head;
  }

  /** Encodes and releases the acknowledged prefix; null when the head is still unacknowledged. */
  takeReady(): Buffer | null {
    let end = this.head;
    while (end < this.tail && this.acked[end & this.mask] === 1) end++;
    const count = end - this.head;
    if (count === 0) return null;
    const bytes = Buffer.allocUnsafe(count * ENCODED_ACK_BYTES);
    let offset = 0;
    for (let seq = this.head; seq < end; seq++) {
      const slot = seq & this.mask;
      const packetId = this.packetIds[slot];
      // Remaining length 2 with no reason code is valid in MQTT 5 too: it means "success, no properties".
      bytes[offset] = this.headers[slot];
      bytes[offset + 1] = 2;
      bytes[offset + 2] = packetId >> 8;
      bytes[offset + 3] = packetId & 0xff;
      offset += ENCODED_ACK_BYTES;
    }
    this.head = end;
    return bytes;
  }

  /** Drops everything owed: after the connection is gone the broker will redeliver instead. */
  close(): void {
    this.closed = true;
    this.head = this.tail;
  }

  private grow(): void {
    const capacity = (this.mask + 1) * 2;
    const packetIds = new Uint16Array(capacity);
    const headers = new Uint8Array(capacity);
    const acked = new Uint8Array(capacity);
    const mask = capacity - 1;
    for (let seq = this.head; seq < this.tail; seq++) {
      const from = seq & this.mask;
      const to = seq & mask;
      packetIds[to] = this.packetIds[from];
      headers[to] = this.headers[from];
      acked[to] = this.acked[from];
    }
    this.packetIds = packetIds;
    this.headers = headers;
    this.acked = acked;
    this.mask = mask;
  }
}
