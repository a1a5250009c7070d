'use strict';
/**
 * bench/data.js's staff requests: each target (lib/data-admin-targets.js)
 * asked once to warm up and to check its answer, then `n` times in a row,
 * signed in with HTTP Basic as the admin or the salesperson; p50 and p95.
 * A target that answers anything but 200, or whose answer fails its check,
 * is a row with its problem instead of a failure of the whole run.
 */
const { Client } = require('pg');

/** Nearest-rank percentile (of 15 samples, p95 is the slowest). */
function percentile(sorted, p) {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

const basic = (login, password) => `Basic ${Buffer.from(`${login}:${password}`).toString('base64')}`;

async function get(url, auth, html) {
  const t = performance.now();
  const res = await fetch(url, {
    headers: { authorization: auth, accept: html ? 'text/html' : 'application/json' },
    redirect: 'manual',
  });
  const text = await res.text();
  return { ms: performance.now() - t, status: res.status, text };
}

/** "answered 400: <message>" (the start of it). */
function answered(r) {
  let message = '';
  try {
    message = JSON.parse(r.text).message;
  } catch {
    /* not JSON */
  }
  const detail = typeof message === 'string' && message ? `: ${message.slice(0, 80)}` : '';
  return `answered ${r.status}${detail}`;
}

async function checked(r, check, query) {
  if (!check) return null;
  let body;
  try {
    body = JSON.parse(r.text);
  } catch {
    return 'the answer is not JSON';
  }
  return check(body, query);
}

/** One target: { p50, p95, problem } (problem null when it answered as it should). */
async function measure(target, base, auth, n, query) {
  const first = await get(`${base}${target.path}`, auth, target.html);
  if (first.status !== 200) return { p50: NaN, p95: NaN, problem: answered(first) };
  let problem = await checked(first, target.check, query);
  if (!problem && target.probe) {
    const probe = await get(`${base}${target.probe.path}`, auth, false);
    if (probe.status === 200) problem = await checked(probe, target.probe.check, query);
  }
  const times = [];
  for (let i = 0; i < n; i++) {
    const r = await get(`${base}${target.path}`, auth, target.html);
    if (r.status !== 200) return { p50: NaN, p95: NaN, problem: `${answered(r)} (request ${i + 2})` };
    times.push(r.ms);
  }
  times.sort((a, b) => a - b);
  return { p50: percentile(times, 50), p95: percentile(times, 95), problem };
}

/**
 * Every target against the side's worker; `accounts`: { admin: [login,
 * password], sales: [...] }. Resolves with the targets and their figures.
 */
async function staffRequests(side, targets, accounts, n, log) {
  const auth = { admin: basic(...accounts.admin), sales: basic(...accounts.sales) };
  const db = new Client({ connectionString: side.databaseUrl });
  await db.connect();
  const query = (sql, params) => db.query(sql, params);
  const rows = [];
  try {
    for (const t of targets) {
      const as = t.as || 'admin';
      const row = { ...t, as, ...(await measure(t, side.adminUrl, auth[as], n, query)) };
      rows.push(row);
      const figures = Number.isFinite(row.p95) ? `p50 ${row.p50.toFixed(1)} ms, p95 ${row.p95.toFixed(1)} ms` : '';
      log(`${t.label}: ${[figures, row.problem].filter(Boolean).join('; ')}`);
    }
  } finally {
    await db.end();
  }
  return rows;
}

module.exports = { staffRequests };
