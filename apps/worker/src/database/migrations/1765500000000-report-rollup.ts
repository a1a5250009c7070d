import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The speed-to-lead reports' per-day rollup (docs/performance.md, "Reports
 * over a year"): what the reports add up for each closed day of the business
 * zone, written by the maintenance job so a year's report reads a few
 * thousand rows instead of every lead of the year.
 *
 * - `report_days`: the days rolled up, with the zone and claim target
 *   (CLAIM_WITHIN_MINUTES in seconds, null when off) they were built for,
 *   when the first of their open tasks falls due (`valid_until`: the
 *   overdue counts change then), and how many of their leads were stored
 *   late (`late_leads`, see the next migration). A day built for another
 *   zone or target, past its `valid_until` or with more late leads now, is
 *   read live until rebuilt.
 * - Three tables of sums, each for one table of the report, keyed by what
 *   it groups by and what a report filters on, '' standing for "every form /
 *   source / owner" so that a filter, or none, reads exactly one row per
 *   day and group:
 *   `report_day_owners` (owner as the report counts it, null = unassigned;
 *   per form and source): counts, and every touched lead's wait as packed
 *   little-endian int32 (`response_seconds`), so medians and p90 stay exact;
 *   `report_day_sources` (source; per form and owner): leads and outcomes;
 *   `report_day_people` (a person; per form and source): re-routes away
 *   from them, and open tasks of theirs past due (null = unassigned).
 * - `report_dirty`: 15-minute slots (UTC, so any zone's day holds whole
 *   slots) of leads whose figures changed after their day may have been
 *   rolled up. Keyed with the writing transaction, so a mark is never
 *   absorbed by an older one that the job is deleting: the job deletes the
 *   marks it sees, then reads the leads, and whatever committed later stays
 *   marked.
 *
 * Triggers mark slots on what changes a lead's figures: a task's owner,
 * status, due time, first touch, response times or outcome (a re-route
 * changes the owner in the same transaction as its history row), and a
 * lead's arrival, source fields, quarantine release (which gives it a task)
 * or deletion. Nothing fires on INSERT: storing a lead pays nothing. A lead
 * stored late, after its day was rolled up, is found by the next
 * migration's index instead.
 */
