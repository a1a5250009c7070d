import { stringify } from 'csv-stringify';
import { pipeline, Readable } from 'node:stream';
import type { ExportFilter, LeadExportRepository, LeadExportRow } from '../data/lead-export.repository';
import { leadCsvOptions, leadCsvRow, type LeadCsvContext } from './lead-csv-format';

/**
 * Rows per query: a pool client only while a batch is read, and rows that
 * die young. Measured at 200,000 leads (bench/csv-memory.js): batches of
 * 1,000 rows outlive the young generation while they are written out, and
 * the worker's RSS grew by ~95 MB; batches of 200 keep it within a few MB.
 */
export const EXPORT_BATCH = 200;

/** Rows the stream reads ahead of the CSV encoder: less than a batch, so a client that stops reading stops the queries. */
const READ_AHEAD = 64;

/** Where batches come from: the repository, or a fake in the unit spec. */
export type ExportBatches = Pick<LeadExportRepository, 'batch'>;

/**
 * The rows of an export, a batch at a time, pulled only as the client
 * reads. No pool client is held between batches (each batch is one query
 * on the pool): a client that pauses or leaves mid-stream holds nothing but
 * the batch in hand, and once the stream is destroyed the generator ends at
 * its next `yield`, with no further query.
 */
export async function* exportRows(source: ExportBatches, filter: ExportFilter, batchSize = EXPORT_BATCH) {
  let after: string | null = null;
  for (;;) {
    const batch: LeadExportRow[] = await source.batch(filter, after, batchSize);
    yield* batch;
    if (batch.length < batchSize) return;
    after = batch[batch.length - 1].id;
  }
}

async function* csvRecords(source: ExportBatches, filter: ExportFilter, ctx: LeadCsvContext) {
  for await (const row of exportRows(source, filter)) yield leadCsvRow(row, ctx);
}

/**
 * The CSV of the filter's leads, as a stream that reads from Postgres only
 * as fast as it is read (Node's backpressure from the socket back to the
 * generator). Destroying it (the client left) ends the generator.
 * `onCut` hears why an export ended early (its status is sent already).
 */
export function leadCsvStream(
  source: ExportBatches,
  filter: ExportFilter,
  ctx: LeadCsvContext,
  onCut: (err: Error) => void,
): Readable {
  const csv = stringify(leadCsvOptions(ctx));
  pipeline(Readable.from(csvRecords(source, filter, ctx), { highWaterMark: READ_AHEAD }), csv, (err) => {
    if (err) onCut(err);
  });
  return csv;
}
