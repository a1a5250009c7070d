import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { workerConfig } from '../worker-config';

export class NotificationInFlightError extends Error {
  constructor(key: string) {
    super(`notification ${key} is being sent by another attempt; will check again`);
    this.name = 'NotificationInFlightError';
  }
}

export interface LedgerEntry {
  key: string;
  leadId: string | null;
  taskId?: string | null;
  channel: 'email';
  kind: string;
  recipients: string;
}

export interface Claim {
  id: string;
  attempts: number;
  /** The lead's columns (snake_case), fetched in the same round trip. */
  lead: Record<string, unknown> | null;
}

export type Unclaimed = 'already-sent' | 'no-ledger' | 'batched';

// How long a sent message's record is retried (e.g. through a Postgres
// restart) before giving up to BullMQ, which would mean a duplicate later.
const RECORD_SENT_PATIENCE_MS = 120_000;
const RECORD_SENT_MAX_PAUSE_MS = 5_000;

// Only a row not yet sent, and not being sent by a live attempt, is taken: a
// "sending" row older than the lease belongs to an attempt that died (a
// killed worker). Wrapped in a SELECT so the driver returns plain rows.
const CLAIM_SQL = `
WITH claimed AS (
  UPDATE notifications n
     SET status = 'sending', attempts = n.attempts + 1, updated_at = now()
   WHERE n.dedupe_key = $1
     AND (n.status IN ('pending', 'failed')
          OR (n.status = 'sending' AND n.updated_at < now() - make_interval(secs => $2::int)))
  RETURNING n.id, n.attempts, n.lead_id
)
SELECT c.id, c.attempts, to_jsonb(l) AS lead FROM claimed c LEFT JOIN leads l ON l.id = c.lead_id`;

/**
 * The delivery ledger: every notification is recorded before it is sent
 * and again after, which is what makes alerts exactly-once. A duplicate is
 * only possible when the worker dies between the SMTP server accepting a
 * message and the second record.
 */
@Injectable()
export class NotificationLedger {
  private readonly lease = workerConfig().ALERT_SEND_LEASE_SECONDS;

  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** Records that a notification must go out; a second call changes nothing. */
  async ensure(e: LedgerEntry): Promise<boolean> {
    const rows: unknown[] = await this.db.query(
      `INSERT INTO notifications (lead_id, task_id, dedupe_key, channel, kind, status, recipients)
       VALUES ($1, $2, $3, $4, $5, 'pending', $6) ON CONFLICT (dedupe_key) DO NOTHING RETURNING id`,
      [e.leadId, e.taskId ?? null, e.key, e.channel, e.kind, e.recipients],
    );
    return rows.length > 0;
  }

  /** Takes the row for sending, or says why it cannot be taken. */
  async claim(key: string): Promise<Claim | Unclaimed> {
    const rows: Claim[] = await this.db.query(CLAIM_SQL, [key, this.lease]);
    if (rows.length > 0) return rows[0];
    const state: { status: string }[] = await this.db.query(`SELECT status FROM notifications WHERE dedupe_key = $1`, [key]);
    if (state.length === 0) return 'no-ledger';
    if (state[0].status === 'sent') return 'already-sent';
    if (state[0].status === 'batched') return 'batched';
    throw new NotificationInFlightError(key);
  }

  /**
   * The record after a successful send is the one write whose loss means a
   * duplicate, so it is retried for up to two minutes (the job keeps its
   * lock meanwhile, so nothing else sends the message) before giving up to
   * BullMQ.
   */
  async recordSent(ids: string[], messageId: string): Promise<void> {
    const deadline = Date.now() + RECORD_SENT_PATIENCE_MS;
    for (let attempt = 1; ; attempt++) {
      try {
        await this.db.query(
          `UPDATE notifications SET status = 'sent', sent_at = now(), updated_at = now(), message_id = $2, last_error = NULL
            WHERE id = ANY($1::uuid[])`,
          [ids, messageId],
        );
        return;
      } catch (err) {
        if (Date.now() >= deadline) throw err;
        await new Promise((r) => setTimeout(r, Math.min(100 * 2 ** attempt, RECORD_SENT_MAX_PAUSE_MS)));
      }
    }
  }

  /** After a failed send: back to pending (a retry follows) or failed (none will). */
  async recordFailure(
    ids: string[],
    error: unknown,
    final: boolean,
    retryStatus: 'pending' | 'batched' = 'pending',
  ): Promise<void> {
    const reason = (error instanceof Error ? error.message : String(error)).slice(0, 1000);
    await this.db.query(`UPDATE notifications SET status = $2, last_error = $3, updated_at = now() WHERE id = ANY($1::uuid[])`, [
      ids,
      final ? 'failed' : retryStatus,
      reason,
    ]);
  }

  /** Parks a claimed alert for the next digest instead of sending it now. */
  async markBatched(id: string): Promise<void> {
    await this.db.query(`UPDATE notifications SET status = 'batched', updated_at = now() WHERE id = $1`, [id]);
  }

  /** New-lead alerts sent in the last minute, for the flood guard. */
  async alertsSentLastMinute(): Promise<number> {
    const rows: { n: number }[] = await this.db.query(
      `SELECT count(*)::int AS n FROM notifications
        WHERE kind = 'new-lead' AND status IN ('sent', 'sending') AND updated_at > now() - interval '1 minute'`,
    );
    return rows[0].n;
  }

  /** Claims every parked alert for one digest email. */
  async claimBatched(limit: number): Promise<{ id: string; lead: Record<string, unknown> }[]> {
    return this.db.query(
      `WITH claimed AS (
         UPDATE notifications SET status = 'sending', attempts = attempts + 1, updated_at = now()
          WHERE id IN (SELECT id FROM notifications WHERE kind = 'new-lead' AND status = 'batched'
                        ORDER BY created_at LIMIT $1 FOR UPDATE SKIP LOCKED)
         RETURNING id, lead_id)
       SELECT c.id, to_jsonb(l) AS lead FROM claimed c JOIN leads l ON l.id = c.lead_id ORDER BY l.received_at`,
      [limit],
    );
  }
}
