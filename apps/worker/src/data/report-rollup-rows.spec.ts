import { packTimes, unpackTimes } from './report-rollup-rows';

describe('response times as bytes', () => {
  const times = Int32Array.of(0, 1, 300, 86_401, 2_147_483_647, -5);

  it('packs little-endian int32, one after another, and reads them back', () => {
    const bytes = packTimes(times);
    expect(bytes.length).toBe(24);
    expect([0, 1, 2, 3, 4, 5].map((i) => bytes.readInt32LE(i * 4))).toEqual([...times]);
    expect([...unpackTimes(bytes)]).toEqual([...times]);
  });

  it('reads bytes that do not start on a 4-byte boundary (a slice of a larger buffer)', () => {
    const raw = Buffer.alloc(25);
    packTimes(times).copy(raw, 1);
    const shifted = raw.subarray(1);
    expect(shifted.byteOffset % 4).toBe(1);
    expect([...unpackTimes(shifted)]).toEqual([...times]);
  });

  it('reads nothing as no times', () => {
    expect(unpackTimes(null)).toEqual(new Int32Array());
    expect(unpackTimes(Buffer.alloc(0))).toEqual(new Int32Array());
  });
});
