import { encodeReadingsCopy } from './copy-binary.encoder';
import type { ReadingRow } from './stored-batch';

const row: ReadingRow = {
  meterNum: 7,
  ts: Date.parse('2000-01-01T00:00:01.5Z'),
  energyKwh: 1532.41,
  voltage: [221.5, null, null],
  current: [null, null, null],
  powerKw: null,
  powerFactor: null,
  frequencyHz: 50,
};

describe('encodeReadingsCopy', () => {
  const buf = encodeReadingsCopy([row]);

  it('frames the rows with the binary COPY signature, empty header and trailer', () => {
    expect(buf.subarray(0, 11).toString('latin1')).toBe('PGCOPY\n\xff\r\n\0');
    expect(buf.readInt32BE(11)).toBe(0);
    expect(buf.readInt32BE(15)).toBe(0);
    expect(buf.readInt16BE(buf.length - 2)).toBe(-1);
  });

  it('writes each field as length and big-endian value, nulls as length -1', () => {
    let at = 19;
    expect(buf.readInt16BE(at)).toBe(12);
    at += 2;
    const field = (bytes: number) => {
      expect(buf.readInt32BE(at)).toBe(bytes);
      at += 4;
      const start = at;
      at += Math.max(bytes, 0);
      return start;
    };
    expect(buf.readInt32BE(field(4))).toBe(7);
    // 1.5 s after the PostgreSQL epoch, in microseconds.
    expect(buf.readBigInt64BE(field(8))).toBe(1_500_000n);
    expect(buf.readDoubleBE(field(8))).toBe(1532.41);
    expect(buf.readFloatBE(field(4))).toBe(221.5);
    for (let i = 0; i < 7; i++) field(-1);
    expect(buf.readFloatBE(field(4))).toBe(50);
    expect(at).toBe(buf.length - 2);
  });

  it('writes times before 2000 as negative microseconds', () => {
    const early = encodeReadingsCopy([{ ...row, ts: Date.parse('1999-12-31T23:59:59Z') }]);
    expect(early.readBigInt64BE(19 + 2 + 8 + 4)).toBe(-1_000_000n);
  });
});
