import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * store_new_lead(): the statement the worker runs once per lead, kept in
 * the database so its plan is kept too. Sent as text, a statement of this
 * size was parsed and planned for every lead, about half of what Postgres
 * spent per lead in a drain; PL/pgSQL prepares the statement once per
 * server connection (unlike a named prepared statement, nothing the client
 * holds, so PgBouncer in transaction mode is unaffected).
 *
 * What it does, in one statement (atomic without a transaction; every
 * insert is ON CONFLICT DO NOTHING, so a retried or duplicated job changes
 * nothing): stores the lead ($1-$14, received at $16), its follow-up task
 * (due at $15) and its email alert row ($17 recipients, $18 ledger key),
 * the alert already claimed ("sending", attempt 1) and returned, which
 * saves the claim's round trip. No row when the lead existed.
 *
 * The task gets its owner in the same statement ($19 = assignment on): the
 * owner of the contact's most recent lead within $20 days if still active
 * (a returning customer), else the next eligible person in turn. The turn
 * is a sequence value, taken only when a lead is created, so concurrent
 * workers never share one; value modulo the eligible staff (in login order)
 * picks the person.
 *
 * A change to the statement is a new migration replacing the function.
 */
export class StoreLeadFunction1764500000000 implements MigrationInterface {
  name = 'StoreLeadFunction1764500000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
CREATE FUNCTION store_new_lead(
  uuid, text, text, text, text, text, text, boolean, text, jsonb, jsonb, text, text, text,
  timestamptz, timestamptz, text, text, boolean, integer)
RETURNS TABLE (alert_id uuid, alert_attempts integer, lead_created_at timestamptz,
               owner_login text, owner_name text, owner_how text)
LANGUAGE plpgsql AS $fn$
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
    SELECT t.assignee
      FROM leads p JOIN follow_up_tasks t ON t.lead_id = p.id
     WHERE $19::boolean AND $20::int > 0 AND p.erased_at IS NULL AND p.id <> $1
       AND p.received_at > $16::timestamptz - make_interval(days => $20::int)
       AND (p.phone = $3::text OR lower(p.email) = lower($5::text))
     ORDER BY p.received_at DESC LIMIT 1
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
  }
}
