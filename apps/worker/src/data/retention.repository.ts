import { Injectable } from '@nestjs/common';
import { Db } from './db';

/** Where a retention run stands: the last lead it took, in (received_at, id) order. */
export interface RetentionCursor {
  /** received_at as Postgres prints it (microseconds kept: a JS Date would drop them and re-read the last row). */
  receivedAt: string;
  id: string;
}

// The next leads still holding data received before the horizon, after the
// cursor. Served by leads_unerased_received_idx (partial: erased rows leave
// it), so a batch reads only rows still to erase, however many were erased
// before: a run over 1,000,000 leads reads as little per batch as over 1,000.
const EXPIRED_BATCH_SQL = `
SELECT id, received_at::text AS cursor_at FROM leads
 WHERE erased_at IS NULL AND received_at < $1
   AND ($2::timestamptz IS NULL OR (received_at, id) > ($2::timestamptz, $3::uuid))
 ORDER BY received_at, id
 LIMIT $4`;

/** The retention purge's reads: which leads are due for erasure. */
@Injectable()
export class RetentionRepository {
  constructor(private readonly db: Db) {}

  /** Up to `limit` leads received before `horizon` that still hold data, after `after`, oldest first. */
  async expiredAfter(
    horizon: Date,
    after: RetentionCursor | null,
    limit: number,
  ): Promise<{ ids: string[]; next: RetentionCursor | null }> {
    const rows: { id: string; cursor_at: string }[] = await this.db.query(EXPIRED_BATCH_SQL, [
      horizon,
      after?.receivedAt ?? null,
      after?.id ?? null,
      limit,
    ]);
    const last = rows[rows.length - 1];
    return { ids: rows.map((r) => r.id), next: last ? { receivedAt: last.cursor_at, id: last.id } : null };
  }
}