export class ReportRollup1765500000000 implements MigrationInterface {
  name = 'ReportRollup1765500000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE report_days (
        day date PRIMARY KEY,
        time_zone text NOT NULL,
        target_seconds integer,
        built_at timestamptz NOT NULL,
        valid_until timestamptz,
        late_leads integer NOT NULL
      )`);
    await q.query(`
      CREATE TABLE report_day_owners (
        day date NOT NULL,
        owner text,
        form text NOT NULL,
        source text NOT NULL,
        leads integer NOT NULL,
        touched integer NOT NULL,
        within_target integer NOT NULL,
        within_5m integer NOT NULL,
        within_1h integer NOT NULL,
        within_24h integer NOT NULL,
        later integer NOT NULL,
        won integer NOT NULL,
        qualified integer NOT NULL,
        unqualified integer NOT NULL,
        invalid integer NOT NULL,
        spam integer NOT NULL,
        response_seconds bytea NOT NULL
      )`);
    await q.query(`CREATE INDEX report_day_owners_slice_idx ON report_day_owners (form, source, day)`);
    await q.query(`CREATE INDEX report_day_owners_day_idx ON report_day_owners (day)`);
    await q.query(`
      CREATE TABLE report_day_sources (
        day date NOT NULL,
        source text NOT NULL,
        form text NOT NULL,
        owner text,
        leads integer NOT NULL,
        won integer NOT NULL,
        qualified integer NOT NULL,
        unqualified integer NOT NULL,
        invalid integer NOT NULL,
        spam integer NOT NULL
      )`);
    await q.query(`CREATE INDEX report_day_sources_slice_idx ON report_day_sources (form, owner, day)`);
    await q.query(`CREATE INDEX report_day_sources_day_idx ON report_day_sources (day)`);
    await q.query(`
      CREATE TABLE report_day_people (
        day date NOT NULL,
        person text,
        form text NOT NULL,
        source text NOT NULL,
        reroutes integer NOT NULL,
        overdue integer NOT NULL
      )`);
    await q.query(`CREATE INDEX report_day_people_slice_idx ON report_day_people (form, source, day)`);
    await q.query(`CREATE INDEX report_day_people_day_idx ON report_day_people (day)`);
    await q.query(`
      CREATE TABLE report_dirty (
        slot timestamptz NOT NULL,
        xact bigint NOT NULL,
        PRIMARY KEY (slot, xact)
      )`);
    await q.query(`
      CREATE FUNCTION report_dirty_slot(at timestamptz) RETURNS timestamptz LANGUAGE sql IMMUTABLE
      AS $$ SELECT date_bin('15 minutes', at, timestamptz '2000-01-01 00:00:00+00') $$`);
    await q.query(`
      CREATE FUNCTION report_task_changed() RETURNS trigger LANGUAGE plpgsql AS $fn$
      BEGIN
        INSERT INTO report_dirty (slot, xact)
        SELECT report_dirty_slot(l.received_at), pg_current_xact_id()::text::bigint FROM leads l WHERE l.id = NEW.lead_id
        ON CONFLICT DO NOTHING;
        RETURN NULL;
      END
      $fn$`);
    await q.query(`
      CREATE TRIGGER follow_up_tasks_report_dirty
        AFTER UPDATE OF assignee, status, due_at, first_touch_at, first_touch_owner, response_seconds, response_business_seconds,
                        outcome
        ON follow_up_tasks FOR EACH ROW
        WHEN (OLD.assignee IS DISTINCT FROM NEW.assignee OR OLD.status IS DISTINCT FROM NEW.status
              OR OLD.due_at IS DISTINCT FROM NEW.due_at OR OLD.first_touch_at IS DISTINCT FROM NEW.first_touch_at
              OR OLD.first_touch_owner IS DISTINCT FROM NEW.first_touch_owner
              OR OLD.response_seconds IS DISTINCT FROM NEW.response_seconds
              OR OLD.response_business_seconds IS DISTINCT FROM NEW.response_business_seconds
              OR OLD.outcome IS DISTINCT FROM NEW.outcome)
        EXECUTE FUNCTION report_task_changed()`);
    await q.query(`
      CREATE FUNCTION report_lead_changed() RETURNS trigger LANGUAGE plpgsql AS $fn$
      DECLARE
        xact bigint := pg_current_xact_id()::text::bigint;
      BEGIN
        INSERT INTO report_dirty (slot, xact) VALUES (report_dirty_slot(OLD.received_at), xact) ON CONFLICT DO NOTHING;
        IF TG_OP = 'UPDATE' THEN
          INSERT INTO report_dirty (slot, xact) VALUES (report_dirty_slot(NEW.received_at), xact) ON CONFLICT DO NOTHING;
        END IF;
        RETURN NULL;
      END
      $fn$`);
    await q.query(`
      CREATE TRIGGER leads_report_dirty
        AFTER UPDATE OF received_at, utm, page, quarantined ON leads FOR EACH ROW
        WHEN (OLD.received_at IS DISTINCT FROM NEW.received_at OR OLD.utm IS DISTINCT FROM NEW.utm
              OR OLD.page IS DISTINCT FROM NEW.page OR OLD.quarantined IS DISTINCT FROM NEW.quarantined)
        EXECUTE FUNCTION report_lead_changed()`);
    await q.query(`
      CREATE TRIGGER leads_report_dirty_delete AFTER DELETE ON leads FOR EACH ROW EXECUTE FUNCTION report_lead_changed()`);
    // Emptying the leads (a reseed, a test) empties the rollup with them.
    await q.query(`
      CREATE FUNCTION report_leads_truncated() RETURNS trigger LANGUAGE plpgsql AS $fn$
      BEGIN
        TRUNCATE report_days, report_day_owners, report_day_sources, report_day_people, report_dirty;
        RETURN NULL;
      END
      $fn$`);
    await q.query(`
      CREATE TRIGGER leads_report_truncated AFTER TRUNCATE ON leads FOR EACH STATEMENT EXECUTE FUNCTION report_leads_truncated()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER leads_report_truncated ON leads`);
    await q.query(`DROP FUNCTION report_leads_truncated()`);
    await q.query(`DROP TRIGGER leads_report_dirty_delete ON leads`);
    await q.query(`DROP TRIGGER leads_report_dirty ON leads`);
    await q.query(`DROP TRIGGER follow_up_tasks_report_dirty ON follow_up_tasks`);
    await q.query(`DROP FUNCTION report_lead_changed()`);
    await q.query(`DROP FUNCTION report_task_changed()`);
    await q.query(`DROP FUNCTION report_dirty_slot(timestamptz)`);
    await q.query(`DROP TABLE report_dirty`);
    await q.query(`DROP TABLE report_day_people`);
    await q.query(`DROP TABLE report_day_sources`);
    await q.query(`DROP TABLE report_day_owners`);
    await q.query(`DROP TABLE report_days`);
  }
}
