/**
 * Two workers starting at once on a new database: one applies the
 * migrations under the lock while the other waits, including the indexes
 * built CONCURRENTLY outside a transaction. Such a build waits for every
 * older snapshot in the database, so a worker waiting for the lock must not
 * hold one (it polls); if it did, neither would ever come up.
 */
import type { AppProcess } from '../support/apps';
import { connect, newDatabase, type TestDatabase } from '../support/database';
import { deletePrefix, newQueuePrefix, REDIS_URL } from '../support/redis';
import { Deployment, TEST_TIMINGS } from '../support/deployment';

jest.setTimeout(150_000);

let database: TestDatabase;
const workers: AppProcess[] = [];
const prefix = newQueuePrefix();

afterAll(async () => {
  await Promise.all(workers.map((w) => w.stop().catch(() => w.kill())));
  await deletePrefix(prefix, REDIS_URL);
  await database?.drop();
});

async function worker(): Promise<AppProcess> {
  const rig = new Deployment({ prefix, redisEnv: { REDIS_URL }, databaseUrl: database.url, mailDir: '/tmp', env: TEST_TIMINGS });
  // A deadlock shows as a worker that never answers; a busy machine only as a slow one.
  const app = await rig.startWorker({ name: 'worker', timeoutMs: 90_000 });
  workers.push(app);
  return app;
}

it('both come up, every migration applied once, the concurrently built index valid', async () => {
  database = await newDatabase();
  await Promise.all([worker(), worker()]);
  const db = await connect(database.url);
  try {
    const { rows: applied } = await db.query(`SELECT name, count(*)::int AS n FROM migrations GROUP BY name`);
    expect(applied.length).toBeGreaterThanOrEqual(8);
    expect(applied.every((m) => m.n === 1)).toBe(true);
    const { rows: index } = await db.query(
      `SELECT i.indisvalid AS valid FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid WHERE c.relname = 'follow_up_tasks_done_at_idx'`,
    );
    expect(index).toEqual([{ valid: true }]);
  } finally {
    await db.end();
  }
});
