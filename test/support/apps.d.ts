import type { ChildProcess } from 'node:child_process';

export const ROOT: string;
/** The built entry points (npm run build), relative to ROOT. */
export const GATEWAY_ENTRY: string;
export const WORKER_ENTRY: string;

export interface ExitStatus {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface AppProcess {
  name: string;
  /** http://127.0.0.1:<port> of the app's HTTP surface (set by startApp). */
  url: string;
  child: ChildProcess;
  logFile?: string;
  /** Set once the process has exited. */
  status: ExitStatus | null;
  /** Lines written so far (stdout and stderr). */
  newlines: number;
  /** Everything the process wrote to stdout and stderr so far (tail, if very long). */
  output(): string;
  onLine(watch: (line: string) => void): () => void;
  /** The output's tail, framed, for error messages. */
  describe(maxChars?: number): string;
  exited: Promise<ExitStatus>;
  /** Sends `signal` and waits for the exit; SIGKILLs and throws if it does not exit in time. Returns the exit code. */
  stop(signal?: NodeJS.Signals, timeoutMs?: number): Promise<number | null>;
  kill(signal?: NodeJS.Signals): Promise<ExitStatus>;
}

export type Env = Record<string, string | undefined>;

export interface SpawnAppOptions {
  name: string;
  entry: string;
  env: Env;
  nodeArgs?: string[];
  /** Also append the output to this file. */
  logFile?: string;
}

export interface StartAppOptions extends SpawnAppOptions {
  port: number;
  /** Which /health status means "ready"; default 200. A gateway started without Redis is ready at 503. */
  ready?: (status: number) => boolean;
  timeoutMs?: number;
}

export function spawnApp(options: SpawnAppOptions): AppProcess;
export function waitHealthy(
  app: AppProcess,
  url: string,
  options?: { ready?: (status: number) => boolean; timeoutMs?: number },
): Promise<void>;
export function waitLine(app: AppProcess, pattern: RegExp, timeoutMs: number): Promise<void>;
export function startApp(options: StartAppOptions): Promise<AppProcess>;
export function stopQuietly(app: AppProcess | undefined, timeoutMs?: number): Promise<ExitStatus | null | undefined>;
export function killAll(): void;
