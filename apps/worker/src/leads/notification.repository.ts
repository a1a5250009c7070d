import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Lead } from '../database/entities/lead.entity';
import { Notification, NotificationStatus } from '../database/entities/notification.entity';
import { leadFromRow, LeadRow } from './lead-row';
import { LedgerKey, ledgerKey, parseLedgerKey } from './ledger-key';

export interface NotificationDraft {
  key: LedgerKey;
  leadId: string | null;
  taskId?: string | null;
  recipients: string;
}

/** A ledger row taken for sending, with its lead (fetched in the same round trip). */
export interface ClaimedNotification {
  id: string;
  attempts: number;
  lead: Lead | null;
}

interface ClaimRow {
  id: string;
  attempts: number;
  lead: LeadRow | null;
}

export function claimFromRow(row: ClaimRow): ClaimedNotification {
  return { id: row.id, attempts: row.attempts, lead: row.lead ? leadFromRow(row.lead) : null };
}

/** A new-lead alert the flood guard parked, claimed for a digest. */
export interface ParkedAlert {
  id: string;
  lead: Lead;
}

interface ParkedAlertRow {
  id: string;
  lead: LeadRow;
}

function parkedAlertFromRow(row: ParkedAlertRow): ParkedAlert {
  return { id: row.id, lead: leadFromRow(row.lead) };
}

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

const CLAIM_PARKED_SQL = `
WITH claimed AS (
  UPDATE notifications SET status = 'sending', attempts = attempts + 1, updated_at = now()
   WHERE id IN (SELECT id FROM notifications WHERE kind = 'new-lead' AND status = 'batched'
                 ORDER BY created_at LIMIT $1 FOR UPDATE SKIP LOCKED)
  RETURNING id, lead_id)
SELECT c.id, to_jsonb(l) AS lead FROM claimed c JOIN leads l ON l.id = c.lead_id ORDER BY l.received_at`;

/** The `notifications` table: the delivery ledger's rows. */
@Injectable()
export class NotificationRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** Records a notification that must go out; a second call changes nothing. */
  async ensure(d: NotificationDraft): Promise<void> {
    await this.db.query(
      `INSERT INTO notifications (lead_id, task_id, dedupe_key, channel, kind, status, recipients)
       VALUES ($1, $2, $3, $4, $5, 'pending', $6) ON CONFLICT (dedupe_key) DO NOTHING`,
      [d.leadId, d.taskId ?? null, ledgerKey(d.key), d.key.channel, d.key.kind, d.recipients],
    );
  }

  async findByKey(key: LedgerKey): Promise<Notification | null> {
    return this.db.getRepository(Notification).findOne({ where: { dedupeKey: ledgerKey(key) } });
  }

  /** A lead's delivery log, oldest first. */
  async listByLead(leadId: string): Promise<Notification[]> {
    return this.db.getRepository(Notification).find({ where: { leadId }, order: { createdAt: 'ASC' } });
  }

  /** Takes the row for sending unless it is sent, parked or held by a live attempt. */
  async claim(key: LedgerKey, leaseSeconds: number): Promise<ClaimedNotification | null> {
    const rows: ClaimRow[] = await this.db.query(CLAIM_SQL, [ledgerKey(key), leaseSeconds]);
    return rows.length > 0 ? claimFromRow(rows[0]) : null;
  }

  async statusOf(key: LedgerKey): Promise<NotificationStatus | null> {
    const rows: { status: NotificationStatus }[] = await this.db.query(`SELECT status FROM notifications WHERE dedupe_key = $1`, [
      ledgerKey(key),
    ]);
    return rows[0]?.status ?? null;
  }

  async markSent(ids: string[], messageId: string): Promise<void> {
    await this.db.query(
      `UPDATE notifications SET status = 'sent', sent_at = now(), updated_at = now(), message_id = $2, last_error = NULL
        WHERE id = ANY($1::uuid[])`,
      [ids, messageId],
    );
  }

  async markUnsent(ids: string[], status: 'pending' | 'failed' | 'batched', reason: string): Promise<void> {
    await this.db.query(`UPDATE notifications SET status = $2, last_error = $3, updated_at = now() WHERE id = ANY($1::uuid[])`, [
      ids,
      status,
      reason,
    ]);
  }

  async markBatched(id: string): Promise<void> {
    await this.db.query(`UPDATE notifications SET status = 'batched', updated_at = now() WHERE id = $1`, [id]);
  }

  /** New-lead alerts sent (or being sent) in the last minute. */
  async newLeadAlertsLastMinute(): Promise<number> {
    const rows: { n: number }[] = await this.db.query(
      `SELECT count(*)::int AS n FROM notifications
        WHERE kind = 'new-lead' AND status IN ('sent', 'sending') AND updated_at > now() - interval '1 minute'`,
    );
    return rows[0].n;
  }

  /** Claims up to `limit` parked alerts, in the order their leads arrived. */
  async claimParked(limit: number): Promise<ParkedAlert[]> {
    const rows: ParkedAlertRow[] = await this.db.query(CLAIM_PARKED_SQL, [limit]);
    return rows.map(parkedAlertFromRow);
  }

  /** Whether an alert has been parked for longer than a digest takes to go out. */
  async hasLongParkedAlert(): Promise<boolean> {
    const rows: unknown[] = await this.db.query(
      `SELECT 1 FROM notifications WHERE status = 'batched' AND updated_at < now() - interval '2 minutes' LIMIT 1`,
    );
    return rows.length > 0;
  }

  /**
   * Leads whose new-lead alert is stuck: unsent for `stuckMinutes` with no
   * attempt finishing, or failed and rested for `failedMinutes`.
   */
  async stuckAlertLeadIds(stuckMinutes: number, failedMinutes: number, limit: number): Promise<string[]> {
    const rows: { lead_id: string }[] = await this.db.query(
      `SELECT lead_id FROM notifications
        WHERE kind = 'new-lead' AND lead_id IS NOT NULL
          AND ((status IN ('pending', 'sending') AND updated_at < now() - make_interval(mins => $1::int))
            OR (status = 'failed' AND updated_at < now() - make_interval(mins => $2::int)))
        ORDER BY updated_at LIMIT $3`,
      [stuckMinutes, failedMinutes, limit],
    );
    return rows.map((r) => r.lead_id);
  }

  /** The ids of a lead's resends (each one a job that carries the lead's data). */
  async resendIdsOf(leadId: string): Promise<string[]> {
    const rows: { dedupe_key: string }[] = await this.db.query(
      `SELECT dedupe_key FROM notifications WHERE lead_id = $1 AND kind = 'resend'`,
      [leadId],
    );
    return rows.flatMap((r) => {
      const key = parseLedgerKey(r.dedupe_key);
      return key?.kind === 'resend' ? [key.resendId] : [];
    });
  }
}
