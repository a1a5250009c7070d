import { Injectable } from '@nestjs/common';
import { Db } from './db';
import type { Lead } from './lead';
import {
  NOTIFICATION_COLUMNS,
  NotificationRecord,
  notificationFromRow,
  NotificationRow,
  NotificationStatus,
} from './notification-record';
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
  /** Who the ledger says an email goes to (a form's routing may have chosen them); absent: MAIL_TO. */
  recipients?: string;
}

interface ClaimRow {
  id: string;
  attempts: number;
  lead: LeadRow | null;
  recipients: string | null;
}

export function claimFromRow(row: ClaimRow): ClaimedNotification {
  const claim: ClaimedNotification = { id: row.id, attempts: row.attempts, lead: row.lead ? leadFromRow(row.lead) : null };
  if (row.recipients) claim.recipients = row.recipients;
  return claim;
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
  RETURNING n.id, n.attempts, n.lead_id, n.recipients
)
SELECT c.id, c.attempts, c.recipients, to_jsonb(l) AS lead FROM claimed c LEFT JOIN leads l ON l.id = c.lead_id`;

const CLAIM_PARKED_SQL = `
WITH claimed AS (
  UPDATE notifications SET status = 'sending', attempts = attempts + 1, updated_at = now()
   WHERE id IN (SELECT id FROM notifications WHERE kind = 'new-lead' AND channel = 'email' AND status = 'batched'
                 ORDER BY created_at LIMIT $1 FOR UPDATE SKIP LOCKED)
  RETURNING id, lead_id)
SELECT c.id, to_jsonb(l) AS lead FROM claimed c JOIN leads l ON l.id = c.lead_id ORDER BY l.received_at`;

// A robot's digest takes every row its budget held back, in one statement;
// SKIP LOCKED lets two digests of one robot (two workers) split, never share.
const CLAIM_BATCHED_SQL = `
WITH claimed AS (
  UPDATE notifications SET status = 'sending', attempts = attempts + 1, updated_at = now()
   WHERE id IN (SELECT id FROM notifications WHERE destination = $1 AND status = 'batched'
                 ORDER BY created_at LIMIT $2 FOR UPDATE SKIP LOCKED)
  RETURNING id, lead_id)
SELECT c.id, to_jsonb(l) AS lead FROM claimed c LEFT JOIN leads l ON l.id = c.lead_id ORDER BY l.received_at`;

const ENSURE_MANY_SQL = `
INSERT INTO notifications (lead_id, task_id, dedupe_key, channel, kind, status, recipients, destination)
SELECT u.lead_id, u.task_id, u.dedupe_key, u.channel, u.kind, 'pending', u.recipients, u.destination
  FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[])
       AS u(lead_id, task_id, dedupe_key, channel, kind, recipients, destination)
