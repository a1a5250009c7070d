import { Injectable } from '@nestjs/common';
import { Db } from './db';
import type { Lead } from './lead';
import { ledgerKey } from './ledger-key';

export interface ReleasedLead {
  taskId: string;
  owner: string | null;
}

// The release: one guarded UPDATE decides who releases (whoever flips the
// flag); the same statement gives the lead its task (due from now, its owner
// chosen as store_new_lead() would have chosen one at arrival: the returning
// customer's owner first, then round robin in the lead's team when it names
// a known team with someone eligible, everyone otherwise) and its unsent
// alert row, so a worker that dies after the commit leaves the alert to the
// sweeper. $1 lead, $2 due, $3 recipients, $4 assign, $5 ledger key, $6 team,
// $7 returning-customer days, $8 and $9 the lead's phone and email: passed as
// values, not read from the UPDATE's row, so each lookup walks its contact
// index newest first (a join on the row walked every recent lead).
const RELEASE_SQL = `
WITH lead AS (
  UPDATE leads SET quarantined = false, spam_confirmed = false WHERE id = $1 AND quarantined
  RETURNING id
), previous AS (
  SELECT newest.assignee FROM (
    (SELECT t.assignee, p.received_at
       FROM leads p JOIN follow_up_tasks t ON t.lead_id = p.id
      WHERE EXISTS (SELECT 1 FROM lead) AND $4::boolean AND $7::int > 0 AND p.phone = $8::text
        AND p.erased_at IS NULL AND p.id <> $1
        AND p.received_at > now() - make_interval(days => $7::int)
      ORDER BY p.received_at DESC LIMIT 1)
    UNION ALL
    (SELECT t.assignee, p.received_at
       FROM leads p JOIN follow_up_tasks t ON t.lead_id = p.id
      WHERE EXISTS (SELECT 1 FROM lead) AND $4::boolean AND $7::int > 0 AND lower(p.email) = lower($9::text)
        AND p.erased_at IS NULL AND p.id <> $1
        AND p.received_at > now() - make_interval(days => $7::int)
      ORDER BY p.received_at DESC LIMIT 1)
  ) newest
  ORDER BY newest.received_at DESC LIMIT 1
), returning_owner AS (
  SELECT s.login FROM previous pr JOIN staff s ON s.login = pr.assignee AND s.active
), team AS (
  SELECT tm.id FROM teams tm WHERE tm.name = $6::text
), team_eligible AS (
  SELECT s.login, row_number() OVER (ORDER BY s.login) - 1 AS slot, count(*) OVER () AS n
    FROM team_members m JOIN staff s ON s.login = m.login
   WHERE m.team_id = (SELECT id FROM team) AND s.active AND s.on_duty AND s.receives_leads
), eligible AS (
  SELECT login, slot, n FROM team_eligible
  UNION ALL
  SELECT login, row_number() OVER (ORDER BY login) - 1, count(*) OVER ()
    FROM staff WHERE active AND on_duty AND receives_leads AND NOT EXISTS (SELECT 1 FROM team_eligible)
), turn AS (
  SELECT CASE WHEN EXISTS (SELECT 1 FROM team_eligible)
              THEN nextval(('team_turn_' || (SELECT id FROM team))::regclass)
              ELSE nextval('assignment_turn') END AS v
    FROM lead
   WHERE $4::boolean AND NOT EXISTS (SELECT 1 FROM returning_owner) AND EXISTS (SELECT 1 FROM eligible)
), owner AS (
  SELECT login, 'returning-customer' AS how FROM returning_owner
  UNION ALL
  SELECT e.login, 'round-robin' FROM turn JOIN eligible e ON e.slot = turn.v % e.n
), task AS (
  INSERT INTO follow_up_tasks (lead_id, due_at, assignee, team_id, form_slug)
  SELECT id, $2::timestamptz, (SELECT login FROM owner LIMIT 1), (SELECT id FROM team),
         (SELECT lf.form_slug FROM lead_forms lf WHERE lf.lead_id = lead.id AND lf.form_slug <> 'default') FROM lead
  ON CONFLICT (lead_id) DO NOTHING
  RETURNING id, assignee
), assigned AS (
  INSERT INTO task_events (task_id, actor, action, from_status, to_status, to_assignee, note)
  SELECT t.id, 'assignment', 'assigned', 'open', 'open', t.assignee, (SELECT how FROM owner LIMIT 1)
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
  async release(lead: Pick<Lead, 'id' | 'phone' | 'email'>, plan: ReleasePlan): Promise<ReleasedLead | null> {
    const leadId = lead.id;
    const rows: ReleasedLead[] = await this.db.query(RELEASE_SQL, [
      leadId,
      plan.dueAt.toISOString(),
      plan.recipients,
      plan.assign,
      ledgerKey({ channel: 'email', kind: 'new-lead', leadId }),
      plan.team,
      plan.returningCustomerDays,
      lead.phone,
      lead.email,
    ]);
    return rows[0] ?? null;
  }
}
