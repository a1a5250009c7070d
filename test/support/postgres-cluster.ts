import { execFile } from 'node:child_process';
import { chownSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { freePort } from './ports';

/**
 * A private Postgres 15 cluster for fault tests: initdb in a temp dir, its own
 * port and socket dir, so a test can stop it for a while and start it again
 * without touching the shared server the other tests use.
 *
 * We run as root and Postgres refuses to run as root, so every server-side
 * binary runs as the `postgres` user through `runuser`.
 */
const BIN = process.env.PG_BIN_DIR ?? '/usr/lib/postgresql/15/bin';
const run = promisify(execFile);

export interface PostgresClusterOptions {
  /** Database name in `url` (the worker creates it; default `leads`). */
  database?: string;
  /** Extra `-c name=value` server settings. */
  settings?: Record<string, string>;
}

const live = new Set<PostgresCluster>();

// Do not leave a postmaster running if jest dies before afterAll.
process.once('exit', () => {
  for (const c of live) c.killSync();
});

function postgresIds(): { uid: number; gid: number } {
  const line = readFileSync('/etc/passwd', 'utf8')
    .split('\n')
    .find((l) => l.startsWith('postgres:'));
  if (!line) throw new Error('no "postgres" user on this machine');
  const [, , uid, gid] = line.split(':');
  return { uid: Number(uid), gid: Number(gid) };
}

async function asPostgres(cmd: string, args: string[], timeoutMs = 60000): Promise<string> {
  const argv = process.getuid?.() === 0 ? ['runuser', ['-u', 'postgres', '--', cmd, ...args]] : [cmd, args];
  try {
    const { stdout } = await run(argv[0] as string, argv[1] as string[], { timeout: timeoutMs });
    return stdout;
  } catch (err) {
    const e = err as { stderr?: string; stdout?: string; message: string };
    throw new Error(`${cmd} ${args.join(' ')} failed: ${e.message}\n${e.stdout ?? ''}${e.stderr ?? ''}`, { cause: err });
  }
}

export class PostgresCluster {
  private constructor(
    readonly port: number,
    /** Temp dir owned by postgres: holds `data/`, the unix socket and `postgres.log`. */
    readonly dir: string,
    readonly database: string,
    private readonly settings: Record<string, string>,
  ) {}

  static async create(opts: PostgresClusterOptions = {}): Promise<PostgresCluster> {
    const dir = mkdtempSync(join(tmpdir(), 'fault-pg-'));
    const { uid, gid } = postgresIds();
    chownSync(dir, uid, gid);
    const cluster = new PostgresCluster(await freePort(), dir, opts.database ?? 'leads', {
      // The tests kill apps, not Postgres: a fast stop is a clean shutdown, so
      // skipping fsync costs no correctness here and saves seconds on a small box.
      fsync: 'off',
      full_page_writes: 'off',
      max_connections: '200',
      ...opts.settings,
    });
    live.add(cluster);
    // --no-sync: a throwaway cluster need not wait for the disk.
    await asPostgres(join(BIN, 'initdb'), [
      '-D',
      cluster.dataDir,
      '-U',
      'postgres',
      '-A',
      'trust',
      '-E',
      'UTF8',
      '--locale=C',
      '--no-sync',
    ]);
    await cluster.start();
    return cluster;
  }

  get dataDir(): string {
    return join(this.dir, 'data');
  }

  get logFile(): string {
    return join(this.dir, 'postgres.log');
  }

  /** TCP URL for the apps (DATABASE_URL). */
  get url(): string {
    return this.urlFor(this.database);
  }

  urlFor(database: string): string {
    return `postgres://postgres@127.0.0.1:${this.port}/${database}`;
  }

  /** Start (again) on the same port and data dir; resolves once it accepts connections. */
  async start(): Promise<void> {
    const opts = [
      `-p ${this.port}`,
      `-k ${this.dir}`,
      '-c listen_addresses=127.0.0.1',
      ...Object.entries(this.settings).map(([k, v]) => `-c ${k}=${v}`),
    ].join(' ');
    // -l: without a log file the postmaster inherits pg_ctl's stdout and
    // execFile would wait for that pipe to close, i.e. forever.
    await asPostgres(join(BIN, 'pg_ctl'), ['-D', this.dataDir, '-l', this.logFile, '-o', opts, '-w', '-t', '60', 'start']);
  }

  /** Stop the server; `fast` (default) rolls back open transactions and disconnects clients. */
  async stop(opts: { mode?: 'smart' | 'fast' | 'immediate' } = {}): Promise<void> {
    if (!(await this.isRunning())) return;
    await asPostgres(join(BIN, 'pg_ctl'), ['-D', this.dataDir, '-m', opts.mode ?? 'fast', '-w', '-t', '60', 'stop']);
  }

  async isRunning(): Promise<boolean> {
    try {
      await asPostgres(join(BIN, 'pg_ctl'), ['-D', this.dataDir, 'status']);
      return true;
    } catch {
      return false;
    }
  }

  /** Stop immediately and remove every file of the cluster. */
  async destroy(): Promise<void> {
    live.delete(this);
    try {
      await this.stop({ mode: 'immediate' });
    } finally {
      rmSync(this.dir, { recursive: true, force: true });
    }
  }

  /** Last resort on process exit: SIGQUIT the postmaster (immediate shutdown). */
  killSync(): void {
    try {
      const pid = Number(readFileSync(join(this.dataDir, 'postmaster.pid'), 'utf8').split('\n')[0]);
      if (pid > 0) process.kill(pid, 'SIGQUIT');
    } catch {
      // not running
    }
  }
}
