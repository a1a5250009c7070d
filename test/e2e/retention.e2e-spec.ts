/**
 * The retention purge (LEAD_RETENTION_DAYS) end to end: leads past the
 * horizon are erased in keyset batches of 500 (more than two batches here),
 * each recorded in `erasures`, its task closed and its notes, form answers
 * and autoresponse recipient dropped (one statement per lead); recent leads
 * and leads erased before are left alone.
 */
import { startStack, waitFor, type Stack } from '../support/stack';

jest.setTimeout(120_000);

let stack: Stack;
const OLD = 1205;

beforeAll(async () => {
  stack = await startStack({ workerEnv: { LEAD_RETENTION_DAYS: '30' } });
});

afterAll(async () => {
  await stack?.stop();
});

it('erases every lead past the horizon, in batches, and nothing else', async () => {
  await stack.db.query(
    `INSERT INTO leads (id, name, phone, requirement, received_at)
     SELECT gen_random_uuid(), 'old ' || g, '+861380000' || lpad(g::text, 4, '0'), '旧需求', now() - interval '40 days' - g * interval '1 minute'
       FROM generate_series(1, $1::int) g`,
    [OLD],
  );
  await stack.db.query(
    `INSERT INTO leads (id, name, requirement, received_at, erased_at)
     SELECT gen_random_uuid(), '', '', now() - interval '90 days', now() - interval '50 days' FROM generate_series(1, 3)`,
  );
  await stack.db.query(
    `INSERT INTO leads (id, name, requirement, received_at) SELECT gen_random_uuid(), 'recent ' || g, '新需求', now() - interval '29 days'
       FROM generate_series(1, 3) g`,
  );
  // One old lead with everything an erasure clears besides the lead row: notes on its task and in its
  // history, form answers, an autoresponse's recipient (an alert's is staff's and stays). The task is
  // done (it stays done), so no SLA check of the running worker touches it meanwhile.
  const {
    rows: [full],
  } = await stack.db.query(
    `WITH lead AS (
       INSERT INTO leads (id, name, phone, requirement, received_at)
       VALUES (gen_random_uuid(), 'old full', '+8613800009999', '旧需求', now() - interval '45 days') RETURNING id),
     task AS (
       INSERT INTO follow_up_tasks (lead_id, status, assignee, note, due_at, done_at)
       SELECT id, 'done', 'wang', '客户手机 13800009999', now() - interval '45 days', now() - interval '44 days' FROM lead
       RETURNING id, lead_id),
     history AS (
       INSERT INTO task_events (task_id, actor, action, from_status, to_status, note)
       SELECT id, 'wang', 'done', 'open', 'done', '客户手机 13800009999' FROM task),
     answers AS (
       INSERT INTO lead_forms (lead_id, form_slug, form_version, custom) SELECT id, 'quote', 1, '{"budget": "13800009999"}' FROM lead),
     sent AS (
       INSERT INTO notifications (lead_id, dedupe_key, channel, kind, status, recipients)
       SELECT id, 'auto:' || id, 'email', 'autoresponse', 'sent', 'visitor@example.com' FROM lead
       UNION ALL SELECT id, 'alert:' || id, 'email', 'alert', 'sent', 'sales@example.com' FROM lead)
     SELECT lead_id AS lead, id AS task FROM task`,
  );
  await stack.queue('maintenance').add('maintenance.retention', {});
  await waitFor(
    async () =>
      (await stack.db.query(`SELECT count(*)::int AS n FROM leads WHERE name LIKE 'old %' AND erased_at IS NULL`)).rows[0].n ===
      0,
    90_000,
    'the old leads to be erased',
  );
  const { rows } = await stack.db.query(
    `SELECT count(*) FILTER (WHERE l.name = '' AND l.phone IS NULL)::int AS blanked,
            count(*) FILTER (WHERE e.actor = 'retention')::int AS recorded
       FROM leads l LEFT JOIN erasures e ON e.lead_id = l.id
      WHERE l.received_at < now() - interval '40 days' + interval '1 second' AND l.received_at > now() - interval '60 days'`,
  );
  expect(rows[0]).toEqual({ blanked: OLD + 1, recorded: OLD + 1 });
  const task = await stack.db.query(`SELECT status, note, updated_by FROM follow_up_tasks WHERE id = $1`, [full.task]);
  expect(task.rows).toEqual([{ status: 'done', note: null, updated_by: 'retention' }]);
  const history = await stack.db.query(
    `SELECT actor, action, from_status, to_status, note FROM task_events WHERE task_id = $1 ORDER BY id`,
    [full.task],
  );
  expect(history.rows).toEqual([
    { actor: 'wang', action: 'done', from_status: 'open', to_status: 'done', note: null },
    { actor: 'retention', action: 'erased', from_status: 'done', to_status: 'cancelled', note: null },
  ]);
  const answers = await stack.db.query(`SELECT custom FROM lead_forms WHERE lead_id = $1`, [full.lead]);
  expect(answers.rows).toEqual([{ custom: {} }]);
  const sent = await stack.db.query(`SELECT kind, recipients FROM notifications WHERE lead_id = $1 ORDER BY kind`, [full.lead]);
  expect(sent.rows).toEqual([
    { kind: 'alert', recipients: 'sales@example.com' },
    { kind: 'autoresponse', recipients: null },
  ]);
  const recent = await stack.db.query(`SELECT count(*)::int AS n FROM leads WHERE name LIKE 'recent %' AND erased_at IS NULL`);
  expect(recent.rows[0].n).toBe(3);
  const before = await stack.db.query(
    `SELECT count(*)::int AS n FROM erasures WHERE lead_id IN (SELECT id FROM leads WHERE received_at < now() - interval '80 days')`,
  );
  expect(before.rows[0].n).toBe(0);
});
