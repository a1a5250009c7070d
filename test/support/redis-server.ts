import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, mkdtempSync, rmSync, type WriteStream } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Redis from 'ioredis';
import { freePort } from './ports';

/**
 * A private `redis-server` for fault tests: its own port and temp dir, so a
 * test can SIGKILL it, restart it on the same port (the apps reconnect to the
 * same URL) and have it reload its AOF, without touching the shared Redis.
 *
 * Settings mirror docker-compose: AOF `everysec`, no RDB snapshots, and
 * `noeviction`, the configuration the "a 202 is never lost" promise relies on.
 */
export interface RedisServerOptions {
  /** Extra `--flag value` pairs appended to the command line. */
  args?: string[];
  /** How long to wait for PING (and AOF loading) after (re)start. */
  readyTimeoutMs?: number;
}

const live = new Set<RedisServer>();

// A jest crash must not leave redis-server processes behind: they are not
// daemonised, but they would outlive the test process as orphans.
process.once('exit', () => {
  for (const r of live) r.child?.kill('SIGKILL');
});

export class RedisServer {
  /** Current child process; undefined while killed/stopped. */
  child?: ChildProcess;
  private log?: WriteStream;
  private exited?: Promise<void>;

  private constructor(
    readonly port: number,
    readonly dir: string,
    private readonly opts: RedisServerOptions,
  ) {}

  static async start(opts: RedisServerOptions = {}): Promise<RedisServer> {
    const dir = mkdtempSync(join(tmpdir(), 'fault-redis-'));
    const server = new RedisServer(await freePort(), dir, opts);
    live.add(server);
    await server.spawn();
    return server;
  }

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  /** Path of the server log (stdout/stderr of every incarnation, appended). */
  get logFile(): string {
    return join(this.dir, 'redis.log');
  }

  get running(): boolean {
    return !!this.child && this.child.exitCode === null && this.child.signalCode === null;
  }

  /** A fresh client for test-side commands (CONFIG SET, DBSIZE ...); caller quits it. */
  client(): Redis {
    // No retries: test-side commands should fail fast when the server is down.
    const c = new Redis(this.url, { maxRetriesPerRequest: 1, retryStrategy: () => null });
    // Without a listener ioredis prints "Unhandled error event" for expected refusals.
    c.on('error', () => undefined);
    return c;
  }

  /** Run one command on a short-lived connection. */
  async command(name: string, ...args: (string | number)[]): Promise<unknown> {
    const c = this.client();
    try {
      return await c.call(name, ...args.map(String));
    } finally {
      c.disconnect();
    }
  }

  /** Kill the process abruptly (default SIGKILL: no AOF rewrite, no goodbye) and wait for it to exit. */
  async kill(signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
    if (!this.running) return;
    this.child!.kill(signal);
    await this.exited;
    this.child = undefined;
  }

  /** Start again on the same port and dir; Redis reloads the AOF before answering PING. */
  async restart(): Promise<void> {
    if (this.running) await this.kill('SIGKILL');
    await this.spawn();
  }

  /** Shut down and delete the data dir. */
  async stop(): Promise<void> {
    live.delete(this);
    if (this.running) {
      this.child!.kill('SIGTERM');
      const timer = setTimeout(() => this.child?.kill('SIGKILL'), 5000);
      await this.exited;
      clearTimeout(timer);
    }
    this.child = undefined;
    await new Promise<void>((r) => (this.log ? this.log.end(r) : r()));
    rmSync(this.dir, { recursive: true, force: true });
  }

  private async spawn(): Promise<void> {
    this.log ??= createWriteStream(this.logFile, { flags: 'a' });
    const args = [
      '--port',
      String(this.port),
      '--bind',
      '127.0.0.1',
      '--dir',
      this.dir,
      '--daemonize',
      'no',
      '--appendonly',
      'yes',
      '--appendfsync',
      'everysec',
      '--maxmemory-policy',
      'noeviction',
      '--save',
      '',
      '--logfile',
      '',
      // Keep the test's memory experiments (CONFIG SET maxmemory) legal.
      '--protected-mode',
      'no',
      ...(this.opts.args ?? []),
    ];
    const child = spawn('redis-server', args, { cwd: this.dir, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout!.pipe(this.log, { end: false });
    child.stderr!.pipe(this.log, { end: false });
    this.exited = new Promise((resolve) => child.once('exit', () => resolve()));
    this.child = child;
    await this.waitReady(this.opts.readyTimeoutMs ?? 15000);
  }

  /** Ready = PING answers PONG (Redis answers -LOADING while it replays the AOF). */
  private async waitReady(timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    let lastError: unknown;
    while (Date.now() < deadline) {
      if (!this.running) throw new Error(`redis-server on ${this.port} exited during start; see ${this.logFile}`);
      const c = new Redis(this.url, {
        lazyConnect: true,
        maxRetriesPerRequest: 0,
        retryStrategy: () => null,
        enableOfflineQueue: false,
      });
      c.on('error', () => undefined);
      try {
        await c.connect();
        if ((await c.ping()) === 'PONG') return;
      } catch (err) {
        lastError = err;
      } finally {
        c.disconnect();
      }
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error(`redis-server on ${this.port} not ready after ${timeoutMs} ms: ${String(lastError)}`);
  }
}
