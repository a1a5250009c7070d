import { setTimeout as sleep } from 'node:timers/promises';
import { Client } from 'pg';
import { DataSource } from 'typeorm';

const DUPLICATE_DATABASE = '42P04';
const UNIQUE_VIOLATION = '23505';
// Arbitrary constant: all workers of all deployments on a server serialize
// their migrations on it, so two workers starting at once cannot race.
const MIGRATION_LOCK_KEY = 7_202_611;
const LOCK_RETRY_MS = 250;

/** Creates the database named in the URL when it is missing. */
export async function ensureDatabase(databaseUrl: string): Promise<boolean> {
  const url = new URL(databaseUrl);
  const name = decodeURIComponent(url.pathname.slice(1));
  if (!name) throw new Error('DATABASE_URL names no database');
  url.pathname = '/postgres';
  const admin = new Client({ connectionString: url.toString() });
  await admin.connect();
  try {
    const { rowCount } = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (rowCount) return false;
    await admin.query(`CREATE DATABASE "${name.replace(/"/g, '""')}"`);
    return true;
  } catch (err) {
    // Another worker created it between our check and our CREATE.
    const code = (err as { code?: string }).code;
    if (code === DUPLICATE_DATABASE || code === UNIQUE_VIOLATION) return false;
    throw err;
  } finally {
    await admin.end();
  }
}

/**
 * Runs pending migrations while holding a Postgres advisory lock on a
 * dedicated session; ending that session is what releases the lock, so a
 * crash mid-migration can never leave it held.
 *
 * Each migration runs in its own transaction, except those that declare
 * `transaction = false`: CREATE INDEX CONCURRENTLY cannot run in one. Such
 * a statement waits for every transaction in the database that holds an
 * older snapshot, and a session blocked in pg_advisory_lock() holds one for
 * as long as it waits: a second worker waiting for the lock that way and the
 * first one's index build would wait for each other forever, a cycle through
 * our processes that Postgres's deadlock detector cannot see. So a waiting
 * worker asks for the lock again every LOCK_RETRY_MS instead, holding no
 * snapshot in between.
 */
export async function migrateWithLock(dataSource: DataSource, databaseUrl: string): Promise<string[]> {
  const lockSession = new Client({ connectionString: databaseUrl });
  await lockSession.connect();
  try {
    while (!(await lockSession.query('SELECT pg_try_advisory_lock($1) AS got', [MIGRATION_LOCK_KEY])).rows[0].got) {
      await sleep(LOCK_RETRY_MS);
    }
    const applied = await dataSource.runMigrations({ transaction: 'each' });
    return applied.map((m) => m.name);
  } finally {
    await lockSession.end();
  }
}
