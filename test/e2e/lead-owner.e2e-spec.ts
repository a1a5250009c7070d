/**
 * choose_lead_owner() as store_new_lead() calls it, on the database alone:
 * a round-robin turn is taken once per stored lead that gets an owner by
 * round robin, never for a duplicate, a quarantined lead or a returning
 * customer; the task and its 'assigned' event carry the owner and how it was
 * chosen; a team's leads turn its own sequence and the task keeps the team
 * even when nobody is assigned. Migrating down restores the function from
 * before, and up again.
 */
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { MIGRATIONS } from '../../apps/worker/src/database/database.module';
import { LeadOwnerFunction1765580000000 } from '../../apps/worker/src/database/migrations/1765580000000-lead-owner-function';
import { newDatabase, type TestDatabase } from '../support/database';

jest.setTimeout(60_000);

let database: TestDatabase;
let db: DataSource;

beforeAll(async () => {
  database = await newDatabase();
  db = await new DataSource({ type: 'postgres', url: database.url, migrations: MIGRATIONS }).initialize();
  await db.runMigrations({ transaction: 'each' });
  for (const login of ['a.li', 'b.wang', 'c.zhao']) {
    await db.query(`INSERT INTO staff (login, name, role, password_hash) VALUES ($1, $1, 'sales', 'x')`, [login]);
  }
  const [team] = await db.query(`INSERT INTO teams (name) VALUES ('华东钢材') RETURNING id`);
  await db.query(`INSERT INTO team_members (team_id, login) VALUES ($1, 'c.zhao')`, [team.id]);
});

afterAll(async () => {
  await db?.destroy();
  await database?.drop();
});

interface Stored {
  owner: string | null;
  how: string | null;
}

function aLead(over: Record<string, unknown> = {}): Record<string, unknown> {
  const id = randomUUID();
  return {
    id,
    name: '张三',
    phone: `+86139${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}`,
    email: `${id}@example.com`,
    requirement: '钢材报价',
    consent: true,
    due_at: new Date(Date.now() + 1_800_000).toISOString(),
    received_at: new Date().toISOString(),
    recipients: 'sales@example.com',
    alert_key: `email:new-lead:${id}`,
    assign: true,
    returning_days: 730,
    quarantined: false,
    team: null,
    ...over,
  };
}

const store = async (lead: Record<string, unknown>): Promise<Stored[]> =>
  db.query(`SELECT owner_login AS owner, owner_how AS how FROM store_new_lead($1::jsonb)`, [JSON.stringify(lead)]);

/** How many turns a sequence has given (reading it takes none). */
const turns = async (sequence: string): Promise<number> => {
  const [row] = await db.query(`SELECT CASE WHEN is_called THEN last_value ELSE 0 END AS n FROM ${sequence}`);
  return Number(row.n);
};

const taskOf = async (leadId: string) =>
  (
    await db.query(
      `SELECT t.assignee, t.team_id AS "teamId",
              (SELECT e.note FROM task_events e WHERE e.task_id = t.id AND e.action = 'assigned') AS how
         FROM follow_up_tasks t WHERE t.lead_id = $1`,
      [leadId],
    )
  )[0];

it('takes one turn for a new lead and none when the same lead is stored again', async () => {
  const before = await turns('assignment_turn');
  const lead = aLead();
  const [stored] = await store(lead);
  expect(stored.how).toBe('round-robin');
  expect(await taskOf(lead.id as string)).toEqual({ assignee: stored.owner, teamId: null, how: 'round-robin' });
  expect(await turns('assignment_turn')).toBe(before + 1);

  expect(await store(lead)).toEqual([]);
  expect(await turns('assignment_turn')).toBe(before + 1);
});

it('takes no turn for a quarantined lead, which gets no task', async () => {
  const before = await turns('assignment_turn');
  const lead = aLead({ quarantined: true, spam_score: 0.99, spam_reasons: ['url'] });
  expect(await store(lead)).toEqual([{ owner: null, how: null }]);
  expect(await taskOf(lead.id as string)).toBeUndefined();
  expect(await turns('assignment_turn')).toBe(before);
});

it('gives a returning customer their owner without a turn, by phone or by email', async () => {
  const first = aLead();
  const [{ owner }] = await store(first);
  const before = await turns('assignment_turn');
  for (const again of [aLead({ phone: first.phone }), aLead({ email: String(first.email).toUpperCase() })]) {
    expect(await store(again)).toEqual([{ owner, how: 'returning-customer' }]);
    expect(await taskOf(again.id as string)).toEqual({ assignee: owner, teamId: null, how: 'returning-customer' });
  }
  expect(await turns('assignment_turn')).toBe(before);
});

it("turns a team's own sequence, and keeps the team on the task when assignment is off", async () => {
  const [{ id: teamId }] = await db.query(`SELECT id FROM teams WHERE name = '华东钢材'`);
  const company = await turns('assignment_turn');
  const team = await turns(`team_turn_${teamId}`);
  const routed = aLead({ team: '华东钢材' });
  expect(await store(routed)).toEqual([{ owner: 'c.zhao', how: 'round-robin' }]);
  expect(await taskOf(routed.id as string)).toEqual({ assignee: 'c.zhao', teamId, how: 'round-robin' });
  expect([await turns('assignment_turn'), await turns(`team_turn_${teamId}`)]).toEqual([company, team + 1]);

  const unassigned = aLead({ team: '华东钢材', assign: false });
  expect(await store(unassigned)).toEqual([{ owner: null, how: null }]);
  expect(await taskOf(unassigned.id as string)).toEqual({ assignee: null, teamId, how: null });
  expect([await turns('assignment_turn'), await turns(`team_turn_${teamId}`)]).toEqual([company, team + 1]);
});

it('migrates down to the function from before and up again', async () => {
  const runner = db.createQueryRunner();
  try {
    await new LeadOwnerFunction1765580000000().down(runner);
    expect(await db.query(`SELECT 1 FROM pg_proc WHERE proname = 'choose_lead_owner'`)).toEqual([]);
    expect(await store(aLead())).toEqual([{ owner: expect.any(String), how: 'round-robin' }]);
    await new LeadOwnerFunction1765580000000().up(runner);
    expect(await store(aLead())).toEqual([{ owner: expect.any(String), how: 'round-robin' }]);
  } finally {
    await runner.release();
  }
});
