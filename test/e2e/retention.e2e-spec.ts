/**
 * The retention purge (LEAD_RETENTION_DAYS) end to end: leads past the
 * horizon are erased in keyset batches of 500 (more than two batches here),
 * each recorded in `erasures`; recent leads and leads erased before are left
 * alone.
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
  expect(rows[0]).toEqual({ blanked: OLD, recorded: OLD });
  const recent = await stack.db.query(`SELECT count(*)::int AS n FROM leads WHERE name LIKE 'recent %' AND erased_at IS NULL`);
  expect(recent.rows[0].n).toBe(3);
  const before = await stack.db.query(
    `SELECT count(*)::int AS n FROM erasures WHERE lead_id IN (SELECT id FROM leads WHERE received_at < now() - interval '80 days')`,
  );
  expect(before.rows[0].n).toBe(0);
});
