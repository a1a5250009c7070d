import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync, type WriteStream } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Redis, { type RedisOptions } from 'ioredis';
import { freePort } from './ports';
import { sleep } from './wait';

/**
 * One `redis-server` process (a data node or, with `sentinel`, a Sentinel)
 * started from a config FILE in its own dir. A file, not command-line flags,
 * because Sentinel persists what it learns (`CONFIG REWRITE` on data nodes
 * after `REPLICAOF`, its own state in sentinel.conf): a restarted node must
 * come back with that state, as it would in production.
 *
 * It can also SIGSTOP/SIGCONT (freeze a node without closing its sockets),
 * which needs a kill that does not wait for an exit. The one Redis process
 * wrapper of the suites: the fault rig's private server (standalone()), the
 * Sentinel topology's and the Cluster's nodes.
 */
export interface RedisProcessSpec {
  /** Label for logs and errors, e.g. "master", "sentinel-2", "cluster-4". */
  name: string;
  port: number;
  dir: string;
  /** Config lines written once, before the first start (`port`/`dir` are added). */
  config: string[];
  sentinel?: boolean;
  readyTimeoutMs?: number;
  /** stop() deletes `dir` (standalone(): the dir is the process's own). */
  ownsDir?: boolean;
}

/**
 * A private server's settings, as docker-compose runs Redis: AOF `everysec`,
 * no RDB snapshots, and `noeviction`, the configuration the "a 202 is never
 * lost" promise relies on.
 */
const STANDALONE_CONFIG = ['appendonly yes', 'appendfsync everysec', 'maxmemory-policy noeviction', 'save ""'];

const live = new Set<RedisProcess>();

// A jest crash must not leave frozen or running servers behind as orphans.
process.once('exit', () => {
  for (const p of live) p.child?.kill('SIGKILL');
});

export class RedisProcess {
  child?: ChildProcess;
  /** True between SIGSTOP and SIGCONT. */
  paused = false;
  private log?: WriteStream;
  private exited?: Promise<void>;

  private constructor(readonly spec: RedisProcessSpec) {}

  static async start(spec: RedisProcessSpec): Promise<RedisProcess> {
    mkdirSync(spec.dir, { recursive: true });
    const p = new RedisProcess(spec);
    live.add(p);
    await p.spawn();
    return p;
  }

  /**
   * A private data node on a free port in its own temp dir (deleted by
   * stop()), so a test can SIGKILL it, restart it on the same port (the apps
   * reconnect to the same URL) and have it reload its AOF, without touching
   * the shared Redis.
   */
  static async standalone(config: string[] = []): Promise<RedisProcess> {
    const dir = mkdtempSync(join(tmpdir(), 'fault-redis-'));
    return RedisProcess.start({
      name: 'redis',
      port: await freePort(),
      dir,
      config: [...STANDALONE_CONFIG, ...config],
      ownsDir: true,
    });
  }

  get name(): string {
    return this.spec.name;
  }

  get port(): number {
    return this.spec.port;
  }

  /** `127.0.0.1:<port>`, the form REDIS_SENTINELS / REDIS_CLUSTER_NODES list. */
  get address(): string {
    return `127.0.0.1:${this.spec.port}`;
  }

  /** `redis://127.0.0.1:<port>`, the apps' REDIS_URL. */
  get url(): string {
    return `redis://127.0.0.1:${this.spec.port}`;
  }

  get pid(): number | undefined {
    return this.child?.pid;
  }

  get configFile(): string {
    return join(this.spec.dir, this.spec.sentinel ? 'sentinel.conf' : 'redis.conf');
  }

  get logFile(): string {
    return join(this.spec.dir, 'server.log');
  }

  get running(): boolean {
    return !!this.child && this.child.exitCode === null && this.child.signalCode === null;
  }

  /** A connected client that fails fast (no retries, no offline queue); the caller disconnects it. */
  async connect(options: RedisOptions = {}): Promise<Redis> {
    const c = new Redis({
      host: '127.0.0.1',
      port: this.port,
      maxRetriesPerRequest: 0,
      retryStrategy: () => null,
      enableOfflineQueue: false,
      lazyConnect: true,
      connectTimeout: 1000,
      commandTimeout: 2000,
      ...options,
    });
    // Refusals are expected while a scenario has nodes down; callers see the rejection.
    c.on('error', () => undefined);
    try {
      await c.connect();
    } catch (err) {
      c.disconnect();
      throw err;
    }
    return c;
  }

