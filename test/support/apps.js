'use strict';
/**
 * The built apps as child processes, for the test rig (deployment.ts) and
 * the benchmark (bench/) alike: spawned with only the environment given,
 * their output kept (and optionally appended to a log file), ready once
 * GET /health answers, stopped with SIGTERM and SIGKILL if that does not do.
 * Plain CommonJS, typed by apps.d.ts.
 */
const { spawn } = require('node:child_process');
const { createWriteStream, existsSync } = require('node:fs');
const { resolve } = require('node:path');
const { sleep } = require('./wait');

const ROOT = resolve(__dirname, '../..');
/** The built entry points (npm run build): what `npm start` runs. */
const GATEWAY_ENTRY = 'dist/apps/gateway/apps/gateway/src/main.js';
const WORKER_ENTRY = 'dist/apps/worker/apps/worker/src/main.js';

const OUTPUT_LIMIT = 256 * 1024;

// Apps still running when the test or bench process exits (a hook that timed
// out before stop() ran, --forceExit, a bench that threw) are killed, so
// none outlives its parent.
const live = new Set();
process.once('exit', killAll);

function killAll() {
  for (const app of live) app.child.kill('SIGKILL');
}

/**
 * Starts `node [nodeArgs] <entry>` with PATH, HOME, NODE_ENV=production and
 * `env` (a value of undefined removes the variable), so nothing from the
 * developer's shell leaks in. Returns at once; see waitHealthy/startApp.
 */
function spawnApp({ name, entry, env, nodeArgs = [], logFile }) {
  const file = resolve(ROOT, entry);
  if (!existsSync(file)) throw new Error(`${file} does not exist: run \`npm run build\` first`);
  const fullEnv = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? ROOT, NODE_ENV: 'production' };
  for (const [k, v] of Object.entries(env)) {
    if (v === undefined) delete fullEnv[k];
    else fullEnv[k] = v;
  }
  const child = spawn(process.execPath, [...nodeArgs, file], { cwd: ROOT, env: fullEnv, stdio: ['ignore', 'pipe', 'pipe'] });
  const log = logFile ? createWriteStream(logFile, { flags: 'a' }) : undefined;
  let output = '';
  const watchers = new Set();

  const app = {
    name,
    url: '',
    child,
    logFile,
    status: null,
    newlines: 0,
    output: () => output,
    /** Calls `watch` with every line written from now on; returns the unsubscribe. */
    onLine(watch) {
      watchers.add(watch);
      return () => watchers.delete(watch);
    },
    describe(maxChars = 20000) {
      const where = logFile ? ` (full log: ${logFile})` : '';
      return `--- ${name} output${where} ---\n${output.slice(-maxChars)}\n--- end ${name} output ---`;
    },
    async kill(signal = 'SIGKILL') {
      if (!app.status) child.kill(signal);
      return app.exited;
    },
    async stop(signal = 'SIGTERM', timeoutMs = 20000) {
      if (app.status) return app.status.code;
      child.kill(signal);
      let timer;
      const timedOut = new Promise((r) => (timer = setTimeout(() => r('timeout'), timeoutMs)));
      const result = await Promise.race([app.exited, timedOut]);
      clearTimeout(timer);
      if (result === 'timeout') {
        await app.kill('SIGKILL');
        throw new Error(`${name} did not exit within ${timeoutMs} ms of ${signal}\n${app.describe()}`);
      }
      return result.code;
    },
  };
  app.exited = new Promise((done) =>
    child.once('exit', (code, signal) => {
      live.delete(app);
      app.status = { code, signal };
      if (log) log.end();
      done(app.status);
    }),
  );
  live.add(app);

  const collect = (chunk) => {
    const text = chunk.toString('utf8');
    output += text;
    if (output.length > OUTPUT_LIMIT) output = output.slice(-OUTPUT_LIMIT);
    if (log) log.write(chunk);
    for (let i = chunk.indexOf(10); i !== -1; i = chunk.indexOf(10, i + 1)) app.newlines++;
    if (watchers.size > 0) for (const line of text.split('\n')) if (line) for (const w of watchers) w(line);
    if (process.env.E2E_VERBOSE) process.stderr.write(`[${name}] ${text}`);
  };
  child.stdout.on('data', collect);
  child.stderr.on('data', collect);
  return app;
}

/** Waits until GET `url` answers a status `ready` accepts (default 200); throws with the app's output otherwise. */
async function waitHealthy(app, url, { ready = (s) => s === 200, timeoutMs = 60000 } = {}) {
  const deadline = Date.now() + timeoutMs;
  let last = 'no answer yet';
  while (Date.now() < deadline) {
    if (app.status) {
      throw new Error(`${app.name} exited early with code ${app.status.code} signal ${app.status.signal}\n${app.describe()}`);
    }
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(2000) });
      const body = await res.text();
      if (ready(res.status)) return;
      last = `GET ${url} ${res.status} ${body.slice(0, 300)}`;
    } catch (err) {
      last = err.message;
    }
    await sleep(150);
  }
  throw new Error(`${app.name} did not become ready: timed out after ${timeoutMs} ms (last: ${last})\n${app.describe()}`);
}

/** Waits until the app prints a line matching `pattern` (the baselines' "ready" line). */
function waitLine(app, pattern, timeoutMs) {
  return new Promise((resolvePromise, reject) => {
    const finish = (err) => {
      clearTimeout(timer);
      unsubscribe();
      if (err) reject(err);
      else resolvePromise();
    };
    const timer = setTimeout(
      () => finish(new Error(`${app.name} did not print ${pattern} within ${timeoutMs} ms\n${app.describe()}`)),
      timeoutMs,
    );
    const unsubscribe = app.onLine((line) => pattern.test(line) && finish());
    app.exited.then((exit) =>
      finish(new Error(`${app.name} exited (${JSON.stringify(exit)}) before it was ready\n${app.describe()}`)),
    );
  });
}

/** spawnApp, then waitHealthy on `http://127.0.0.1:<port>/health`; killed if it does not come up. */
async function startApp({ port, ready, timeoutMs, ...spawnOptions }) {
  const app = spawnApp(spawnOptions);
  app.url = `http://127.0.0.1:${port}`;
  try {
    await waitHealthy(app, `${app.url}/health`, { ready, timeoutMs });
  } catch (err) {
    await app.kill('SIGKILL');
    throw err;
  }
  return app;
}

/** SIGTERM, and SIGKILL if that does not end it in `timeoutMs`: never leaves a process behind, never throws. */
async function stopQuietly(app, timeoutMs = 15000) {
  if (!app) return undefined;
  try {
    await app.stop('SIGTERM', timeoutMs);
  } catch {
    await app.kill('SIGKILL');
  }
  return app.status;
}

module.exports = { ROOT, GATEWAY_ENTRY, WORKER_ENTRY, spawnApp, waitHealthy, waitLine, startApp, stopQuietly, killAll };
