import { MigrationInterface, QueryRunner } from 'typeorm';
import { Teams1765200000000 } from './1765200000000-teams';

/**
 * store_new_lead() reads the contact's spam history itself, so a new lead
 * costs one round trip instead of two (the worker asked for it in a
 * statement of its own before every store).
 *
 * The worker scores a lead from its text first, as a contact with no
 * history, and says so with the new input field `spam_contact_leads_below`:
 * the verdict holds while the contact sent fewer leads than that (by phone
 * or email) in the last day, has no lead staff marked spam, and is on no
 * block (by phone, email or IP). The function reads those three facts (the
 * statement the worker ran, in the function, so PL/pgSQL keeps its plan;
 * the verdict check written so that plan reads verdicts first whatever the
 * statistics) and, when the contact has more, stores nothing and returns
 * one row with them (and no lead): the worker scores the lead again with them and calls
 * once more with its final verdict and the field unset. Without the field
 * the function behaves exactly as 1765200000000's, so a worker of the
 * previous release keeps working against it.
 *
 * Its result gains the three facts, a new row type, so the function is
 * dropped and made again inside this migration's transaction (other sessions
 * see the old one until the commit, then this one); its input stays the one
 * jsonb record, with one field more in store_lead_input.
 */
export class StoreLeadContactHistory1765510000000 implements MigrationInterface {
  name = 'StoreLeadContactHistory1765510000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TYPE store_lead_input ADD ATTRIBUTE spam_contact_leads_below integer`);
    await q.query(`DROP FUNCTION store_new_lead(jsonb)`);
    await q.query(STORE_NEW_LEAD);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP FUNCTION store_new_lead(jsonb)`);
    await q.query(`ALTER TYPE store_lead_input DROP ATTRIBUTE spam_contact_leads_below`);
    // 1765200000000's function (its own up() also makes tables: only the function is wanted).
    await new Teams1765200000000().up({
      query: (sql: string, params?: unknown[]) =>
        /^\s*CREATE FUNCTION store_new_lead/.test(sql) ? q.query(sql, params) : Promise.resolve([]),
    } as QueryRunner);
  }
}

// 1765200000000's statement, unchanged, after the contact check. `i` is the
// lead as one record; no table in the statements is aliased `i`.
const STORE_NEW_LEAD = `
CREATE FUNCTION store_new_lead(lead_input jsonb)
RETURNS TABLE (alert_id uuid, alert_attempts integer, lead_created_at timestamptz,
               owner_login text, owner_name text, owner_how text,
               contact_leads_today integer, contact_marked_spam boolean, contact_blocked text)
LANGUAGE plpgsql
SET plan_cache_mode = force_generic_plan
AS $fn$
#variable_conflict use_column
DECLARE
  i store_lead_input := jsonb_populate_record(NULL::store_lead_input, lead_input);
  facts_leads integer;
  facts_marked boolean;
  facts_blocked text;
BEGIN
  IF i.spam_contact_leads_below IS NOT NULL THEN
    -- Each contact field on its own (the index of each serves its count); the larger count wins.
    -- Staff verdicts are few: each is checked by its lead's key. As a plain join, the plan
    -- PL/pgSQL keeps for the connection, when made before the table was first analysed (a
    -- new install), read every lead for every new one instead; a LATERAL with LIMIT cannot
    -- be turned around.
    SELECT greatest(
             (SELECT count(*) FROM leads WHERE i.phone IS NOT NULL AND phone = i.phone AND id <> i.id
                 AND received_at > now() - interval '1 day'),
             (SELECT count(*) FROM leads WHERE i.email IS NOT NULL AND lower(email) = lower(i.email) AND id <> i.id
                 AND received_at > now() - interval '1 day'))::int,
           EXISTS (SELECT 1 FROM spam_verdicts v
                    CROSS JOIN LATERAL (SELECT 1 FROM leads l
                                         WHERE l.id = v.lead_id AND ((l.phone = i.phone) OR (lower(l.email) = lower(i.email)))
                                         LIMIT 1) hit
                    WHERE v.verdict = 'spam'),
           (SELECT string_agg(kind, ',' ORDER BY kind) FROM spam_blocklist
             WHERE until > now() AND ((kind = 'phone' AND value = i.phone) OR (kind = 'email' AND value = lower(i.email))
                                      OR (kind = 'ip' AND value = i.ip)))
      INTO facts_leads, facts_marked, facts_blocked;
    IF facts_leads >= i.spam_contact_leads_below OR facts_marked OR facts_blocked IS NOT NULL THEN
      RETURN QUERY SELECT NULL::uuid, NULL::integer, NULL::timestamptz, NULL::text, NULL::text, NULL::text,
                          facts_leads, facts_marked, facts_blocked;
      RETURN;
    END IF;
  END IF;
  RETURN QUERY
  WITH lead AS (
    INSERT INTO leads (id, name, phone, phone_raw, email, company, requirement, consent, consent_at,
                       privacy_policy_version, utm, extras, ip, user_agent, page, received_at,
                       spam_score, spam_reasons, quarantined)
    VALUES (i.id, i.name, i.phone, i.phone_raw, i.email, i.company, i.requirement, i.consent,
            CASE WHEN i.consent THEN i.received_at END, i.privacy_policy_version, coalesce(i.utm, '{}'),
            coalesce(i.extras, '{}'), i.ip, i.user_agent, i.page, i.received_at,
            i.spam_score, i.spam_reasons, coalesce(i.quarantined, false))
    ON CONFLICT (id) DO NOTHING
    RETURNING id, created_at
  ), previous AS (
    SELECT newest.assignee FROM (
      (SELECT t.assignee, p.received_at
         FROM leads p JOIN follow_up_tasks t ON t.lead_id = p.id
        WHERE i.assign AND NOT coalesce(i.quarantined, false) AND i.returning_days > 0 AND p.phone = i.phone
          AND p.erased_at IS NULL AND p.id <> i.id
          AND p.received_at > i.received_at - make_interval(days => i.returning_days)
        ORDER BY p.received_at DESC LIMIT 1)
      UNION ALL
      (SELECT t.assignee, p.received_at
         FROM leads p JOIN follow_up_tasks t ON t.lead_id = p.id
        WHERE i.assign AND NOT coalesce(i.quarantined, false) AND i.returning_days > 0 AND lower(p.email) = lower(i.email)
          AND p.erased_at IS NULL AND p.id <> i.id
          AND p.received_at > i.received_at - make_interval(days => i.returning_days)
        ORDER BY p.received_at DESC LIMIT 1)
    ) newest
    ORDER BY newest.received_at DESC LIMIT 1
  ), returning_owner AS (
    SELECT s.login FROM previous pr JOIN staff s ON s.login = pr.assignee AND s.active
  ), team AS (
    SELECT tm.id FROM teams tm WHERE tm.name = i.team
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
     WHERE i.assign AND NOT coalesce(i.quarantined, false) AND NOT EXISTS (SELECT 1 FROM returning_owner)
       AND EXISTS (SELECT 1 FROM eligible)
  ), owner AS (
    SELECT login, 'returning-customer' AS how FROM returning_owner
    UNION ALL
    SELECT e.login, 'round-robin' FROM turn JOIN eligible e ON e.slot = turn.v % e.n
  ), task AS (
    INSERT INTO follow_up_tasks (lead_id, due_at, assignee, team_id)
    SELECT id, i.due_at, (SELECT login FROM owner LIMIT 1), (SELECT id FROM team) FROM lead
     WHERE NOT coalesce(i.quarantined, false)
    ON CONFLICT (lead_id) DO NOTHING
    RETURNING id, assignee
  ), assigned AS (
    INSERT INTO task_events (task_id, actor, action, from_status, to_status, to_assignee, note)
    SELECT t.id, 'assignment', 'assigned', 'open', 'open', t.assignee, (SELECT how FROM owner LIMIT 1)
      FROM task t WHERE t.assignee IS NOT NULL
  ), alert AS (
    INSERT INTO notifications (lead_id, dedupe_key, channel, kind, status, attempts, recipients)
    SELECT id, i.alert_key, 'email', 'new-lead', 'sending', 1, i.recipients FROM lead
     WHERE NOT coalesce(i.quarantined, false)
    ON CONFLICT (dedupe_key) DO NOTHING
    RETURNING id, attempts
  )
  SELECT a.id, a.attempts, l.created_at, (SELECT assignee FROM task) AS owner,
         (SELECT s.name FROM task t JOIN staff s ON s.login = t.assignee) AS owner_name,
         (SELECT how FROM owner LIMIT 1) AS how, NULL::integer, NULL::boolean, NULL::text
    FROM lead l LEFT JOIN alert a ON true;
END
$fn$`;
