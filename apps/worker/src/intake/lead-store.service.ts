import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { LeadReceivedPayload } from '@app/contracts';
import type { Claim } from '../notify/notification-ledger.service';
import { dueAt } from '../sla/business-hours';
import { workerConfig } from '../worker-config';

/** Ledger key of a lead's one new-lead alert. */
export function newLeadAlertKey(leadId: string): string {
  return `email:new-lead:${leadId}`;
}

// One statement, so it is atomic without a transaction and costs one round
// trip; every insert is ON CONFLICT DO NOTHING, so a retried or duplicated
// job changes nothing. A new lead's alert row is written already claimed
// ("sending", attempt 1) and returned with the lead, which saves the claim's
// round trip on the hot path; a worker that dies here leaves it to the
// lease, exactly as after a claim.
const PERSIST_LEAD_SQL = `
WITH lead AS (
  INSERT INTO leads (id, name, phone, phone_raw, email, company, requirement, consent, consent_at,
                     privacy_policy_version, utm, extras, ip, user_agent, page, received_at)
  VALUES ($1, $2, $3, $4, $5, $6, $7, $8, CASE WHEN $8 THEN $16::timestamptz END,
          $9, $10, $11, $12, $13, $14, $16::timestamptz)
  ON CONFLICT (id) DO NOTHING
  RETURNING *
), task AS (
  INSERT INTO follow_up_tasks (lead_id, due_at)
  SELECT id, $15::timestamptz FROM lead
  ON CONFLICT (lead_id) DO NOTHING
), alert AS (
  INSERT INTO notifications (lead_id, dedupe_key, channel, kind, status, attempts, recipients)
  SELECT id, $18, 'email', 'new-lead', 'sending', 1, $17 FROM lead
  ON CONFLICT (dedupe_key) DO NOTHING
  RETURNING id, attempts
)
SELECT a.id, a.attempts, to_jsonb(l) AS lead FROM lead l LEFT JOIN alert a ON true`;

export interface PersistResult {
  /** True when this call created the lead, false when it existed. */
  created: boolean;
  /** The new lead's alert, claimed for this attempt; null when the lead existed. */
  alert: Claim | null;
}

/** Writes a lead, its follow-up task and its (claimed) alert, idempotently. */
@Injectable()
export class LeadStore {
  private readonly config = workerConfig();

  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async persist(payload: LeadReceivedPayload): Promise<PersistResult> {
    const { id, fields: f, context: c } = payload;
    const rows: { id: string | null; attempts: number | null; lead: Record<string, unknown> }[] = await this.db.query(
      PERSIST_LEAD_SQL,
      [
        id,
        f.name,
        f.phone,
        f.phoneRaw,
        f.email,
        f.company,
        f.requirement,
        f.consent,
        c.privacyPolicyVersion,
        JSON.stringify(f.utm),
        JSON.stringify(f.extras),
        c.ip,
        c.userAgent,
        c.page,
        dueAt(new Date(c.receivedAt), this.config.FOLLOW_UP_SLA_MINUTES, this.config.businessHours).toISOString(),
        c.receivedAt,
        this.config.MAIL_TO.join(', '),
        newLeadAlertKey(id),
      ],
    );
    if (rows.length === 0) return { created: false, alert: null };
    const [row] = rows;
    return { created: true, alert: row.id ? { id: row.id, attempts: row.attempts ?? 1, lead: row.lead } : null };
  }
}
