import { Injectable } from '@nestjs/common';
import { Db } from './db';

/** An accepted job the worker could never store, with its raw data. */
export interface DeadLetter {
  id: string;
  jobId: string;
  queue: string;
  /** The id the gateway answered, when the payload had a valid one. */
  leadId: string | null;
  reason: string;
  /** The job's data as JSON text, exactly as it came from Redis. */
  payload: string;
  failures: number;
  createdAt: Date;
  lastFailedAt: Date;
  resolvedAt: Date | null;
  resolvedBy: string | null;
  resolution: 'stored' | 'dismissed' | null;
}

export interface DeadLetterDraft {
  id: string;
  jobId: string;
  queue: string;
  leadId: string | null;
  reason: string;
  payload: string;
}

const COLUMNS = `id, job_id AS "jobId", queue, lead_id AS "leadId", reason, payload, failures,
  created_at AS "createdAt", last_failed_at AS "lastFailedAt", resolved_at AS "resolvedAt",
  resolved_by AS "resolvedBy", resolution`;

/** The `dead_letters` table. */
@Injectable()
export class DeadLetterRepository {
  constructor(private readonly db: Db) {}

  /**
   * Keeps a job that can never be stored. The same job again (a re-run
   * after "store with replacement" that still fails) reopens the row.
   */
  async bury(d: DeadLetterDraft): Promise<void> {
    await this.db.query(
      `INSERT INTO dead_letters (id, job_id, queue, lead_id, reason, payload) VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (id) DO UPDATE SET failures = dead_letters.failures + 1, last_failed_at = now(),
         reason = EXCLUDED.reason, payload = EXCLUDED.payload, resolved_at = NULL, resolved_by = NULL, resolution = NULL`,
      [d.id, d.jobId, d.queue, d.leadId, d.reason, d.payload],
    );
  }

  async find(id: string): Promise<DeadLetter | null> {
    const rows: DeadLetter[] = await this.db.query(`SELECT ${COLUMNS} FROM dead_letters WHERE id = $1`, [id]);
    return rows[0] ?? null;
  }

  /** Open ones first, newest first; resolved ones of the last 30 days after them. */
  async list(limit = 100): Promise<DeadLetter[]> {
    return this.db.query(
      `SELECT ${COLUMNS} FROM dead_letters
        WHERE resolved_at IS NULL OR resolved_at > now() - interval '30 days'
        ORDER BY resolved_at IS NOT NULL, created_at DESC LIMIT $1`,
      [limit],
    );
  }

  async countOpen(): Promise<number> {
    const [row] = await this.db.query(`SELECT count(*)::int AS n FROM dead_letters WHERE resolved_at IS NULL`);
    return row.n;
  }

  /** Which of these job ids are buried and still open: the sweeper leaves them alone. */
  async openJobIds(queue: string, jobIds: string[]): Promise<Set<string>> {
    if (jobIds.length === 0) return new Set();
    const rows: { jobId: string }[] = await this.db.query(
      `SELECT job_id AS "jobId" FROM dead_letters WHERE queue = $1 AND job_id = ANY($2::text[]) AND resolved_at IS NULL`,
      [queue, jobIds],
    );
    return new Set(rows.map((r) => r.jobId));
  }

  /** Marks an open dead letter handled; false when it was not open (already handled, or unknown). */
  async resolve(id: string, by: string, resolution: 'stored' | 'dismissed'): Promise<boolean> {
    const rows: unknown[] = await this.db.query(
      // Wrapped in a CTE so the driver answers with rows for an UPDATE too.
      `WITH done AS (UPDATE dead_letters SET resolved_at = now(), resolved_by = $2, resolution = $3
        WHERE id = $1 AND resolved_at IS NULL RETURNING id) SELECT id FROM done`,
      [id, by, resolution],
    );
    return rows.length > 0;
  }
}
