import { concatTimes, medianAndP90 } from './order-stats';
import { median, p90 } from './report-summary';

/** A small deterministic generator, so a failure can be replayed. */
function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1_664_525) + 1_013_904_223) >>> 0;
    return s / 2 ** 32;
  };
}

describe('medianAndP90', () => {
  it('is null for no values', () => {
    expect(medianAndP90(new Int32Array())).toEqual({ median: null, p90: null });
  });

  it('gives what sorting gives, on small and hand-checked inputs', () => {
    expect(medianAndP90(Int32Array.of(5))).toEqual({ median: 5, p90: 5 });
    expect(medianAndP90(Int32Array.of(4, 1, 3, 2))).toEqual({ median: 2.5, p90: 4 });
    expect(medianAndP90(Int32Array.of(10, 9, 8, 7, 6, 5, 4, 3, 2, 1))).toEqual({ median: 5.5, p90: 9 });
    expect(medianAndP90(Int32Array.of(7, 7, 7))).toEqual({ median: 7, p90: 7 });
  });

  it.each([1, 2, 3, 7, 10, 11, 64, 999, 1000, 20_001])('agrees with median and p90 over %i random values', (n) => {
    for (const [seed, spread] of [
      [n, 1_000_000],
      [n + 1, 5],
      [n + 2, 1],
    ]) {
      const next = random(seed);
      const values = Array.from({ length: n }, () => Math.floor(next() * spread));
      expect(medianAndP90(Int32Array.from(values))).toEqual({ median: median(values), p90: p90(values) });
    }
  });

  it('handles sorted and reversed input', () => {
    const up = Array.from({ length: 5001 }, (_, i) => i * 3);
    expect(medianAndP90(Int32Array.from(up))).toEqual({ median: median(up), p90: p90(up) });
    expect(medianAndP90(Int32Array.from(up).reverse())).toEqual({ median: median(up), p90: p90(up) });
  });
});

describe('concatTimes', () => {
  it('joins the parts in order', () => {
    expect([...concatTimes([Int32Array.of(1, 2), new Int32Array(), Int32Array.of(3)])]).toEqual([1, 2, 3]);
  });
});
