import { MigrationInterface, QueryRunner } from 'typeorm';
import { StoreLeadContactLookup1764600000000 } from './1764600000000-store-lead-contact-lookup';

/**
 * Spam quarantine. Each lead keeps its spam score and the reasons for it;
 * a quarantined lead is stored like any other (nothing is dropped) but gets
 * no task (so no owner, no round-robin turn, no SLA clock, nothing for
 * reminders, escalations or re-routes to find) and no alert row, until
 * staff release it. New columns are nullable or have a constant default:
 * catalogue-only changes, instant on any size of table.
 *
 * store_new_lead() takes three more arguments (score, reasons, quarantined)
 * and is otherwise the latest definition (1764600000000's split contact
 * lookup, generic plan); the 20-argument one is dropped so no caller can
 * store a lead without deciding on spam.
 *
 * The model the score uses lives in spam_model (one row, bumped `version`
 * on every verdict so every worker reloads it), staff verdicts in
 * spam_verdicts (one per lead: a changed verdict moves the lead's words to
 * the other side), blocked contacts in spam_blocklist.
 */
export class SpamQuarantine1764900000000 implements MigrationInterface {
  name = 'SpamQuarantine1764900000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE leads
        ADD COLUMN spam_score real,
        ADD COLUMN spam_reasons jsonb,
        ADD COLUMN quarantined boolean NOT NULL DEFAULT false`);
    await q.query(`CREATE INDEX leads_quarantined_idx ON leads (received_at DESC) WHERE quarantined`);
    await q.query(`
      CREATE TABLE spam_model (
        id smallint PRIMARY KEY CHECK (id = 1),
        model jsonb NOT NULL,
        version integer NOT NULL DEFAULT 1,
        updated_at timestamptz NOT NULL DEFAULT now())`);
    await q.query(`
      CREATE TABLE spam_verdicts (
        lead_id uuid PRIMARY KEY REFERENCES leads(id) ON DELETE CASCADE,
        verdict text NOT NULL CHECK (verdict IN ('spam', 'genuine')),
        tokens jsonb NOT NULL,
        actor text NOT NULL,
        at timestamptz NOT NULL DEFAULT now())`);
    await q.query(`
      CREATE TABLE spam_blocklist (
        kind text NOT NULL CHECK (kind IN ('phone', 'email', 'ip')),
        value text NOT NULL,
        until timestamptz NOT NULL,
        actor text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (kind, value))`);
    await q.query(`DROP FUNCTION IF EXISTS store_new_lead(
  uuid, text, text, text, text, text, text, boolean, text, jsonb, jsonb, text, text, text,
  timestamptz, timestamptz, text, text, boolean, integer)`);
    await q.query(`
CREATE OR REPLACE FUNCTION store_new_lead(
  uuid, text, text, text, text, text, text, boolean, text, jsonb, jsonb, text, text, text,
  timestamptz, timestamptz, text, text, boolean, integer, real, jsonb, boolean)
RETURNS TABLE (alert_id uuid, alert_attempts integer, lead_created_at timestamptz,
               owner_login text, owner_name text, owner_how text)
LANGUAGE plpgsql
SET plan_cache_mode = force_generic_plan
AS $fn$
#variable_conflict use_column
BEGIN
  RETURN QUERY
  WITH lead AS (
    INSERT INTO leads (id, name, phone, phone_raw, email, company, requirement, consent, consent_at,
                       privacy_policy_version, utm, extras, ip, user_agent, page, received_at,
                       spam_score, spam_reasons, quarantined)
    VALUES ($1, $2, $3, $4, $5, $6, $7, $8, CASE WHEN $8 THEN $16::timestamptz END,
            $9, $10, $11, $12, $13, $14, $16::timestamptz, $21, $22, $23)
    ON CONFLICT (id) DO NOTHING
    RETURNING id, created_at
  ), previous AS (
    SELECT newest.assignee FROM (
      (SELECT t.assignee, p.received_at
         FROM leads p JOIN follow_up_tasks t ON t.lead_id = p.id
        WHERE $19::boolean AND NOT $23 AND $20::int > 0 AND p.phone = $3::text AND p.erased_at IS NULL AND p.id <> $1
          AND p.received_at > $16::timestamptz - make_interval(days => $20::int)
        ORDER BY p.received_at DESC LIMIT 1)
      UNION ALL
      (SELECT t.assignee, p.received_at
         FROM leads p JOIN follow_up_tasks t ON t.lead_id = p.id
        WHERE $19::boolean AND NOT $23 AND $20::int > 0 AND lower(p.email) = lower($5::text) AND p.erased_at IS NULL AND p.id <> $1
          AND p.received_at > $16::timestamptz - make_interval(days => $20::int)
        ORDER BY p.received_at DESC LIMIT 1)
    ) newest
    ORDER BY newest.received_at DESC LIMIT 1
  ), returning_owner AS (
    SELECT s.login FROM previous pr JOIN staff s ON s.login = pr.assignee AND s.active
  ), eligible AS (
    SELECT login, row_number() OVER (ORDER BY login) - 1 AS slot, count(*) OVER () AS n
      FROM staff WHERE active AND on_duty AND receives_leads
  ), turn AS (
    SELECT nextval('assignment_turn') AS v FROM lead
     WHERE $19::boolean AND NOT $23 AND NOT EXISTS (SELECT 1 FROM returning_owner) AND EXISTS (SELECT 1 FROM eligible)
  ), owner AS (
    SELECT login, 'returning-customer' AS how FROM returning_owner
    UNION ALL
    SELECT e.login, 'round-robin' FROM turn JOIN eligible e ON e.slot = turn.v % e.n
  ), task AS (
    INSERT INTO follow_up_tasks (lead_id, due_at, assignee)
    SELECT id, $15::timestamptz, (SELECT login FROM owner LIMIT 1) FROM lead WHERE NOT $23
    ON CONFLICT (lead_id) DO NOTHING
    RETURNING id, assignee
  ), assigned AS (
    INSERT INTO task_events (task_id, actor, action, from_status, to_status, to_assignee, note)
    SELECT t.id, 'assignment', 'assigned', 'open', 'open', t.assignee, (SELECT how FROM owner LIMIT 1)
      FROM task t WHERE t.assignee IS NOT NULL
  ), alert AS (
    INSERT INTO notifications (lead_id, dedupe_key, channel, kind, status, attempts, recipients)
    SELECT id, $18, 'email', 'new-lead', 'sending', 1, $17 FROM lead WHERE NOT $23
    ON CONFLICT (dedupe_key) DO NOTHING
    RETURNING id, attempts
  )
  SELECT a.id, a.attempts, l.created_at, (SELECT assignee FROM task) AS owner,
         (SELECT s.name FROM task t JOIN staff s ON s.login = t.assignee) AS owner_name,
         (SELECT how FROM owner LIMIT 1) AS how
    FROM lead l LEFT JOIN alert a ON true;
END
$fn$`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP FUNCTION store_new_lead(
  uuid, text, text, text, text, text, text, boolean, text, jsonb, jsonb, text, text, text,
  timestamptz, timestamptz, text, text, boolean, integer, real, jsonb, boolean)`);
    await new StoreLeadContactLookup1764600000000().up(q);
    await q.query(`DROP TABLE spam_blocklist, spam_verdicts, spam_model`);
    await q.query(`ALTER TABLE leads DROP COLUMN quarantined, DROP COLUMN spam_reasons, DROP COLUMN spam_score`);
  }
}
