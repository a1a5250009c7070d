#!/usr/bin/env node
'use strict';
/**
 * `npm start`: runs both built apps side by side in one terminal.
 *
 * - each app gets this process's environment and its own output, every line
 *   prefixed with [gateway] or [worker];
 * - SIGINT / SIGTERM are forwarded to both (a second one kills them);
 * - if one app exits while the other is still running and no stop was asked
 *   for, the other one is stopped too (SIGTERM, SIGKILL after a grace time);
 * - exits once both have exited: 0 when both stopped cleanly, non-zero when
 *   either failed.
 *
 * Entry points can be overridden (used by tests of this script):
 * START_ALL_GATEWAY, START_ALL_WORKER; START_ALL_KILL_AFTER_MS (45000).
 */
const { spawn } = require('node:child_process');
const path = require('node:path');
const readline = require('node:readline');
const os = require('node:os');
const { nodeFlags } = require('./node-flags');

const root = path.resolve(__dirname, '..');
const apps = [
  {
    name: 'gateway',
    entry: process.env.START_ALL_GATEWAY || path.join(root, 'dist/apps/gateway/apps/gateway/src/main.js'),
  },
  {
    name: 'worker',
    entry: process.env.START_ALL_WORKER || path.join(root, 'dist/apps/worker/apps/worker/src/main.js'),
  },
];
const killAfterMs = Number(process.env.START_ALL_KILL_AFTER_MS || 45000);

let stopping = null; // the signal we forwarded, once a stop has begun
let killTimer = null;

function say(line) {
  process.stderr.write(`[start-all] ${line}\n`);
}

function pipeLines(stream, target, prefix) {
  const rl = readline.createInterface({ input: stream, crlfDelay: Infinity });
  rl.on('line', (line) => target.write(`${prefix} ${line}\n`));
}

function isRunning(app) {
  return app.child && app.exit === undefined;
}

function signalAll(signal) {
  for (const app of apps) {
    if (!isRunning(app)) continue;
    try {
      app.child.kill(signal);
    } catch {
      /* already gone */
    }
  }
}

function stopAll(signal, reason) {
  if (stopping) {
    // A second request while stopping: stop waiting.
    say(`${reason}: killing what is still running`);
    signalAll('SIGKILL');
    return;
  }
  stopping = signal;
  say(
    `${reason}: sending ${signal} to ${
      apps
        .filter(isRunning)
        .map((a) => a.name)
        .join(' and ') || 'nobody'
    }`,
  );
  signalAll(signal);
  killTimer = setTimeout(() => {
    if (apps.some(isRunning)) {
      say(`still running after ${killAfterMs} ms: SIGKILL`);
      signalAll('SIGKILL');
    }
  }, killAfterMs);
  killTimer.unref();
}

/** Did this app end well? Dying of the very signal we sent it counts as a clean stop. */
function failed(app) {
  const { code, signal } = app.exit;
  if (code === 0) return false;
  if (signal && stopping && signal === stopping && !app.unexpected) return false;
  return true;
}

function exitCode(app) {
  const { code, signal } = app.exit;
  if (typeof code === 'number' && code !== 0) return code;
  if (signal) return 128 + (os.constants.signals[signal] || 1);
  return 1;
}

function onAppExit(app, code, signal) {
  app.exit = { code, signal };
  app.unexpected = !stopping;
  say(`${app.name} exited (${signal ? `signal ${signal}` : `code ${code}`})`);
  if (!stopping && apps.some(isRunning)) {
    stopAll('SIGTERM', `${app.name} stopped unexpectedly`);
  }
  if (apps.every((a) => a.exit !== undefined)) {
    if (killTimer) clearTimeout(killTimer);
    const bad = apps.find(failed);
    process.exitCode = bad ? exitCode(bad) : 0;
    // Let the prefixed output drain, then leave.
    setImmediate(() => process.exit(process.exitCode));
  }
}

for (const app of apps) {
  const prefix = `[${app.name}]`;
  const child = spawn(process.execPath, [...nodeFlags(app.name), app.entry], {
    cwd: root,
    env: process.env,
    stdio: ['ignore', 'pipe', 'pipe'],
    // Own process group: a Ctrl-C in the terminal reaches only this script,
    // which forwards it once, instead of every app getting it twice.
    detached: true,
  });
  app.child = child;
  pipeLines(child.stdout, process.stdout, prefix);
  pipeLines(child.stderr, process.stderr, prefix);
  child.on('error', (err) => {
    say(`${app.name} could not start: ${err.message}`);
    if (app.exit === undefined) onAppExit(app, 1, null);
  });
  // 'close' comes after 'exit' and after the pipes closed, so an app's last
  // lines are printed before its exit is reported.
  child.on('close', (code, signal) => {
    if (app.exit === undefined) onAppExit(app, code, signal);
  });
}

for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => stopAll(signal, `received ${signal}`));
}
process.on('SIGHUP', () => stopAll('SIGTERM', 'received SIGHUP'));
// A closed terminal or pipe must not crash the supervisor and orphan the apps.
for (const stream of [process.stdout, process.stderr]) stream.on('error', () => {});
