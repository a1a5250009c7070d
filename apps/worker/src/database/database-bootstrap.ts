import { Client } from 'pg';
import { DataSource } from 'typeorm';

const DUPLICATE_DATABASE = '42P04';
const UNIQUE_VIOLATION = '23505';
// Arbitrary constant: all workers of all deployments on a server serialize
// their migrations on it, so two workers starting at once cannot race.
const MIGRATION_LOCK_KEY = 7_202_611;

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
 */
export async function migrateWithLock(dataSource: DataSource, databaseUrl: string): Promise<string[]> {
  const lockSession = new Client({ connectionString: databaseUrl });
  await lockSession.connect();
  try {
    await lockSession.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    const applied = await dataSource.runMigrations({ transaction: 'all' });
    return applied.map((m) => m.name);
  } finally {
    await lockSession.end();
  }
}
