#!/usr/bin/env node
'use strict';
/**
 * `node bench/staff-queries.js --database-url URL [--requests N]`: p50 / p95
 * of the search statements and of the reports' summaries over 7, 30, 90 and
 * 365 days, run by the built repositories and services (dist/, `npm run
 * build` first) on a seeded database (`npm run seed:demo -- --leads N`),
 * sequential and warm, as an admin and as the salesperson with the most
 * leads (--only search|reports: one half). Statement time only (no HTTP), so
 * a change in the SQL shows without starting a worker.
 *
 * Before the reports it rolls up every closed day not rolled up yet (as the
 * maintenance job would, timed), and checks that each summary equals the one
 * computed from every lead of the range read live (the arithmetic before
 * the rollup); --rebuild empties the rollup first, to time building it from
 * scratch (the first run after the upgrade). Writes its tables into
 * bench/RESULTS.md's `staff-queries` section (--no-write: print only).
 */
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { isDeepStrictEqual } = require('node:util');
const { parseArgs } = require('node:util');
const { Pool } = require('pg');

const DATA = path.resolve(__dirname, '../dist/apps/worker/apps/worker/src/data');
const { LeadSearchRepository } = require(path.join(DATA, 'lead-search.repository'));
const { searchTermsOf } = require(path.join(DATA, 'lead-search.query'));
const { ReportRepository } = require(path.join(DATA, 'report.repository'));
const { ReportRollupRepository } = require(path.join(DATA, 'report-rollup.repository'));
const { StaffRepository } = require(path.join(DATA, 'staff.repository'));
const { ReportsService } = require(path.resolve(DATA, '../admin/reports/reports.service'));
const { ReportRollupService } = require(path.resolve(DATA, '../reporting/report-rollup.service'));
const { reportLeadsOf } = require(path.resolve(DATA, '../reporting/report-leads'));
const { summarize } = require(path.resolve(DATA, '../reporting/report-summary'));
const { runsOf, zoneDay, addDays } = require(path.resolve(DATA, '../reporting/report-days'));
const { withSection } = require('./lib/results-section');

const { values } = parseArgs({
  options: {
    'database-url': { type: 'string' },
    requests: { type: 'string', default: '15' },
    only: { type: 'string' },
    'no-write': { type: 'boolean', default: false },
    rebuild: { type: 'boolean', default: false },
  },
});
const url = values['database-url'] || process.env.DATABASE_URL;
if (!url) throw new Error('--database-url is required');
const requests = Number(values.requests);

// The worker's pool size (DATABASE_POOL_SIZE): a summary runs its statements side by side.
const pool = new Pool({ connectionString: url, max: 10 });
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
  lines.push(`| ${label} | ${line.p50.toFixed(1)} | ${line.p95.toFixed(1)} | ${rows} |`);
  console.log(lines.at(-1));
  return line;
}

const lines = [];
const TIME_ZONE = 'Asia/Shanghai';
const CONFIG = { CLAIM_WITHIN_MINUTES: 10 };
const CALENDAR = { hours: null };

/** Every closed day not rolled up yet, as the maintenance job builds them (a bounded batch a run). */
async function rollUpAll() {
  const service = new ReportRollupService(new ReportRollupRepository(db), CALENDAR, CONFIG);
  const started = Date.now();
  let days = 0;
  for (;;) {
    const { built } = await service.run();
    if (built.length === 0) break;
    days += built.length;
  }
  return { days, seconds: (Date.now() - started) / 1000 };
}

/** The summary as it was computed before the rollup: every lead of the range read live, then summarize. */
async function liveSummary(reports, q, viewer) {
  const range = { from: q.from, to: q.to, days: [] };
  for (let d = q.from; d <= q.to; d = addDays(d, 1)) range.days.push(d);
  const owner = viewer.role === 'sales' ? viewer.login : q.owner;
  const rows = await reports.rangeLeads(runsOf(range.days), TIME_ZONE, { person: owner, form: q.form });
  const people = await new StaffRepository(db).list();
  return summarize(reportLeadsOf(rows), {
    ...range,
    names: new Map(people.map((p) => [p.login, p.displayName])),
    targetSeconds: CONFIG.CLAIM_WITHIN_MINUTES * 60,
    owner,
    source: q.source,
    form: q.form,
  });
}

const startLoad = os.loadavg()[0];
let head = '';
let rollup = '';
const mismatches = [];

