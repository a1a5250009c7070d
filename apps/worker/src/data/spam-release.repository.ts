import { Injectable } from '@nestjs/common';
import { Db } from './db';
import { ledgerKey } from './ledger-key';

export interface ReleasedLead {
  taskId: string;
  owner: string | null;
}

// The release: one guarded UPDATE decides who releases (whoever flips the
// flag); the same statement gives the lead its task (due from now, its owner
// chosen by choose_lead_owner(), migration 1765580000000, as store_new_lead()
// chooses one at arrival, the returning-customer window ending now) and its
// unsent alert row, so a worker that dies after the commit leaves the alert
// to the sweeper. The call names the UPDATE's row, so only the release that
// flipped the flag takes a round-robin turn; the contact it looks up is the
// row's own. $1 lead, $2 due, $3 recipients, $4 assign, $5 ledger key, $6
// team, $7 returning-customer days.
const RELEASE_SQL = `
WITH lead AS (
  UPDATE leads SET quarantined = false, spam_confirmed = false WHERE id = $1 AND quarantined
  RETURNING id, phone, email
), owner AS (
  SELECT o.login, o.how, o.team_id
    FROM lead CROSS JOIN LATERAL choose_lead_owner(lead.id, $4::boolean, lead.phone, lead.email, $6::text, $7::int, now()) o
), task AS (
  INSERT INTO follow_up_tasks (lead_id, due_at, assignee, team_id, form_slug)
  SELECT lead.id, $2::timestamptz, o.login, o.team_id,
         (SELECT lf.form_slug FROM lead_forms lf WHERE lf.lead_id = lead.id AND lf.form_slug <> 'default')
    FROM lead LEFT JOIN owner o ON true
  ON CONFLICT (lead_id) DO NOTHING
  RETURNING id, assignee
), assigned AS (
  INSERT INTO task_events (task_id, actor, action, from_status, to_status, to_assignee, note)
  SELECT t.id, 'assignment', 'assigned', 'open', 'open', t.assignee, (SELECT o.how FROM owner o)
    FROM task t WHERE t.assignee IS NOT NULL
), alert AS (
  INSERT INTO notifications (lead_id, dedupe_key, channel, kind, status, attempts, recipients)
  SELECT id, $5, 'email', 'new-lead', 'pending', 0, $3 FROM lead
  ON CONFLICT (dedupe_key) DO NOTHING
)
SELECT t.id AS "taskId", t.assignee AS owner FROM lead LEFT JOIN task t ON true`;

/** Where a released lead goes, as its form's routing and the settings decide. */
export interface ReleasePlan {
  dueAt: Date;
  /** The alert's recipients, comma-separated. */
  recipients: string;
  /** ASSIGNMENT=round-robin: give it an owner. */
  assign: boolean;
  returningCustomerDays: number;
  /** The team its form routes it to; null: everyone. */
  team: string | null;
}

/** Releasing a quarantined lead that staff judged genuine (`POST /admin/leads/:id/not-spam`). */
@Injectable()
export class SpamReleaseRepository {
  constructor(private readonly db: Db) {}

  /** Releases a quarantined lead once: null when it was not quarantined (released already, or never held). */
  async release(leadId: string, plan: ReleasePlan): Promise<ReleasedLead | null> {
    const rows: ReleasedLead[] = await this.db.query(RELEASE_SQL, [
      leadId,
      plan.dueAt.toISOString(),
      plan.recipients,
      plan.assign,
      ledgerKey({ channel: 'email', kind: 'new-lead', leadId }),
      plan.team,
      plan.returningCustomerDays,
    ]);
    return rows[0] ?? null;
  }
}