  /**
   * A client for test-side commands (CONFIG SET, filler keys ...) that
   * queues commands until connected and fails fast once it is down; the
   * caller disconnects it.
   */
  client(): Redis {
    const c = new Redis(this.url, { maxRetriesPerRequest: 1, retryStrategy: () => null });
    // Without a listener ioredis prints "Unhandled error event" for expected refusals.
    c.on('error', () => undefined);
    return c;
  }

  /** One command on a short-lived connection. */
  async command(name: string, ...args: (string | number)[]): Promise<unknown> {
    const c = await this.connect();
    try {
      return await c.call(name, ...args.map(String));
    } finally {
      c.disconnect();
    }
  }

  /** `INFO <section>` parsed into key/value pairs. */
  async info(section: string): Promise<Record<string, string>> {
    const text = String(await this.command('INFO', section));
    const out: Record<string, string> = {};
    for (const line of text.split('\r\n')) {
      const i = line.indexOf(':');
      if (i > 0) out[line.slice(0, i)] = line.slice(i + 1);
    }
    return out;
  }

  /**
   * Sends a signal by pid. SIGKILL/SIGTERM wait for the exit; SIGSTOP and
   * SIGCONT return at once (the process lives on, frozen or thawed).
   */
  async signal(signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
    if (!this.running) return;
    if (signal === 'SIGSTOP' || signal === 'SIGCONT') {
      this.child!.kill(signal);
      this.paused = signal === 'SIGSTOP';
      return;
    }
    // A frozen process only acts on SIGTERM once thawed.
    if (this.paused && signal !== 'SIGKILL') this.child!.kill('SIGCONT');
    this.child!.kill(signal);
    const timer = setTimeout(() => this.child?.kill('SIGKILL'), 5000);
    await this.exited;
    clearTimeout(timer);
    this.paused = false;
    this.child = undefined;
  }

  /** Start again on the same port, dir and (possibly rewritten) config file. */
  async restart(): Promise<void> {
    if (this.running) await this.signal('SIGKILL');
    await this.spawn();
  }

  /** SIGTERM (SIGKILL after 5 s) and forget; the caller removes the dir, unless the process owns it. */
  async stop(): Promise<void> {
    live.delete(this);
    await this.signal('SIGTERM');
    await new Promise<void>((r) => (this.log ? this.log.end(r) : r()));
    this.log = undefined;
    if (this.spec.ownsDir) rmSync(this.spec.dir, { recursive: true, force: true });
  }

  private async spawn(): Promise<void> {
    if (!existsSync(this.configFile)) {
      const lines = [
        `port ${this.port}`,
        'bind 127.0.0.1',
        'protected-mode no',
        'daemonize no',
        `dir ${this.spec.dir}`,
        // stdout, appended to server.log below: it also catches config errors printed before logging starts.
        'logfile ""',
        ...this.spec.config,
      ];
      writeFileSync(this.configFile, lines.join('\n') + '\n');
    }
    this.log ??= createWriteStream(this.logFile, { flags: 'a' });
    const args = this.spec.sentinel ? [this.configFile, '--sentinel'] : [this.configFile];
    const child = spawn('redis-server', args, { cwd: this.spec.dir, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout!.pipe(this.log, { end: false });
    child.stderr!.pipe(this.log, { end: false });
    this.exited = new Promise((resolve) => child.once('exit', () => resolve()));
    this.child = child;
    this.paused = false;
    await this.waitReady(this.spec.readyTimeoutMs ?? 15000);
  }

  /** Ready = PING answers PONG (a data node answers -LOADING while it replays its AOF). */
  private async waitReady(timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    let lastError: unknown;
    while (Date.now() < deadline) {
      if (!this.running) throw new Error(`${this.name} (port ${this.port}) exited during start; see ${this.logFile}`);
      try {
        if ((await this.command('PING')) === 'PONG') return;
      } catch (err) {
        lastError = err;
      }
      await sleep(50);
    }
    throw new Error(`${this.name} (port ${this.port}) not ready after ${timeoutMs} ms: ${String(lastError)}`);
  }
}
