/**
 * Upgrading a database from the schema before staff accounts: every task is
 * kept with its assignee text; a text naming an account (any case, spaces
 * around) becomes that login, recorded in the task's history; other texts
 * (names from before accounts) stay as they were. Upgrading from before
 * case-insensitive logins: capitals are lowered everywhere the login is
 * named, sessions survive, and two accounts differing only in case both stay.
 */
import { hashSync } from 'bcryptjs';
import { createHash, randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { InitialSchema1764000000000 } from '../../apps/worker/src/database/migrations/1764000000000-initial-schema';
import { NotificationKinds1764100000000 } from '../../apps/worker/src/database/migrations/1764100000000-notification-kinds';
import { TaskHistoryAndErasures1764200000000 } from '../../apps/worker/src/database/migrations/1764200000000-task-history-and-erasures';
import { NotificationDestinations1764300000000 } from '../../apps/worker/src/database/migrations/1764300000000-notification-destinations';
import { StaffAccounts1764400000000 } from '../../apps/worker/src/database/migrations/1764400000000-staff-accounts';
import { StoreLeadFunction1764500000000 } from '../../apps/worker/src/database/migrations/1764500000000-store-lead-function';
import type { AppProcess } from '../support/apps';
import { basicAuth, get } from '../support/http';
import { connect, newDatabase, type TestDatabase } from '../support/database';
import { deletePrefix, newQueuePrefix, REDIS_URL } from '../support/redis';
import { Deployment, TEST_TIMINGS } from '../support/deployment';

jest.setTimeout(90_000);

let database: TestDatabase;
let worker: AppProcess | null = null;
const prefix = newQueuePrefix();
const cleanups: (() => Promise<unknown>)[] = [];

afterAll(async () => {
  await worker?.stop().catch(() => worker?.kill());
  for (const cleanup of cleanups.reverse()) await cleanup().catch(() => undefined);
  await deletePrefix(prefix, REDIS_URL);
  await database?.drop();
});

function startWorker(url: string, env: Record<string, string> = {}): Promise<AppProcess> {
  const rig = new Deployment({ prefix, redisEnv: { REDIS_URL }, databaseUrl: url, mailDir: '/tmp', env: TEST_TIMINGS });
  return rig.startWorker({ name: 'worker', env });
}

it('keeps every task and its assignee text, mapping texts that name an account', async () => {
  database = await newDatabase();
  // The schema as it was before this change.
  const old = await new DataSource({
    type: 'postgres',
    url: database.url,
    migrations: [InitialSchema1764000000000, NotificationKinds1764100000000, TaskHistoryAndErasures1764200000000],
  }).initialize();
  await old.runMigrations({ transaction: 'all' });
  const texts = ['wang', ' LI ', '李雷', null];
  const taskIds: string[] = [];
  for (const assignee of texts) {
    const leadId = randomUUID();
    await old.query(`INSERT INTO leads (id, name, requirement, received_at) VALUES ($1, '老客户', '报价', now())`, [leadId]);
    const [task] = await old.query(
      `INSERT INTO follow_up_tasks (lead_id, due_at, assignee) VALUES ($1, now(), $2) RETURNING id`,
      [leadId, assignee],
    );
    taskIds.push(task.id);
  }
  await old.destroy();

  worker = await startWorker(database.url, { STAFF_USERS: 'wang:Wang-Pa55-word,li:Li-Pa55-word' });
  const db = await connect(database.url);
  try {
    const { rows } = await db.query(`SELECT id, assignee FROM follow_up_tasks WHERE id = ANY($1::uuid[])`, [taskIds]);
    const assignee = (id: string) => rows.find((r) => r.id === id)?.assignee;
    expect(rows).toHaveLength(4);
    expect(taskIds.map(assignee)).toEqual(['wang', 'li', '李雷', null]);
    const { rows: events } = await db.query(`SELECT task_id, action, from_assignee, to_assignee FROM task_events`);
    expect(events).toEqual([{ task_id: taskIds[1], action: 'account-linked', from_assignee: ' LI ', to_assignee: 'li' }]);
    const { rows: staff } = await db.query(`SELECT login, role, receives_leads FROM staff ORDER BY login`);
    expect(staff).toEqual([
      { login: 'admin', role: 'admin', receives_leads: false },
      { login: 'li', role: 'sales', receives_leads: true },
      { login: 'wang', role: 'sales', receives_leads: true },
    ]);
  } finally {
    await db.end();
  }
});

it('lowers capitals in logins wherever they are named, keeping sessions; accounts differing only in case both stay', async () => {
  const db2 = await newDatabase();
  cleanups.push(() => db2.drop());
  const old = await new DataSource({
    type: 'postgres',
    url: db2.url,
    migrations: [
      InitialSchema1764000000000,
      NotificationKinds1764100000000,
      TaskHistoryAndErasures1764200000000,
      NotificationDestinations1764300000000,
      StaffAccounts1764400000000,
      StoreLeadFunction1764500000000,
    ],
  }).initialize();
  await old.runMigrations({ transaction: 'all' });
  const hashOf = (password: string) => hashSync(password, 4);
  for (const login of ['Zhang.San', 'Li', 'li']) {
    await old.query(`INSERT INTO staff (login, name, role, password_hash) VALUES ($1, $1, 'sales', $2)`, [
      login,
      hashOf(`${login}-Pa55-word`),
    ]);
  }
  const token = 'a-session-token-from-before';
  await old.query(`INSERT INTO staff_sessions (token_hash, login) VALUES ($1, 'Zhang.San')`, [
    createHash('sha256').update(token).digest('base64url'),
  ]);
  const leadId = randomUUID();
  await old.query(`INSERT INTO leads (id, name, requirement, received_at) VALUES ($1, '客户', '报价', now())`, [leadId]);
  const [task] = await old.query(
    `INSERT INTO follow_up_tasks (lead_id, due_at, assignee, updated_by) VALUES ($1, now(), 'Zhang.San', 'Zhang.San') RETURNING id`,
    [leadId],
  );
  await old.query(
    `INSERT INTO task_events (task_id, actor, action, from_status, to_status, from_assignee, to_assignee)
     VALUES ($1, 'Zhang.San', 'assigned', 'open', 'open', NULL, 'Zhang.San')`,
    [task.id],
  );
  await old.query(`INSERT INTO login_failures (login, ip) VALUES ('Zhang.San', '192.0.2.1')`);
  await old.destroy();

  const upgraded = await startWorker(db2.url);
  cleanups.push(() => upgraded.stop().catch(() => upgraded.kill()));
  const db = await connect(db2.url);
  try {
    const { rows: staff } = await db.query(`SELECT login FROM staff WHERE role = 'sales' ORDER BY login`);
    expect(staff.map((r) => r.login)).toEqual(['Li', 'li', 'zhang.san']);
    const { rows: tasks } = await db.query(`SELECT assignee, updated_by FROM follow_up_tasks WHERE id = $1`, [task.id]);
    expect(tasks).toEqual([{ assignee: 'zhang.san', updated_by: 'zhang.san' }]);
    const { rows: events } = await db.query(`SELECT actor, to_assignee FROM task_events WHERE task_id = $1`, [task.id]);
    expect(events).toEqual([{ actor: 'zhang.san', to_assignee: 'zhang.san' }]);
    expect((await db.query(`SELECT login FROM login_failures`)).rows).toEqual([{ login: 'zhang.san' }]);
  } finally {
    await db.end();
  }
  const me = await get(`${upgraded.url}/admin/me`, {
    headers: { cookie: `lead_admin_session=${token}`, accept: 'application/json' },
  });
  expect(me.status).toBe(200);
  expect(me.json().name).toBe('zhang.san');
  const zhang = await get(`${upgraded.url}/admin/me`, { headers: basicAuth('Zhang.San', 'Zhang.San-Pa55-word') });
  expect(zhang.json().name).toBe('zhang.san');
  // Each of the pair that differs only in case still logs in with its own spelling and password.
  expect((await get(`${upgraded.url}/admin/me`, { headers: basicAuth('Li', 'Li-Pa55-word') })).json().name).toBe('Li');
  expect((await get(`${upgraded.url}/admin/me`, { headers: basicAuth('li', 'li-Pa55-word') })).json().name).toBe('li');
});
