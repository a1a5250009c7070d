import { MigrationInterface, QueryRunner } from 'typeorm';
import { StoreLeadFunction1764500000000 } from './1764500000000-store-lead-function';

/**
 * store_new_lead(), same signature and effects (see 1764500000000), with
 * the returning-customer lookup as two lookups, one per contact field, each
 * the newest match on its own index (leads_phone_received_idx,
 * leads_email_received_idx: the field, then received_at, read backwards),
 * the newer of the two winning.
 *
 * It was one lookup, `phone = … OR lower(email) = … ORDER BY received_at
 * DESC LIMIT 1`. No plan of that OR is right for every contact: a walk
 * back through leads_received_at_idx until a row matches (what the planner
 * chose with a million leads, generic plan and custom alike) reads every
 * lead of the 730-day window for a new contact, about 5.6 leads/s stored;
 * the other (a bitmap OR) reads and sorts every earlier lead of a frequent
 * one. Each lookup here starts at its contact's newest
 * entry and stops at the first row that qualifies: a few pages, the same
 * for a new contact and for one with 50,000 leads (docs/performance.md has
 * both plans).
 *
 * The generic plan is the one that is right for every contact, so the
 * function asks for it from the first call: a connection's first five calls
 * would otherwise be planned with their values, and for a contact that is a
 * large share of all leads the planner then walks leads_received_at_idx back
 * from now until one of theirs turns up, betting that their leads are spread
 * over time.
 */
export class StoreLeadContactLookup1764600000000 implements MigrationInterface {
  name = 'StoreLeadContactLookup1764600000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
CREATE OR REPLACE FUNCTION store_new_lead(
  uuid, text, text, text, text, text, text, boolean, text, jsonb, jsonb, text, text, text,
  timestamptz, timestamptz, text, text, boolean, integer)
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
                       privacy_policy_version, utm, extras, ip, user_agent, page, received_at)
    VALUES ($1, $2, $3, $4, $5, $6, $7, $8, CASE WHEN $8 THEN $16::timestamptz END,
            $9, $10, $11, $12, $13, $14, $16::timestamptz)
    ON CONFLICT (id) DO NOTHING
    RETURNING id, created_at
  ), previous AS (
    SELECT newest.assignee FROM (
      (SELECT t.assignee, p.received_at
         FROM leads p JOIN follow_up_tasks t ON t.lead_id = p.id
        WHERE $19::boolean AND $20::int > 0 AND p.phone = $3::text AND p.erased_at IS NULL AND p.id <> $1
          AND p.received_at > $16::timestamptz - make_interval(days => $20::int)
        ORDER BY p.received_at DESC LIMIT 1)
      UNION ALL
      (SELECT t.assignee, p.received_at
         FROM leads p JOIN follow_up_tasks t ON t.lead_id = p.id
        WHERE $19::boolean AND $20::int > 0 AND lower(p.email) = lower($5::text) AND p.erased_at IS NULL AND p.id <> $1
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
     WHERE $19::boolean AND NOT EXISTS (SELECT 1 FROM returning_owner) AND EXISTS (SELECT 1 FROM eligible)
  ), owner AS (
    SELECT login, 'returning-customer' AS how FROM returning_owner
    UNION ALL
    SELECT e.login, 'round-robin' FROM turn JOIN eligible e ON e.slot = turn.v % e.n
  ), task AS (
    INSERT INTO follow_up_tasks (lead_id, due_at, assignee)
    SELECT id, $15::timestamptz, (SELECT login FROM owner LIMIT 1) FROM lead
    ON CONFLICT (lead_id) DO NOTHING
    RETURNING id, assignee
  ), assigned AS (
    INSERT INTO task_events (task_id, actor, action, from_status, to_status, to_assignee, note)
    SELECT t.id, 'assignment', 'assigned', 'open', 'open', t.assignee, (SELECT how FROM owner LIMIT 1)
      FROM task t WHERE t.assignee IS NOT NULL
  ), alert AS (
    INSERT INTO notifications (lead_id, dedupe_key, channel, kind, status, attempts, recipients)
    SELECT id, $18, 'email', 'new-lead', 'sending', 1, $17 FROM lead
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
    await q.query(`DROP FUNCTION store_new_lead`);
    await new StoreLeadFunction1764500000000().up(q);
  }
}
