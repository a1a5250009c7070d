import { randomBytes } from 'node:crypto';
import { Client } from 'pg';

/** Admin connection for CREATE/DROP DATABASE; the server the whole suite uses. */
export const PG_ADMIN_URL = process.env.TEST_PG_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export interface TestDatabase {
  name: string;
  url: string;
  /** Drops the database even if an app still holds connections to it. */
  drop(): Promise<void>;
}

/**
 * A database of its own for one test file, so runs never share rows.
 * `create: false` leaves the creation to the worker (DATABASE_CREATE), which
 * exercises that path too; drop() works either way.
 */
export async function newDatabase(options: { create?: boolean } = {}): Promise<TestDatabase> {
  // Lower-case letters and digits only: a safe identifier without quoting tricks.
  const name = `leads_e2e_${randomBytes(6).toString('hex')}`;
  if (options.create ?? true) await admin((c) => c.query(`CREATE DATABASE "${name}"`));
  const url = new URL(PG_ADMIN_URL);
  url.pathname = `/${name}`;
  return {
    name,
    url: url.toString(),
    drop: () => admin((c) => c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)).then(() => undefined),
  };
}

/** A client connected to the test database, for the assertions on rows. */
export async function connect(url: string): Promise<Client> {
  const client = new Client({ connectionString: url });
  // DROP ... WITH (FORCE) terminates this connection if it is still open;
  // that is expected during cleanup and must not crash the test process.
  client.on('error', () => undefined);
  await client.connect();
  return client;
}

/**
 * One statement on a client of its own, closed after: for rigs whose Postgres
 * may have been restarted (or is behind a bouncer) since the last query.
 */
export async function queryOnce<T>(url: string, sql: string, params: unknown[] = [], connectTimeoutMs = 3000): Promise<T[]> {
  const client = new Client({ connectionString: url, connectionTimeoutMillis: connectTimeoutMs });
  client.on('error', () => undefined);
  await client.connect();
  try {
    return (await client.query(sql, params)).rows as T[];
  } finally {
    await client.end().catch(() => undefined);
  }
}

async function admin<T>(work: (c: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: PG_ADMIN_URL });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}