ON CONFLICT (dedupe_key) DO NOTHING`;

/** Where a key routes to, for the `destination` column (null: email). */
const destinationOf = (key: LedgerKey): string | null => ('destination' in key ? (key.destination ?? null) : null);

/** A robot's or webhook's ledger rows as the admin page shows them. */
export interface DestinationStats {
  destination: string;
  lastSuccessAt: Date | null;
  lastError: string | null;
  lastErrorAt: Date | null;
  /** The oldest row still unsent after an error: the destination has been failing since then. */
  failingSince: Date | null;
  sentLastMinute: number;
}

/** A channel row with no live attempt, for the sweeper. */
export interface StuckChannelRow {
  key: string;
  destination: string;
}

/** Written into last_error of a row that will never be tried again (the sweeper leaves it). */
export const PERMANENT_FAILURE = 'permanent';

/** The `notifications` table: the delivery ledger's rows. */
@Injectable()
export class NotificationRepository {
  constructor(private readonly db: Db) {}

  /** Records a notification that must go out; a second call changes nothing. */
  async ensure(d: NotificationDraft): Promise<void> {
    await this.db.query(
      `INSERT INTO notifications (lead_id, task_id, dedupe_key, channel, kind, status, recipients, destination)
       VALUES ($1, $2, $3, $4, $5, 'pending', $6, $7) ON CONFLICT (dedupe_key) DO NOTHING`,
      [d.leadId, d.taskId ?? null, ledgerKey(d.key), d.key.channel, d.key.kind, d.recipients, destinationOf(d.key)],
    );
  }

  /** Several rows in one statement (a lead's robots and webhooks); existing ones are left as they are. */
  async ensureMany(drafts: NotificationDraft[]): Promise<void> {
    if (drafts.length === 0) return;
    await this.db.query(ENSURE_MANY_SQL, [
      drafts.map((d) => d.leadId),
      drafts.map((d) => d.taskId ?? null),
      drafts.map((d) => ledgerKey(d.key)),
      drafts.map((d) => d.key.channel),
      drafts.map((d) => d.key.kind),
      drafts.map((d) => d.recipients),
      drafts.map((d) => destinationOf(d.key)),
    ]);
  }

  async findByKey(key: LedgerKey): Promise<NotificationRecord | null> {
    const rows = await this.db.query<NotificationRow>(`SELECT ${NOTIFICATION_COLUMNS} FROM notifications WHERE dedupe_key = $1`, [
      ledgerKey(key),
    ]);
    return rows.length ? notificationFromRow(rows[0]) : null;
  }

  /** A lead's delivery log, oldest first. */
  async listByLead(leadId: string): Promise<NotificationRecord[]> {
    const rows = await this.db.query<NotificationRow>(
      `SELECT ${NOTIFICATION_COLUMNS} FROM notifications WHERE lead_id = $1 ORDER BY created_at`,
      [leadId],
    );
    return rows.map(notificationFromRow);
  }

  /** Takes the row for sending unless it is sent, parked or held by a live attempt. */
  async claim(key: LedgerKey, leaseSeconds: number): Promise<ClaimedNotification | null> {
    const rows = await this.db.query<ClaimRow>(CLAIM_SQL, [ledgerKey(key), leaseSeconds]);
    return rows.length > 0 ? claimFromRow(rows[0]) : null;
  }

  /** A live attempt still holds these rows: pushes their lease forward. */
  async renewLease(ids: string[]): Promise<void> {
    await this.db.query(`UPDATE notifications SET updated_at = now() WHERE id = ANY($1::uuid[]) AND status = 'sending'`, [ids]);
  }

  async statusOf(key: LedgerKey): Promise<NotificationStatus | null> {
    const rows = await this.db.query<{ status: NotificationStatus }>(`SELECT status FROM notifications WHERE dedupe_key = $1`, [
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

  /** Back to waiting without an error: a robot's budget (not a failure) held the rows back. */
  async markReleased(ids: string[], status: 'pending' | 'batched'): Promise<void> {
    await this.db.query(`UPDATE notifications SET status = $2, updated_at = now() WHERE id = ANY($1::uuid[])`, [ids, status]);
  }

  /** Row ids by key, for the keys that exist. */
  async idsByKeys(keys: string[]): Promise<Map<string, string>> {
    const rows: { id: string; dedupe_key: string }[] = await this.db.query(
      `SELECT id, dedupe_key FROM notifications WHERE dedupe_key = ANY($1::text[])`,
      [keys],
    );
    return new Map(rows.map((r) => [r.dedupe_key, r.id]));
  }

  async markBatched(id: string): Promise<void> {
    await this.db.query(`UPDATE notifications SET status = 'batched', updated_at = now() WHERE id = $1`, [id]);
  }

  /** New-lead alerts sent (or being sent) in the last minute, counted up to `upTo`. */
  async newLeadAlertsLastMinute(upTo: number): Promise<number> {
    // Counted only as far as the caller needs: during a flood the last minute holds many more rows than that.
    const rows = await this.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM (
         SELECT 1 FROM notifications
          WHERE kind = 'new-lead' AND channel = 'email' AND status IN ('sent', 'sending')
            AND updated_at > now() - interval '1 minute'
          LIMIT $1) recent`,
      [upTo],
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
      `SELECT 1 FROM notifications
        WHERE kind = 'new-lead' AND channel = 'email' AND status = 'batched' AND updated_at < now() - interval '2 minutes'
        LIMIT 1`,
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
        WHERE kind = 'new-lead' AND channel = 'email' AND lead_id IS NOT NULL
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
      `SELECT dedupe_key FROM notifications WHERE lead_id = $1 AND kind = 'resend' AND channel = 'email'`,
      [leadId],
    );
    return rows.flatMap((r) => {
      const key = parseLedgerKey(r.dedupe_key);
      return key?.kind === 'resend' ? [key.resendId] : [];
    });
  }

  /** Claims up to `limit` rows a robot's budget held back, for one digest. */
  async claimBatched(destination: string, limit: number): Promise<{ id: string; lead: Lead | null }[]> {
    const rows: { id: string; lead: LeadRow | null }[] = await this.db.query(CLAIM_BATCHED_SQL, [destination, limit]);
    return rows.map((r) => ({ id: r.id, lead: r.lead ? leadFromRow(r.lead) : null }));
  }

  /**
   * Robot and webhook rows unsent for `stuckMinutes` with no attempt
   * finishing, or failed and rested for `failedMinutes` (except the ones
   * that failed for good: a receiver that said 410, a message refused).
   */
  async stuckChannelRows(stuckMinutes: number, failedMinutes: number, limit: number): Promise<StuckChannelRow[]> {
    const rows: { dedupe_key: string; destination: string }[] = await this.db.query(
      `SELECT dedupe_key, destination FROM notifications
        WHERE destination IS NOT NULL
          AND ((status IN ('pending', 'sending') AND updated_at < now() - make_interval(mins => $1::int))
            OR (status = 'failed' AND updated_at < now() - make_interval(mins => $2::int)
                AND coalesce(last_error, '') NOT LIKE $4))
        ORDER BY updated_at LIMIT $3`,
      [stuckMinutes, failedMinutes, limit, `${PERMANENT_FAILURE}%`],
    );
    return rows.map((r) => ({ key: r.dedupe_key, destination: r.destination }));
  }

  /** Robots with rows held back longer than a digest takes: their digest job was lost. */
  async destinationsWithLongBatched(): Promise<string[]> {
    const rows: { destination: string }[] = await this.db.query(
      `SELECT DISTINCT destination FROM notifications
        WHERE destination IS NOT NULL AND status = 'batched' AND updated_at < now() - interval '2 minutes'`,
    );
    return rows.map((r) => r.destination);
  }

  /** Last success, last error and the last minute's messages of each destination (last 30 days). */
  async destinationStats(destinations: string[]): Promise<DestinationStats[]> {
    if (destinations.length === 0) return [];
    const rows: {
      destination: string;
      last_success_at: Date | null;
      last_error: string | null;
      last_error_at: Date | null;
      failing_since: Date | null;
      sent_last_minute: number;
    }[] = await this.db.query(
      `SELECT destination,
              max(sent_at) AS last_success_at,
              (array_agg(last_error ORDER BY updated_at DESC) FILTER (WHERE last_error IS NOT NULL))[1] AS last_error,
              max(updated_at) FILTER (WHERE last_error IS NOT NULL) AS last_error_at,
              min(created_at) FILTER (WHERE status <> 'sent' AND last_error IS NOT NULL) AS failing_since,
              count(*) FILTER (WHERE status = 'sent' AND sent_at > now() - interval '1 minute')::int AS sent_last_minute
         FROM notifications
        WHERE destination = ANY($1::text[]) AND updated_at > now() - interval '30 days'
        GROUP BY destination`,
      [destinations],
    );
    return rows.map((r) => ({
      destination: r.destination,
      lastSuccessAt: r.last_success_at,
      lastError: r.last_error,
      lastErrorAt: r.last_error_at,
      failingSince: r.failing_since,
      sentLastMinute: r.sent_last_minute,
    }));
  }
}
