import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { PG_ADMIN_URL } from './database';
import { freePort } from './ports';
import { sleep } from './wait';

export const PGBOUNCER_BIN = process.env.PGBOUNCER_BIN ?? '/usr/sbin/pgbouncer';

/**
 * A PgBouncer in transaction pooling mode in front of the suite's Postgres,
 * on a free port, for any database name: what a company puts between many
 * workers and one Postgres. Server connections are shared between clients
 * transaction by transaction, so a client that relied on session state (SET,
 * named prepared statements, session advisory locks) would break here.
 */
export class PgBouncerProcess {
  private output = '';

  private constructor(
    readonly port: number,
    private readonly dir: string,
    private readonly child: ChildProcess,
  ) {}

  static available(): boolean {
    return existsSync(PGBOUNCER_BIN);
  }

  static async start(poolSize = 4): Promise<PgBouncerProcess> {
    const upstream = new URL(PG_ADMIN_URL);
    const port = await freePort();
    const dir = mkdtempSync(join(tmpdir(), 'pgbouncer-'));
    chmodSync(dir, 0o777);
    writeFileSync(join(dir, 'users.txt'), `"${decodeURIComponent(upstream.username)}" ""\n`);
    writeFileSync(
      join(dir, 'pgbouncer.ini'),
      [
        '[databases]',
        `* = host=${upstream.hostname} port=${upstream.port || 5432}`,
        '[pgbouncer]',
        'listen_addr = 127.0.0.1',
        `listen_port = ${port}`,
        `unix_socket_dir = ${dir}`,
        'auth_type = trust',
        `auth_file = ${join(dir, 'users.txt')}`,
        'pool_mode = transaction',
        `admin_users = ${decodeURIComponent(upstream.username)}`,
        `default_pool_size = ${poolSize}`,
        'max_client_conn = 200',
        // PgBouncer 1.18 has no prepared-statement support in transaction mode: a named statement would fail.
        'ignore_startup_parameters = extra_float_digits,options',
      ].join('\n'),
    );
    // PgBouncer refuses to run as root; -u drops to the postgres account when the suite runs as root.
    const args = process.getuid?.() === 0 ? ['-u', 'postgres', join(dir, 'pgbouncer.ini')] : [join(dir, 'pgbouncer.ini')];
    const child = spawn(PGBOUNCER_BIN, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    const p = new PgBouncerProcess(port, dir, child);
    child.stdout!.on('data', (c: Buffer) => (p.output += c.toString()));
    child.stderr!.on('data', (c: Buffer) => (p.output += c.toString()));
    await p.waitReady();
    return p;
  }

  /** `url` (a database on the suite's Postgres) as reached through this bouncer. */
  urlFor(url: string): string {
    const u = new URL(url);
    u.host = `127.0.0.1:${this.port}`;
    return u.toString();
  }

  /** SHOW POOLS / SHOW STATS etc. on the admin console. */
  async show(what: string): Promise<Record<string, unknown>[]> {
    const c = new Client({ connectionString: `postgres://postgres@127.0.0.1:${this.port}/pgbouncer` });
    await c.connect();
    try {
      // The admin console speaks only the simple query protocol; pg's types do not list queryMode.
      const result: { rows: Record<string, unknown>[] } = await c.query({ text: `SHOW ${what}`, queryMode: 'simple' } as never);
      return result.rows;
    } finally {
      await c.end();
    }
  }

  logs(): string {
    return this.output;
  }

  async stop(): Promise<void> {
    if (this.child.exitCode === null) {
      const exited = new Promise((r) => this.child.once('exit', r));
      this.child.kill('SIGTERM');
      await exited;
    }
    rmSync(this.dir, { recursive: true, force: true });
  }

  private async waitReady(): Promise<void> {
    const deadline = Date.now() + 10000;
    let last: unknown;
    while (Date.now() < deadline) {
      if (this.child.exitCode !== null) throw new Error(`pgbouncer exited: ${this.output}`);
      const c = new Client({ connectionString: `postgres://postgres@127.0.0.1:${this.port}/postgres` });
      c.on('error', () => undefined);
      try {
        await c.connect();
        await c.query('SELECT 1');
        await c.end();
        return;
      } catch (err) {
        last = err;
        await c.end().catch(() => undefined);
      }
      await sleep(100);
    }
    throw new Error(`pgbouncer not ready: ${(last as Error)?.message}\n${this.output}`);
  }
}
