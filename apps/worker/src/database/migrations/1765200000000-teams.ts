import { MigrationInterface, QueryRunner } from 'typeorm';
import { SpamQuarantine1764900000000 } from './1764900000000-spam-quarantine';

/**
 * Teams, and store_new_lead() taking one typed record.
 *
 * `teams` and `team_members` are new and small. Each team gets its own
 * round-robin cursor, a sequence `team_turn_<id>` made by a trigger when
 * the team is inserted: the same mechanism as the company-wide
 * `assignment_turn` (nextval is never rolled back and takes no row lock, so
 * workers storing leads for one team at once never wait for each other),
 * one per team so each team's turns are fair among its own members.
 *
 * A task remembers the team its lead was routed to (`follow_up_tasks.team_id`,
 * by id so renaming a team keeps it), for hand-overs that prefer a colleague
 * of that team. The column is nullable without a default: a catalogue-only
 * change, no rewrite of the table; no foreign key either, whose validation
 * would read every task under a lock (teams are never deleted).
 *
 * store_new_lead(lead_input jsonb) replaces the 23 positional arguments: it is read
 * once into the composite type store_lead_input (jsonb_populate_record, by
 * field name, so a caller can no longer shift an argument by one). The
 * statement is 1764900000000's (split contact lookup, generic plan) with
 * the owner pool narrowed to the lead's team when it names a known team
 * with someone eligible, everyone otherwise. The returning-customer owner
 * still wins first, company-wide. The 23-argument function is dropped:
 * a worker of the previous release calling it fails with an undefined
 * function (class 42, retried, never a dead letter) until it is replaced.
 */
export class Teams1765200000000 implements MigrationInterface {
  name = 'Teams1765200000000';

  async up(q: QueryRunner): Promise<void> {
    // The ALTER below needs a brief exclusive lock on follow_up_tasks: give up
    // rather than queue behind a long query with every intake queued behind it.
    await q.query(`SET LOCAL lock_timeout = '5s'`);
    await q.query(`
      CREATE TABLE teams (
        id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        name text NOT NULL UNIQUE CHECK (length(name) BETWEEN 1 AND 64),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        updated_by text)`);
    await q.query(`
      CREATE TABLE team_members (
        team_id integer NOT NULL REFERENCES teams (id) ON DELETE CASCADE,
        login text NOT NULL REFERENCES staff (login) ON UPDATE CASCADE ON DELETE CASCADE,
        PRIMARY KEY (team_id, login))`);
    await q.query(`CREATE INDEX team_members_login_idx ON team_members (login)`);
    await q.query(`
      CREATE FUNCTION create_team_turn() RETURNS trigger LANGUAGE plpgsql AS $fn$
      BEGIN
        EXECUTE format('CREATE SEQUENCE %I', 'team_turn_' || NEW.id);
        RETURN NEW;
      END
      $fn$`);
    await q.query(`CREATE TRIGGER teams_turn AFTER INSERT ON teams FOR EACH ROW EXECUTE FUNCTION create_team_turn()`);
    await q.query(`ALTER TABLE follow_up_tasks ADD COLUMN team_id integer`);
    await q.query(`
      CREATE TYPE store_lead_input AS (
        id uuid, name text, phone text, phone_raw text, email text, company text, requirement text,
        consent boolean, privacy_policy_version text, utm jsonb, extras jsonb, ip text, user_agent text,
        page text, due_at timestamptz, received_at timestamptz, recipients text, alert_key text,
        assign boolean, returning_days integer, spam_score real, spam_reasons jsonb, quarantined boolean,
        team text)`);
    await q.query(STORE_NEW_LEAD);
    await q.query(`DROP FUNCTION store_new_lead(
  uuid, text, text, text, text, text, text, boolean, text, jsonb, jsonb, text, text, text,
  timestamptz, timestamptz, text, text, boolean, integer, real, jsonb, boolean)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP FUNCTION store_new_lead(jsonb)`);
    await q.query(`DROP TYPE store_lead_input`);
    // The 23-argument function, as 1764900000000 made it (its own up() also adds tables: only its function is wanted).
    await new SpamQuarantine1764900000000().up(functionOnly(q));
    await q.query(`ALTER TABLE follow_up_tasks DROP COLUMN team_id`);
    const turns: { name: string }[] = await q.query(`SELECT 'team_turn_' || id AS name FROM teams`);
    for (const { name } of turns) await q.query(`DROP SEQUENCE IF EXISTS "${name}"`);
    await q.query(`DROP TABLE team_members, teams`);
    await q.query(`DROP FUNCTION create_team_turn()`);
  }
}

/** A runner that passes on only the statements defining store_new_lead(). */
function functionOnly(q: QueryRunner): QueryRunner {
  return {
    query: (sql: string, params?: unknown[]) =>
      /^\s*CREATE OR REPLACE FUNCTION store_new_lead/.test(sql) ? q.query(sql, params) : Promise.resolve([]),
  } as QueryRunner;
}

// `i` is the lead as one record; no table in the statement is aliased `i`.
const STORE_NEW_LEAD = `
CREATE FUNCTION store_new_lead(lead_input jsonb)
RETURNS TABLE (alert_id uuid, alert_attempts integer, lead_created_at timestamptz,
               owner_login text, owner_name text, owner_how text)
LANGUAGE plpgsql
SET plan_cache_mode = force_generic_plan
AS $fn$
#variable_conflict use_column
DECLARE
  i store_lead_input := jsonb_populate_record(NULL::store_lead_input, lead_input);
BEGIN
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
         (SELECT how FROM owner LIMIT 1) AS how
    FROM lead l LEFT JOIN alert a ON true;
END
$fn$`;