async function main() {
  const search = new LeadSearchRepository(db);
  const [{ n }] = await db.query('SELECT count(*)::int AS n FROM leads');
  const [{ assignee }] = await db.query(
    `SELECT assignee FROM follow_up_tasks WHERE assignee IS NOT NULL GROUP BY assignee ORDER BY count(*) DESC LIMIT 1`,
  );
  const [{ phone }] = await db.query(`SELECT phone FROM leads WHERE phone IS NOT NULL ORDER BY received_at DESC LIMIT 1`);
  const [{ rare }] = await db.query(
    `SELECT company AS rare FROM leads WHERE company IS NOT NULL AND erased_at IS NULL ORDER BY received_at LIMIT 1 OFFSET 1000`,
  );
  const fragment = phone.replace(/\D/g, '').slice(-8, -4) + ' ' + phone.replace(/\D/g, '').slice(-4);
  head = `${n} leads; salesperson ${assignee}; rare word ${rare}; phone fragment ${fragment}`;
  console.log(`${head}\n`);
  console.log('| statement | p50 ms | p95 ms | rows |\n| --- | --- | --- | --- |');
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
  if (values.only !== 'search') {
    if (values.rebuild)
      await db.query(`TRUNCATE report_days, report_day_owners, report_day_sources, report_day_people, report_dirty`);
    const rolled = await rollUpAll();
    const [{ cells }] = await db.query(
      `SELECT (SELECT count(*) FROM report_days)::int || ' days, ' || (SELECT count(*) FROM report_day_owners)::int
              || ' + ' || (SELECT count(*) FROM report_day_sources)::int || ' + ' || (SELECT count(*) FROM report_day_people)::int
              || ' rows' AS cells`,
    );
    rollup = `Rolled up ${rolled.days} days in ${rolled.seconds.toFixed(1)} s before measuring (rollup: ${cells})`;
    console.log(`\n${rollup}\n`);
    const reports = new ReportRepository(db);
    const service = new ReportsService(reports, new ReportRollupRepository(db), new StaffRepository(db), CALENDAR, CONFIG);
    const to = zoneDay(new Date(), TIME_ZONE);
    const viewers = [
      ['admin', { login: 'admin', role: 'admin' }, {}],
      ['sales', { login: assignee, role: 'sales' }, {}],
      ['admin form=quote', { login: 'admin', role: 'admin' }, { form: 'quote' }],
      ['admin source=baidu', { login: 'admin', role: 'admin' }, { source: 'baidu' }],
    ];
    for (const days of [7, 30, 90, 365]) {
      const q = { from: addDays(to, 1 - days), to };
      for (const [who, viewer, filter] of viewers) {
        if (days !== 365 && who.includes('=')) continue;
        const query = { ...q, ...filter };
        const summary = await service.summary(query, viewer);
        const expected = await liveSummary(reports, query, viewer);
        if (!isDeepStrictEqual(summary, expected)) {
          mismatches.push(`${who} ${days} days`);
          console.error(`MISMATCH ${who} ${days} days:\n${JSON.stringify(summary)}\n${JSON.stringify(expected)}`);
        }
        await latency(`summary ${who}, ${days} days (${summary.leads} leads)`, async () => [
          await service.summary(query, viewer),
        ]);
      }
    }
    const year = { from: addDays(to, -364), to };
    await latency(`before the rollup: admin, 365 days, every lead read live`, async () => [
      await liveSummary(reports, year, { login: 'admin', role: 'admin' }),
    ]);
  }
  await pool.end();
  if (mismatches.length) throw new Error(`summaries differ from the live arithmetic: ${mismatches.join(', ')}`);
  if (!values['no-write']) writeSection();
}

/** RESULTS.md's staff-queries section: this run's command, data and table. */
function writeSection() {
  const file = path.join(__dirname, 'RESULTS.md');
  const shown = url.replace(/\/\/[^@/]*@/, '//postgres@');
  const body = `## Search and reports, statement time (\`node bench/staff-queries.js\`)

\`node bench/staff-queries.js --database-url ${shown} --requests ${requests}${values.only ? ` --only ${values.only}` : ''}${
    values.rebuild ? ' --rebuild' : ''
  }\`
after \`npm run build\` and \`npm run seed:demo -- --leads N\` on that database, ${new Date().toISOString().slice(0, 10)},
load average ${startLoad.toFixed(1)} at the start and ${os.loadavg()[0].toFixed(1)} at the end on ${os.cpus().length} cores
(shared). ${head}.
${rollup ? `${rollup}. ` : ''}Each summary was checked equal to the summary of every lead of its range read live.
${requests} sequential warm runs each, through the built repositories and services (no HTTP), the pool at 10 connections.

| statement | p50 ms | p95 ms | rows |
| --- | --- | --- | --- |
${lines.join('\n')}
`;
  fs.writeFileSync(file, withSection(fs.readFileSync(file, 'utf8'), 'staff-queries', body));
  console.log(`\nwrote the staff-queries section of ${path.relative(process.cwd(), file)}`);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
