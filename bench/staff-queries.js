#!/usr/bin/env node
'use strict';
/**
 * `node bench/staff-queries.js --database-url URL [--requests N]`: p50 / p95
 * of the search and the 365-day report statements, run by the built
 * repositories (dist/, `npm run build` first) on a seeded database
 * (`npm run seed:demo -- --leads N`), sequential and warm, as an admin and as
 * the salesperson with the most leads (--only search|reports: one half). Statement time only (no HTTP), so a
 * change in the SQL shows without starting a worker.
 */
const path = require('node:path');
const { parseArgs } = require('node:util');
const { Pool } = require('pg');

const DATA = path.resolve(__dirname, '../dist/apps/worker/apps/worker/src/data');
const { LeadSearchRepository } = require(path.join(DATA, 'lead-search.repository'));
const { searchTermsOf } = require(path.join(DATA, 'lead-search.query'));
const { ReportRepository } = require(path.join(DATA, 'report.repository'));
const { StaffRepository } = require(path.join(DATA, 'staff.repository'));
const { ReportsService } = require(path.resolve(DATA, '../admin/reports/reports.service'));

const { values } = parseArgs({
  options: { 'database-url': { type: 'string' }, requests: { type: 'string', default: '15' }, only: { type: 'string' } },
});
const url = values['database-url'] || process.env.DATABASE_URL;
if (!url) throw new Error('--database-url is required');
const requests = Number(values.requests);

const pool = new Pool({ connectionString: url, max: 2 });
const db = {
  query: async (sql, params) => (await pool.query(sql, params)).rows,
  // As data/db.ts: one connection, BEGIN ... COMMIT.
  async transaction(work) {
    const client = await pool.connect();
    try {
      await client.query('BEGIN');
      const result = await work({ query: async (sql, params) => (await client.query(sql, params)).rows });
      await client.query('COMMIT');
      return result;
    } catch (err) {
      await client.query('ROLLBACK');
      throw err;
    } finally {
      client.release();
    }
  },
};

function pct(sorted, p) {
  return sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)];
}

async function latency(label, run) {
  await run();
  await run();
  const times = [];
  let rows = 0;
  for (let i = 0; i < requests; i++) {
    const start = process.hrtime.bigint();
    rows = (await run()).length;
    times.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  times.sort((a, b) => a - b);
  const line = { label, p50: pct(times, 0.5), p95: pct(times, 0.95), rows };
  console.log(`| ${label} | ${line.p50.toFixed(1)} ms | ${line.p95.toFixed(1)} ms | ${rows} |`);
  return line;
}

async function main() {
  const search = new LeadSearchRepository(db);
  const reports = new ReportsService(new ReportRepository(db), new StaffRepository(db), {}, { CLAIM_WITHIN_MINUTES: 10 });
  const [{ n }] = await db.query('SELECT count(*)::int AS n FROM leads');
  const [{ assignee }] = await db.query(
    `SELECT assignee FROM follow_up_tasks WHERE assignee IS NOT NULL GROUP BY assignee ORDER BY count(*) DESC LIMIT 1`,
  );
  const [{ phone }] = await db.query(`SELECT phone FROM leads WHERE phone IS NOT NULL ORDER BY received_at DESC LIMIT 1`);
  const [{ rare }] = await db.query(
    `SELECT company AS rare FROM leads WHERE company IS NOT NULL AND erased_at IS NULL ORDER BY received_at LIMIT 1 OFFSET 1000`,
  );
  const fragment = phone.replace(/\D/g, '').slice(-8, -4) + ' ' + phone.replace(/\D/g, '').slice(-4);
  console.log(`${n} leads; salesperson ${assignee}; rare word ${rare}; phone fragment ${fragment}\n`);
  console.log('| statement | p50 | p95 | rows |\n| --- | --- | --- | --- |');
  const words = [
    ['common word 变压器', '变压器'],
    ['common word 公司', '公司'],
    ['common word 上海', '上海'],
    ['rare word (a company)', rare],
    ['phone fragment', fragment],
    ['email', 'qudao@lianchuang-demo.cn'],
  ];
  for (const [who, reader] of values.only === 'reports'
    ? []
    : [
        ['admin', undefined],
        ['sales', assignee],
      ]) {
    for (const [label, q] of words) {
      await latency(`search ${who}: ${label}`, () => search.search(searchTermsOf(q), reader, undefined, 21));
    }
  }
  const [{ to }] = await db.query(`SELECT to_char(max(received_at) AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD') AS to FROM leads`);
  const from = new Date(Date.parse(`${to}T00:00:00Z`) - 364 * 86_400_000).toISOString().slice(0, 10);
  for (const [who, viewer] of values.only === 'search'
    ? []
    : [
        ['admin', { login: 'admin', role: 'admin' }],
        ['sales', { login: assignee, role: 'sales' }],
      ]) {
    await latency(`summary ${who} ${from}..${to} (365 days)`, async () => [await reports.summary({ from, to }, viewer)]);
  }
  await pool.end();
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
