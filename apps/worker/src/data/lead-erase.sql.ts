// LeadRepository.erase's one statement. $1 the lead, $2 the actor, $3 the
// reason, $4 true to commit without waiting for the WAL flush.
//
// One statement, so its implicit transaction holds the lock on the lead's
// row (and on `leads`) only while Postgres runs it. As a transaction of
// eight statements it stayed open across each round trip to the worker,
// whose event loop serves intake in between: open up to 380 ms in
// bench/retention-locks.js, waiting for the worker's next statement.
// Every part reads the statement's one snapshot: `task` is the task as it
// was, before `closed` changes it, as the event records it; a lead erased
// before (no row in `erased`) changes nothing else. Each part finds its rows
// by $1 itself, so it is planned with the lead's id, on its table's index
// by lead.
//
// `relaxed` turns synchronous_commit off for this statement's transaction
// alone (set_config's third argument): its commit then releases the locks
// without waiting for the disk. For the retention purge only, whose
// erasures a crash may undo and its next run repeats; a staff erasure
// answers a request, so it waits. MATERIALIZED and the EXISTS make
// Postgres run it once, before the update.
export const ERASE_LEAD_SQL = `
WITH relaxed AS MATERIALIZED (
  SELECT CASE WHEN $4::boolean THEN set_config('synchronous_commit', 'off', true) END AS setting),
erased AS (
  UPDATE leads SET name = '', phone = NULL, phone_raw = NULL, email = NULL, company = NULL, requirement = '',
         utm = '{}', extras = '{}', ip = NULL, user_agent = NULL, page = NULL, erased_at = now()
   WHERE id = $1 AND erased_at IS NULL AND EXISTS (SELECT FROM relaxed)
  RETURNING id),
task AS (
  SELECT t.id, t.status, t.assignee FROM follow_up_tasks t WHERE t.lead_id = $1 AND EXISTS (SELECT FROM erased)),
event AS (
  INSERT INTO task_events (task_id, actor, action, from_status, to_status, from_assignee, to_assignee)
  SELECT id, $2, 'erased', status, 'cancelled', assignee, assignee FROM task),
closed AS (
  UPDATE follow_up_tasks t SET note = NULL, status = CASE WHEN t.status = 'done' THEN t.status ELSE 'cancelled' END,
         updated_at = now(), updated_by = $2
   WHERE t.lead_id = $1 AND EXISTS (SELECT FROM erased)),
notes AS (
  UPDATE task_events SET note = NULL WHERE task_id = (SELECT id FROM task) AND note IS NOT NULL),
recipients AS (
  UPDATE notifications SET recipients = NULL
   WHERE lead_id = $1 AND kind = 'autoresponse' AND recipients IS NOT NULL AND EXISTS (SELECT FROM erased)),
answers AS (
  UPDATE lead_forms SET custom = '{}' WHERE lead_id = $1 AND custom <> '{}' AND EXISTS (SELECT FROM erased)),
recorded AS (
  INSERT INTO erasures (lead_id, actor, reason) SELECT id, $2, $3 FROM erased)
SELECT id FROM erased`;
