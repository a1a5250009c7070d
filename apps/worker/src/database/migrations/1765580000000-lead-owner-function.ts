import { MigrationInterface, QueryRunner } from 'typeorm';
import { StoreLeadContactHistory1765510000000 } from './1765510000000-store-lead-contact-history';

/**
 * Who gets a lead, in one place: choose_lead_owner(), which store_new_lead()
 * and the release of a quarantined lead (SpamReleaseRepository) both call.
 * Each held its own copy of the same statement (the returning customer's
 * owner, else round robin in the lead's team, else everyone's), a rule to
 * change twice and two sets of plans to keep right: the release's copy
 * needed the contact passed as values, a join on the UPDATE's row walking
 * every recent lead.
 *
 * The function returns one row: the owner's login (null when nobody is
 * eligible or `assign` is off), how it was chosen ('returning-customer' or
 * 'round-robin') and the id of the team the lead names (null for an unknown
 * one), which the caller writes on the task whether or not anyone is
 * assigned. Calling it takes a turn (nextval) when round robin chooses, so
 * callers call it once per lead that gets a task: both name the row their
 * INSERT or guarded UPDATE returned as its first argument, a LATERAL
 * reference, so Postgres runs it only for that row and a duplicate lead
 * (ON CONFLICT DO NOTHING), a quarantined one or a release that lost the race
 * takes no turn.
 *
 * PL/pgSQL, like store_new_lead(): Postgres keeps its plan per connection,
 * where a LANGUAGE sql function that calls nextval (volatile, so never
 * inlined) is planned again on every call in Postgres 15. It asks for the
 * generic plan itself, as store_new_lead() does, so the release (a plain
 * statement) gets the same plan: each contact lookup a backward walk of its
 * own index (leads_phone_received_idx, leads_email_received_idx) that stops
 * at the contact's newest lead with a task, for a new contact and a
 * frequent one alike, with statistics or none.
 *
 * None is what a new install has (autovacuum off, or not yet run), and a
 * connection keeps the plan it made then. The lookups used to test
 * `erased_at IS NULL` on the lead itself, which made
 * leads_unerased_received_idx (received_at, id) WHERE erased_at IS NULL
 * usable, and with no statistics the planner takes that condition for
 * 0.5 % of all leads: 1765510000000's function, planned on the empty tables
 * of a new install, walked that index back through every lead of the window
 * for each new contact (90-150 ms a lead once it held 100,000), and a
 * connection opened on grown tables without an ANALYZE read them all with
 * a bitmap scan and sorted them. The test now sits with the task's, in a
 * LATERAL with LIMIT that the planner can neither pull up nor turn into a
 * join, so that index cannot serve the walk. Each contact index is then
 * chosen in every state tried (empty tables, 100,000 leads never analysed,
 * analysed), the next plan costed a third more on empty tables and 13 times
 * more on the grown ones, and the task is read by its key for each lead
 * walked. (Erasure empties phone and email too, so an erased lead never
 * matched a lookup anyway.) The arguments are named so that no column of
 * the tables read shares a name, and a name clash is an error
 * (variable_conflict).
 *
 * store_new_lead() keeps its signature and result (CREATE OR REPLACE), so a
 * worker of the previous release keeps working; its own copy of the choice
 * becomes the call. down() puts 1765510000000's function back and drops this one.
 */
export class LeadOwnerFunction1765580000000 implements MigrationInterface {
  name = 'LeadOwnerFunction1765580000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(CHOOSE_LEAD_OWNER);
    await q.query(STORE_NEW_LEAD);
  }

  async down(q: QueryRunner): Promise<void> {
    // 1765510000000's function, replaced in place (its up() also alters a type and drops the function first).
    await new StoreLeadContactHistory1765510000000().up({
      query: (sql: string, params?: unknown[]) =>
        /^\s*CREATE FUNCTION store_new_lead/.test(sql)
          ? q.query(sql.replace('CREATE FUNCTION', 'CREATE OR REPLACE FUNCTION'), params)
          : Promise.resolve([]),
    } as QueryRunner);
    await q.query(`DROP FUNCTION choose_lead_owner(uuid, boolean, text, text, text, integer, timestamptz)`);
  }
}

