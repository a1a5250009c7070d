/**
 * The median and nearest-rank p90 of many response times without sorting
 * them: a year's report holds ~450,000 at a million leads, and selection is
 * linear where a sort is not. Same answers as `median` and `p90` in
 * report-summary.ts (the spec compares them on random data).
 */

function swap(a: Int32Array, i: number, j: number): void {
  const t = a[i];
  a[i] = a[j];
  a[j] = t;
}

/**
 * Moves the k-th smallest value (0-based) to a[k], smaller or equal ones
 * before it and greater or equal ones after it, within a[lo..hi]. Hoare's
 * selection with a median-of-three pivot; equal values split both ways, so
 * many duplicates cost no more than distinct values.
 */
function select(a: Int32Array, k: number, lo = 0, hi = a.length - 1): void {
  while (hi > lo) {
    const mid = (lo + hi) >>> 1;
    if (a[mid] < a[lo]) swap(a, mid, lo);
    if (a[hi] < a[lo]) swap(a, hi, lo);
    if (a[hi] < a[mid]) swap(a, hi, mid);
    const pivot = a[mid];
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (a[i] < pivot) i++;
      while (a[j] > pivot) j--;
      if (i <= j) {
        swap(a, i, j);
        i++;
        j--;
      }
    }
    // a[lo..j] <= pivot <= a[i..hi], and every value between j and i equals the pivot.
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else return;
  }
}

/** The largest of a[0..end). */
function maxBefore(a: Int32Array, end: number): number {
  let m = a[0];
  for (let i = 1; i < end; i++) if (a[i] > m) m = a[i];
  return m;
}

/**
 * Median (the mean of the two middle values for an even count) and p90
 * (the value at rank ceil(0.9 n)); null for no values. Reorders `values`.
 */
export function medianAndP90(values: Int32Array): { median: number | null; p90: number | null } {
  const n = values.length;
  if (n === 0) return { median: null, p90: null };
  const mid = n >> 1;
  select(values, mid);
  const median = n % 2 ? values[mid] : (maxBefore(values, mid) + values[mid]) / 2;
  // Everything from mid on is >= the median's upper value, so p90's rank lies there.
  const rank = Math.ceil(0.9 * n) - 1;
  select(values, rank, mid, n - 1);
  return { median, p90: values[rank] };
}

/** One array of all the parts' values. */
export function concatTimes(parts: readonly Int32Array[]): Int32Array {
  const all = new Int32Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    all.set(p, at);
    at += p.length;
  }
  return all;
}
