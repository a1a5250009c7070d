import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';

export const ROOT = resolve(__dirname, '../..');
/** The built entry points (npm run build); the suite tests what `npm start` runs. */
export const GATEWAY_ENTRY = 'dist/apps/gateway/apps/gateway/src/main.js';
export const WORKER_ENTRY = 'dist/apps/worker/apps/worker/src/main.js';

const OUTPUT_LIMIT = 256 * 1024;

// Apps still running when the test process exits (a hook that timed out
// before stop() ran, --forceExit) are killed, so none outlives the suite.
const live = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of live) child.kill('SIGKILL');
});

export interface ExitStatus {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface AppProcess {
  name: string;
  /** http://127.0.0.1:<port> of the app's HTTP surface. */
  url: string;
  child: ChildProcess;
  /** Everything the process wrote to stdout and stderr so far (tail, if very long). */
  output(): string;
  exited: Promise<ExitStatus>;
  /** Sends `signal` and waits for the exit; SIGKILLs and throws if it does not exit in time. Returns the exit code. */
  stop(signal?: NodeJS.Signals, timeoutMs?: number): Promise<number | null>;
  kill(signal?: NodeJS.Signals): Promise<ExitStatus>;
}

export interface StartAppOptions {
  name: string;
  entry: string;
  port: number;
  env: Record<string, string | undefined>;
  /** Which /health status means "ready"; default 200. A gateway started without Redis is ready at 503. */
  ready?: (status: number) => boolean;
  timeoutMs?: number;
}

/**
 * Runs a built app as `node <entry>` with only the environment given (plus
 * PATH/HOME), so nothing from the developer's shell leaks into the test, and
 * waits until GET /health answers. Output is kept to explain failures.
 */
export async function startApp(options: StartAppOptions): Promise<AppProcess> {
  const entry = resolve(ROOT, options.entry);
  if (!existsSync(entry)) throw new Error(`${entry} does not exist: run \`npm run build\` first`);

  const env: Record<string, string> = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? ROOT, NODE_ENV: 'production' };
  for (const [k, v] of Object.entries(options.env)) {
    if (v === undefined) delete env[k];
    else env[k] = v;
  }
  const child = spawn(process.execPath, [entry], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  live.add(child);

  let output = '';
  const collect = (chunk: Buffer) => {
    output += chunk.toString('utf8');
    if (output.length > OUTPUT_LIMIT) output = output.slice(-OUTPUT_LIMIT);
    if (process.env.E2E_VERBOSE) process.stderr.write(`[${options.name}] ${chunk.toString('utf8')}`);
  };
  child.stdout!.on('data', collect);
  child.stderr!.on('data', collect);

  let status: ExitStatus | null = null;
  const exited = new Promise<ExitStatus>((done) =>
    child.once('exit', (code, signal) => {
      live.delete(child);
      status = { code, signal };
      done(status);
    }),
  );
  const describe = () => `--- ${options.name} output ---\n${output.slice(-20000)}\n--- end ${options.name} output ---`;

  const kill = async (signal: NodeJS.Signals = 'SIGKILL'): Promise<ExitStatus> => {
    if (!status) child.kill(signal);
    return exited;
  };

  const app: AppProcess = {
    name: options.name,
    url: `http://127.0.0.1:${options.port}`,
    child,
    output: () => output,
    exited,
    kill,
    async stop(signal = 'SIGTERM', timeoutMs = 20000) {
      if (status) return (status as ExitStatus).code;
      child.kill(signal);
      let timer: NodeJS.Timeout | undefined;
      const timedOut = new Promise<'timeout'>((r) => (timer = setTimeout(() => r('timeout'), timeoutMs)));
      const result = await Promise.race([exited, timedOut]);
      clearTimeout(timer);
      if (result === 'timeout') {
        await kill('SIGKILL');
        throw new Error(`${options.name} did not exit within ${timeoutMs} ms of ${signal}\n${describe()}`);
      }
      return result.code;
    },
  };

  try {
    await waitReady(app, options.ready ?? ((s) => s === 200), options.timeoutMs ?? 60000, () => status);
  } catch (err) {
    await kill('SIGKILL');
    throw new Error(`${options.name} did not become ready: ${(err as Error).message}\n${describe()}`, { cause: err });
  }
  return app;
}

async function waitReady(
  app: AppProcess,
  ready: (status: number) => boolean,
  timeoutMs: number,
  exitStatus: () => ExitStatus | null,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = 'no answer yet';
  while (Date.now() < deadline) {
    const exit = exitStatus();
    if (exit) throw new Error(`exited early with code ${exit.code} signal ${exit.signal}`);
    try {
      const res = await fetch(`${app.url}/health`, { signal: AbortSignal.timeout(2000) });
      const body = await res.text();
      if (ready(res.status)) return;
      last = `GET /health ${res.status} ${body.slice(0, 300)}`;
    } catch (err) {
      last = (err as Error).message;
    }
    await new Promise((r) => setTimeout(r, 150));
  }
  throw new Error(`timed out after ${timeoutMs} ms (last: ${last})`);
}