// The statement both callers had, with the arguments in place of the lead's fields.
// `as_of` ends the returning-customer window: the lead's arrival, or now for a release.
const CHOOSE_LEAD_OWNER = `
CREATE FUNCTION choose_lead_owner(lead uuid, assign boolean, contact_phone text, contact_email text,
                                  team_name text, returning_days integer, as_of timestamptz)
RETURNS TABLE (login text, how text, team_id integer)
LANGUAGE plpgsql
ROWS 1
SET plan_cache_mode = force_generic_plan
AS $fn$
#variable_conflict error
BEGIN
  RETURN QUERY
  WITH previous AS (
    SELECT newest.assignee FROM (
      (SELECT t.assignee, p.received_at
         FROM leads p CROSS JOIN LATERAL (SELECT f.assignee FROM follow_up_tasks f
                                           WHERE f.lead_id = p.id AND p.erased_at IS NULL LIMIT 1) t
        WHERE assign AND returning_days > 0 AND p.phone = contact_phone AND p.id <> lead
          AND p.received_at > as_of - make_interval(days => returning_days)
        ORDER BY p.received_at DESC LIMIT 1)
      UNION ALL
      (SELECT t.assignee, p.received_at
         FROM leads p CROSS JOIN LATERAL (SELECT f.assignee FROM follow_up_tasks f
                                           WHERE f.lead_id = p.id AND p.erased_at IS NULL LIMIT 1) t
        WHERE assign AND returning_days > 0 AND lower(p.email) = lower(contact_email) AND p.id <> lead
          AND p.received_at > as_of - make_interval(days => returning_days)
        ORDER BY p.received_at DESC LIMIT 1)
    ) newest
    ORDER BY newest.received_at DESC LIMIT 1
  ), returning_owner AS (
    SELECT s.login FROM previous pr JOIN staff s ON s.login = pr.assignee AND s.active
  ), team AS (
    SELECT tm.id FROM teams tm WHERE tm.name = team_name
  ), team_eligible AS (
    SELECT s.login, row_number() OVER (ORDER BY s.login) - 1 AS slot, count(*) OVER () AS n
      FROM team_members m JOIN staff s ON s.login = m.login
     WHERE m.team_id = (SELECT tm.id FROM team tm) AND s.active AND s.on_duty AND s.receives_leads
  ), eligible AS (
    SELECT te.login, te.slot, te.n FROM team_eligible te
    UNION ALL
    SELECT s.login, row_number() OVER (ORDER BY s.login) - 1, count(*) OVER ()
      FROM staff s WHERE s.active AND s.on_duty AND s.receives_leads AND NOT EXISTS (SELECT 1 FROM team_eligible)
  ), turn AS (
    SELECT CASE WHEN EXISTS (SELECT 1 FROM team_eligible)
                THEN nextval(('team_turn_' || (SELECT tm.id FROM team tm))::regclass)
                ELSE nextval('assignment_turn') END AS v
     WHERE assign AND NOT EXISTS (SELECT 1 FROM returning_owner) AND EXISTS (SELECT 1 FROM eligible)
  ), owner AS (
    SELECT r.login, 'returning-customer' AS how FROM returning_owner r
    UNION ALL
    SELECT e.login, 'round-robin' FROM turn JOIN eligible e ON e.slot = turn.v % e.n
  )
  SELECT (SELECT o.login FROM owner o LIMIT 1), (SELECT o.how FROM owner o LIMIT 1), (SELECT tm.id FROM team tm);
END
$fn$`;

// 1765510000000's function, its owner CTEs replaced by the call. `i` is the
// lead as one record; no table in the statements is aliased `i`.
const STORE_NEW_LEAD = `
CREATE OR REPLACE FUNCTION store_new_lead(lead_input jsonb)
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
  ), owner AS (
    -- The inserted row is the call's argument: no row (a duplicate), no call, no turn.
    SELECT o.login, o.how, o.team_id
      FROM lead l CROSS JOIN LATERAL choose_lead_owner(l.id, i.assign, i.phone, i.email, i.team,
                                                       i.returning_days, i.received_at) o
     WHERE NOT coalesce(i.quarantined, false)
  ), task AS (
    INSERT INTO follow_up_tasks (lead_id, due_at, assignee, team_id)
    SELECT l.id, i.due_at, o.login, o.team_id FROM lead l LEFT JOIN owner o ON true
     WHERE NOT coalesce(i.quarantined, false)
    ON CONFLICT (lead_id) DO NOTHING
    RETURNING id, assignee
  ), assigned AS (
    INSERT INTO task_events (task_id, actor, action, from_status, to_status, to_assignee, note)
    SELECT t.id, 'assignment', 'assigned', 'open', 'open', t.assignee, (SELECT o.how FROM owner o)
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
         (SELECT o.how FROM owner o) AS how, NULL::integer, NULL::boolean, NULL::text
    FROM lead l LEFT JOIN alert a ON true;
END
$fn$`;
