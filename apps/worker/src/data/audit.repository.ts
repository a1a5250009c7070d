import { Injectable } from '@nestjs/common';
import { Db, type Sql } from './db';

export const AUDIT_ACTIONS = [
  'login.ok',
  'login.failed',
  'login.throttled',
  'logout',
  'staff.created',
  'staff.changed',
  'staff.role-changed',
  'staff.password-changed',
  'staff.deactivated',
  'staff.reactivated',
  'lead.erased',
  'leads.exported',
  'lead.resent',
  'task.reassigned',
  'dead-letter.stored',
  'dead-letter.dismissed',
  'link.opened',
  'link.used',
  'link.refused',
  'lead.not-spam',
  'lead.spam',
  'contact.blocked',
  'form.created',
  'form.changed',
  'team.created',
  'team.changed',
  'spam.phrase-added',
  'spam.phrase-removed',
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

/** Who did what, when, from where; `detail` never holds a password or a lead's personal data. */
export interface AuditEntry {
  actor: string | null;
  action: AuditAction;
  subject?: string | null;
  ip?: string | null;
  detail?: Record<string, unknown>;
}

export interface AuditRecord extends Required<AuditEntry> {
  id: string;
  at: Date;
}

/** The `audit_log` table: security-relevant actions on the admin surface. */
@Injectable()
export class AuditRepository {
  constructor(private readonly db: Db) {}

  async record(e: AuditEntry, m: Sql = this.db): Promise<void> {
    await m.query(`INSERT INTO audit_log (actor, action, subject, ip, detail) VALUES ($1, $2, $3, $4, $5)`, [
      e.actor,
      e.action,
      e.subject ?? null,
      e.ip ?? null,
      JSON.stringify(e.detail ?? {}),
    ]);
  }

  /** Entries in [from, to), newest first. */
  async list(from: Date | null, to: Date | null, limit: number): Promise<AuditRecord[]> {
    return this.db.query(
      `SELECT id, at, actor, action, subject, ip, detail FROM audit_log
        WHERE ($1::timestamptz IS NULL OR at >= $1) AND ($2::timestamptz IS NULL OR at < $2)
        ORDER BY at DESC, id DESC LIMIT $3`,
      [from, to, limit],
    );
  }

  /** Deletes entries older than `days`; returns how many. */
  async purge(days: number): Promise<number> {
    const rows: unknown[] = await this.db.query(
      `WITH gone AS (DELETE FROM audit_log WHERE at < now() - make_interval(days => $1::int) RETURNING 1) SELECT 1 FROM gone`,
      [days],
    );
    return rows.length;
  }
}
