'use strict';
/**
 * The benchmark's child processes: starting an app with its log kept in a
 * file (and its last lines at hand for error messages), waiting until it is
 * ready, stopping it, and reading its CPU time and RSS from /proc.
 */
const { spawn, execFileSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { setTimeout: sleep } = require('node:timers/promises');

const ROOT = path.resolve(__dirname, '../..');

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

const children = new Set();
const logFiles = new Set();

/**
 * Starts `node [nodeArgs] entry` with `env` only. `proc.newlines` counts the
 * lines it has written (stdout and stderr), e.g. log lines per request.
 */
function startProcess(label, entry, env, nodeArgs = []) {
  const logFile = path.join(os.tmpdir(), `bench-${label}-${process.pid}.log`);
  logFiles.add(logFile);
  const out = fs.createWriteStream(logFile, { flags: 'a' });
  const child = spawn(process.execPath, [...nodeArgs, entry], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  const proc = { label, child, logFile, tail: [], exited: null, lines: [], newlines: 0 };
  const keep = (chunk) => {
    out.write(chunk);
    for (let i = chunk.indexOf(10); i !== -1; i = chunk.indexOf(10, i + 1)) proc.newlines++;
    for (const line of chunk.toString().split('\n')) {
      if (!line) continue;
      proc.tail.push(line);
      if (proc.tail.length > 40) proc.tail.shift();
      for (const w of proc.lines) w(line);
    }
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  proc.done = new Promise((resolve) => {
    child.on('exit', (code, signal) => {
      proc.exited = { code, signal };
      children.delete(proc);
      out.end();
      resolve(proc.exited);
    });
  });
  children.add(proc);
  return proc;
}

function failWith(proc, msg) {
  const tail = proc.tail
    .slice(-25)
    .map((l) => `    ${l}`)
    .join('\n');
  return new Error(`${msg}\n  last output of ${proc.label} (full log: ${proc.logFile}):\n${tail}`);
}

async function waitHttpOk(proc, url, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  let last = '';
  while (Date.now() < deadline) {
    if (proc.exited) throw failWith(proc, `${proc.label} exited (${JSON.stringify(proc.exited)}) before ${url} answered`);
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(2000) });
      last = `HTTP ${res.status}`;
      await res.arrayBuffer();
      if (res.ok) return;
    } catch (err) {
      last = err.message;
    }
    await sleep(200);
  }
  throw failWith(proc, `${url} did not answer 200 within ${timeoutMs} ms (last: ${last})`);
}

function waitLine(proc, pattern, timeoutMs) {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      proc.lines = proc.lines.filter((w) => w !== watch);
      reject(failWith(proc, `${proc.label} did not print ${pattern} within ${timeoutMs} ms`));
    }, timeoutMs);
    const watch = (line) => {
      if (!pattern.test(line)) return;
      clearTimeout(timer);
      proc.lines = proc.lines.filter((w) => w !== watch);
      resolve();
    };
    proc.lines.push(watch);
    proc.done.then((exit) => {
      clearTimeout(timer);
      reject(failWith(proc, `${proc.label} exited (${JSON.stringify(exit)}) before it was ready`));
    });
  });
}

async function stopProcess(proc, timeoutMs = 30000) {
  if (!proc || proc.exited) return proc && proc.exited;
  proc.child.kill('SIGTERM');
  const t = setTimeout(() => proc.child.kill('SIGKILL'), timeoutMs);
  const exit = await proc.done;
  clearTimeout(t);
  return exit;
}

function killAll() {
  for (const p of children) {
    try {
      p.child.kill('SIGKILL');
    } catch {
      /* gone */
    }
  }
}

/** Removes the apps' log files (kept only when something went wrong). */
function removeLogs() {
  for (const f of logFiles) fs.rmSync(f, { force: true });
}

module.exports = { cpuMs, rssMb, rssSampler, startProcess, failWith, waitHttpOk, waitLine, stopProcess, killAll, removeLogs };
