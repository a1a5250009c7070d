/**
 * Upgrading a database from the schema before staff accounts: every task is
 * kept with its assignee text; a text naming an account (any case, spaces
 * around) becomes that login, recorded in the task's history; other texts
 * (names from before accounts) stay as they were.
 */
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { InitialSchema1764000000000 } from '../../apps/worker/src/database/migrations/1764000000000-initial-schema';
import { NotificationKinds1764100000000 } from '../../apps/worker/src/database/migrations/1764100000000-notification-kinds';
import { TaskHistoryAndErasures1764200000000 } from '../../apps/worker/src/database/migrations/1764200000000-task-history-and-erasures';
import { startApp, WORKER_ENTRY, type AppProcess } from '../support/apps';
import { connect, newDatabase, type TestDatabase } from '../support/database';
import { freePort } from '../support/ports';
import { deletePrefix, newQueuePrefix, REDIS_URL } from '../support/redis';
import { ADMIN_PASSWORD, ADMIN_USER, TEST_TIMINGS } from '../support/stack';

jest.setTimeout(90_000);

let database: TestDatabase;
let worker: AppProcess | null = null;
const prefix = newQueuePrefix();

afterAll(async () => {
  await worker?.stop().catch(() => worker?.kill());
  await deletePrefix(prefix, REDIS_URL);
  await database?.drop();
});

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

  const port = await freePort();
  worker = await startApp({
    name: 'worker',
    entry: WORKER_ENTRY,
    port,
    env: {
      ...TEST_TIMINGS,
      REDIS_URL,
      QUEUE_PREFIX: prefix,
      DATABASE_URL: database.url,
      MAIL_DIR: '/tmp',
      ADMIN_HOST: '127.0.0.1',
      ADMIN_PORT: String(port),
      ADMIN_USER,
      ADMIN_PASSWORD,
      STAFF_USERS: 'wang:Wang-Pa55-word,li:Li-Pa55-word',
    },
  });
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
