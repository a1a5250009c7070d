import type { Pool, QueryResultRow } from 'pg';
import type { DataSource } from 'typeorm';
import type { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver';

/**
 * The rows of one statement run on the pg pool under TypeORM's data source
 * (same connections, same pool size), without TypeORM's query runner.
 *
 * For the statements every lead pays for: TypeORM's `query()` acquires a
 * query runner, logs, broadcasts before/after events, wraps the result and
 * returns `[rows, count]` instead of rows for an UPDATE; that showed at ~10 %
 * of the worker's CPU per alert in a drain profile. Still unnamed statements
 * only, so the worker keeps working through PgBouncer in transaction mode.
 */
export type PoolQuery = <T extends QueryResultRow>(sql: string, params?: unknown[]) => Promise<T[]>;

export function poolQuery(db: DataSource): PoolQuery {
  // Read on first use: TypeORM creates the pool when the data source initializes.
  const pool = (): Pool => (db.driver as PostgresDriver).master as Pool;
  return async <T extends QueryResultRow>(sql: string, params?: unknown[]) => (await pool().query<T>(sql, params)).rows;
}
