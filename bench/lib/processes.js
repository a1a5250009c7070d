'use strict';
/**
 * The benchmark's child processes: the suites' process layer
 * (test/support/apps.js) with each app's log kept in a file, and the
 * benchmark's own measurements: CPU time and RSS from /proc.
 */
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { killAll, spawnApp, stopQuietly, waitHealthy, waitLine } = require('../../test/support/apps');

const CLOCK_TICKS = (() => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK']).toString().trim()) || 100;
  } catch {
    return 100;
  }
})();

function rssMb(pid) {
  try {
    const m = /^VmRSS:\s+(\d+)\s+kB/m.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) / 1024 : NaN;
  } catch {
    return NaN;
  }
}

/** CPU time (user + system) a process has used so far, ms; NaN once it is gone. */
function cpuMs(pid) {
  try {
    // Fields after the command name (which may hold spaces): utime is the 12th, stime the 13th.
    const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS;
  } catch {
    return NaN;
  }
}

/** Samples a process's RSS every 200 ms until stopped; returns the maximum. */
function rssSampler(pid) {
  let max = rssMb(pid);
  const timer = setInterval(() => {
    const v = rssMb(pid);
    if (v > max || !Number.isFinite(max)) max = v;
  }, 200);
  return () => {
    clearInterval(timer);
    const v = rssMb(pid);
    return Number.isFinite(v) && v > max ? v : max;
  };
}

const logFiles = new Set();

/** Where an app's output is kept (removed by removeLogs() after a good run). */
function logFileFor(label) {
  const file = path.join(os.tmpdir(), `bench-${label}-${process.pid}.log`);
  logFiles.add(file);
  return file;
}

/**
 * Starts `node [nodeArgs] entry` with `env` only (test/support/apps.js, the
 * suites' process layer). `proc.newlines` counts the lines it has written
 * (stdout and stderr), e.g. log lines per request.
 */
function startProcess(label, entry, env, nodeArgs = []) {
  return spawnApp({ name: label, entry, env, nodeArgs, logFile: logFileFor(label) });
}

function failWith(proc, msg) {
  return new Error(`${msg}\n${proc.describe(4000)}`);
}

function waitHttpOk(proc, url, timeoutMs) {
  return waitHealthy(proc, url, { timeoutMs, ready: (status) => status >= 200 && status < 300 });
}

function stopProcess(proc, timeoutMs = 30000) {
  return stopQuietly(proc, timeoutMs);
}

/** Removes the apps' log files (kept only when something went wrong). */
function removeLogs() {
  for (const f of logFiles) fs.rmSync(f, { force: true });
}

module.exports = {
  cpuMs,
  rssMb,
  rssSampler,
  logFileFor,
  startProcess,
  failWith,
  waitHttpOk,
  waitLine,
  stopProcess,
  killAll,
  removeLogs,
};
