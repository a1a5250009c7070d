import { endianness } from 'node:os';
import type { Sql } from './db';
import { TASK_OUTCOMES } from './follow-up-task';
import type { DayCells, OutcomeCounts } from './report-cell';

/**
 * How the reports' rollup (report-rollup.repository.ts) writes a day's
 * rows, and its response times as bytes.
 */

const littleEndian = endianness() === 'LE';

/** Response times as stored: little-endian int32, one after another. */
export function packTimes(times: Int32Array): Buffer {
  if (littleEndian) return Buffer.from(times.buffer, times.byteOffset, times.byteLength);
  const b = Buffer.alloc(times.length * 4);
  for (let i = 0; i < times.length; i++) b.writeInt32LE(times[i], i * 4);
  return b;
}

/** The times of `b` (a year's are ~450,000 at a million leads: a view of the bytes where they are aligned, else one copy). */
export function unpackTimes(b: Buffer | null): Int32Array {
  if (!b) return new Int32Array();
  const n = b.length >> 2;
  if (littleEndian) {
    return b.byteOffset % 4 === 0
      ? new Int32Array(b.buffer, b.byteOffset, n)
      : new Int32Array(b.buffer.slice(b.byteOffset, b.byteOffset + n * 4));
  }
  const times = new Int32Array(n);
  for (let i = 0; i < n; i++) times[i] = b.readInt32LE(i * 4);
  return times;
}

const INSERT_OWNERS_SQL = `
INSERT INTO report_day_owners (day, owner, form, source, leads, touched, within_target, within_5m, within_1h, within_24h, later,
                               won, qualified, unqualified, invalid, spam, response_seconds)
SELECT * FROM unnest($1::date[], $2::text[], $3::text[], $4::text[], $5::int[], $6::int[], $7::int[], $8::int[], $9::int[],
                     $10::int[], $11::int[], $12::int[], $13::int[], $14::int[], $15::int[], $16::int[], $17::bytea[])`;

const INSERT_SOURCES_SQL = `
INSERT INTO report_day_sources (day, source, form, owner, leads, won, qualified, unqualified, invalid, spam)
SELECT * FROM unnest($1::date[], $2::text[], $3::text[], $4::text[], $5::int[], $6::int[], $7::int[], $8::int[], $9::int[],
                     $10::int[])`;

const INSERT_PEOPLE_SQL = `
INSERT INTO report_day_people (day, person, form, source, reroutes, overdue)
SELECT * FROM unnest($1::date[], $2::text[], $3::text[], $4::text[], $5::int[], $6::int[])`;

const bySlice =
  <C>(...keys: ((c: C) => string | null)[]) =>
  (a: C, b: C) => {
    for (const key of keys) {
      const x = key(a) ?? '';
      const y = key(b) ?? '';
      if (x !== y) return x < y ? -1 : 1;
    }
    return 0;
  };

/**
 * A day's cells, each table in one INSERT of arrays, in the order of the
 * table's slice index: a report reads one slice of each day, so its rows
 * share pages (a year of the owners' "every form, every source" rows read
 * 1,140 pages stored in any order).
 */
export async function insertCells(tx: Sql, cells: DayCells): Promise<void> {
  const owners = [...cells.owners].sort(
    bySlice(
      (c) => c.form,
      (c) => c.source,
    ),
  );
  const sources = [...cells.sources].sort(
    bySlice(
      (c) => c.form,
      (c) => c.owner,
    ),
  );
  const people = [...cells.people].sort(
    bySlice(
      (c) => c.form,
      (c) => c.source,
    ),
  );
  const of = <C, T>(rows: C[], f: (c: C) => T) => rows.map(f);
  const outcomes = <C extends { outcomes: OutcomeCounts }>(rows: C[]) => TASK_OUTCOMES.map((o) => of(rows, (c) => c.outcomes[o]));
  if (owners.length > 0)
    await tx.query(INSERT_OWNERS_SQL, [
      of(owners, (c) => c.day),
      of(owners, (c) => c.owner),
      of(owners, (c) => c.form),
      of(owners, (c) => c.source),
      of(owners, (c) => c.leads),
      of(owners, (c) => c.touched),
      of(owners, (c) => c.withinTarget),
      of(owners, (c) => c.within5m),
      of(owners, (c) => c.within1h),
      of(owners, (c) => c.within24h),
      of(owners, (c) => c.later),
      ...outcomes(owners),
      of(owners, (c) => packTimes(c.responseSeconds)),
    ]);
  if (sources.length > 0)
    await tx.query(INSERT_SOURCES_SQL, [
      of(sources, (c) => c.day),
      of(sources, (c) => c.source),
      of(sources, (c) => c.form),
      of(sources, (c) => c.owner),
      of(sources, (c) => c.leads),
      ...outcomes(sources),
    ]);
  if (people.length > 0)
    await tx.query(INSERT_PEOPLE_SQL, [
      of(people, (c) => c.day),
      of(people, (c) => c.person),
      of(people, (c) => c.form),
      of(people, (c) => c.source),
      of(people, (c) => c.reroutes),
      of(people, (c) => c.overdue),
    ]);
}
