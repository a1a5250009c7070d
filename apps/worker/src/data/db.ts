import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Pool, QueryResultRow } from 'pg';
import type { DataSource } from 'typeorm';
import type { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver';

/** Somewhere to run a statement: the pool, or one transaction's connection. */
export interface Sql {
  /** The statement's rows (for an INSERT/UPDATE/DELETE, those it RETURNs). */
  query<T extends QueryResultRow = QueryResultRow>(sql: string, params?: unknown[]): Promise<T[]>;
}

/**
 * The one way the worker talks to Postgres: hand-written SQL on the pg pool
 * under TypeORM's data source (same connections, same pool size), without
 * TypeORM's query runner, entity managers or query builder.
 *
 * TypeORM's `query()` acquires a query runner, logs, broadcasts before/after
 * events, wraps the result and returns `[rows, count]` instead of rows for an
 * UPDATE; that showed at ~10 % of the worker's CPU per alert in a drain
 * profile. Here every statement answers with its rows. Unnamed statements
 * only, so the worker keeps working through PgBouncer in transaction mode.
 */
@Injectable()
export class Db implements Sql {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  // Read on first use: TypeORM creates the pool when the data source initializes.
  private pool(): Pool {
    return (this.dataSource.driver as PostgresDriver).master as Pool;
  }

  async query<T extends QueryResultRow = QueryResultRow>(sql: string, params?: unknown[]): Promise<T[]> {
    return (await this.pool().query<T>(sql, params)).rows;
  }

  /** Runs `work` in one transaction on one connection: committed when it returns, rolled back when it throws. */
  async transaction<T>(work: (tx: Sql) => Promise<T>): Promise<T> {
    const client = await this.pool().connect();
    let broken: Error | undefined;
    try {
      await client.query('BEGIN');
      const result = await work({
        query: async <R extends QueryResultRow>(sql: string, params?: unknown[]) => (await client.query<R>(sql, params)).rows,
      });
      await client.query('COMMIT');
      return result;
    } catch (err) {
      // A connection that cannot even roll back is dropped, not returned to the pool.
      await client.query('ROLLBACK').catch((rollbackError: Error) => (broken = rollbackError));
      throw err;
    } finally {
      client.release(broken);
    }
  }
}
