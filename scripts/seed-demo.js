#!/usr/bin/env node
'use strict';
/**
 * `npm run seed:demo -- --leads N [--database-url URL]`: a realistic demo
 * dataset, years of it, for trying the board and measuring the app at size.
 *
 * Three years of leads (growing fourfold, mostly in office hours), with
 * sources and campaigns, Chinese names, companies and requirements; about a
 * fifth from returning customers, one contact (a reseller: +8613900000000,
 * qudao@lianchuang-demo.cn) with 50,000 leads (or a twentieth of N, if less);
 * owners from demo staff accounts (three of whom left); tasks mostly done,
 * ~2 % open, first touches and outcomes recorded, ~4 % re-routed once; their
 * history; a third of the leads through two demo forms; ~3 ledger rows per
 * lead, all sent (so a worker started on it sends no reminder for the past);
 * a few erasures.
 *
 * Applies the migrations first (the built ones: run `npm run build` once),
 * creating the database if missing. Refuses a database that already holds
 * leads unless --reset (which empties the lead tables first). Generated in
 * Postgres (INSERT ... SELECT generate_series), chunk by chunk, in one
 * transaction, with the tables' indexes and keys set aside during the load
 * and rebuilt after; 1,000,000 leads take a few minutes.
 *
 * Flags: --leads N (required; 0: schema and staff only), --database-url URL
 * (DATABASE_URL, else postgres://postgres@127.0.0.1:5432/leads), --big-contact N,
 * --returning-share F (0.22), --staff-password P (Demo-Pa55word: every demo
 * account's), --chunk N (100000), --reset.
 */
const path = require('node:path');
const fs = require('node:fs');
const { parseArgs } = require('node:util');
const { Client } = require('pg');
const { hashSync } = require('bcryptjs');
const words = require('./demo-data/word-lists');
const { staffRows, TEAM_CHANGE_DAYS_AGO, OLD_TEAM, NEW_TEAM, MANAGER_LOGINS } = require('./demo-data/demo-staff');
const sql = require('./demo-data/seed-statements');

const DIST = path.resolve(__dirname, '../dist/apps/worker/apps/worker/src/database');
/** The contact bench/data.js posts as the one with many leads. */
const BIG_CONTACT = { phone: '+8613900000000', national: '13900000000', email: 'qudao@lianchuang-demo.cn' };
const BIG_CONTACT_LEADS = 50_000;
/** Every demo account's password unless --staff-password (bench/data.js signs in as a salesperson with it). */
const DEMO_PASSWORD = 'Demo-Pa55word';
// The sales group's DingTalk robot, as destinationId() names it: any 12 hex digits do.
const ROBOT_DESTINATION = 'd3m0a1b2c3d4';
const MAIL_TO = 'service@youpower.com.cn';
const LEAD_TABLES = ['leads', 'follow_up_tasks', 'task_events', 'notifications', 'lead_forms'];

const log = (msg) => process.stderr.write(`[seed:demo] ${msg}\n`);

function options(argv) {
  const { values } = parseArgs({
    args: argv,
    options: {
      leads: { type: 'string' },
      'database-url': { type: 'string' },
      'big-contact': { type: 'string' },
      'returning-share': { type: 'string' },
      'staff-password': { type: 'string', default: DEMO_PASSWORD },
      chunk: { type: 'string', default: '100000' },
      reset: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help || values.leads === undefined) {
    const head = fs.readFileSync(__filename, 'utf8').split('*/')[0];
    console.log(head.replace(/^#!.*\n'use strict';\n\/\*\*\n/, '').replace(/^ \* ?/gm, ''));
    process.exit(values.help ? 0 : 2);
  }
  const count = (name, v, min = 0) => {
    const n = Number(v);
    if (!Number.isInteger(n) || n < min) throw new Error(`--${name} must be an integer >= ${min}, not ${v}`);
    return n;
  };
  const leads = count('leads', values.leads);
  const share = values['returning-share'] === undefined ? 0.22 : Number(values['returning-share']);
  if (!(share >= 0 && share < 1)) throw new Error('--returning-share must be a fraction from 0 to below 1');
  return {
    leads,
    databaseUrl: values['database-url'] || process.env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/leads',
    bigContact: Math.min(
      leads,
      values['big-contact'] === undefined
        ? Math.min(BIG_CONTACT_LEADS, Math.floor(leads / 20))
        : count('big-contact', values['big-contact']),
    ),
    returningShare: share,
    staffPassword: values['staff-password'],
    chunk: count('chunk', values.chunk, 1000),
    reset: values.reset,
  };
}

/** The schema, exactly as the worker makes it: the built migrations, under the worker's lock. */
async function migrate(databaseUrl) {
  if (!fs.existsSync(path.join(DIST, 'database.module.js'))) throw new Error('dist/ is missing: run `npm run build` first');
  require('reflect-metadata');
  const { DataSource } = require('typeorm');
  const { ensureDatabase, migrateWithLock } = require(path.join(DIST, 'database-bootstrap.js'));
  const { MIGRATIONS } = require(path.join(DIST, 'database.module.js'));
  if (await ensureDatabase(databaseUrl)) log('created the database');
  const ds = await new DataSource({ type: 'postgres', url: databaseUrl, migrations: MIGRATIONS, extra: { max: 1 } }).initialize();
  try {
    const applied = await migrateWithLock(ds, databaseUrl);
    if (applied.length) log(`applied migrations: ${applied.join(', ')}`);
  } finally {
    await ds.destroy();
  }
}

/**
 * What the load sets aside and puts back: the lead tables' indexes and the
 * constraints that own one (keys, unique) or need one (foreign keys), with
 * their definitions as the migrations made them. Rebuilt after the load,
 * each index is one sorted build instead of millions of inserts at random
 * places (uuid keys) in an index far larger than shared_buffers.
 */
async function setAside(db) {
  const tables = `(SELECT array_agg(oid) FROM pg_class WHERE relname = ANY($1) AND relnamespace = 'public'::regnamespace)`;
  const { rows: constraints } = await db.query(
    `SELECT conrelid::regclass::text AS tbl, conname AS name, pg_get_constraintdef(oid) AS def, contype
       FROM pg_constraint
      WHERE (contype IN ('p', 'u') AND conrelid = ANY(${tables}::oid[])) OR (contype = 'f' AND (conrelid = ANY(${tables}::oid[]) OR confrelid = ANY(${tables}::oid[])))
      ORDER BY contype = 'f' DESC, conname`,
    [LEAD_TABLES],
  );
  const { rows: indexes } = await db.query(
    `SELECT c.relname AS name, pg_get_indexdef(i.indexrelid) AS def
       FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
      WHERE i.indrelid = ANY(${tables}::oid[]) AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = i.indexrelid)
      ORDER BY c.relname`,
    [LEAD_TABLES],
  );
  for (const c of constraints) await db.query(`ALTER TABLE ${c.tbl} DROP CONSTRAINT "${c.name}"`);
  for (const i of indexes) await db.query(`DROP INDEX "${i.name}"`);
  // Keys and unique constraints before the foreign keys that need them.
  const restore = [
    ...indexes.map((i) => ({ name: i.name, sql: i.def })),
    ...constraints.reverse().map((c) => ({ name: c.name, sql: `ALTER TABLE ${c.tbl} ADD CONSTRAINT "${c.name}" ${c.def}` })),
  ];
  return restore;
}

/** Each source as often as its weight says, as `source|medium`. */
const weightedSources = () => words.SOURCES.flatMap(([source, medium, weight]) => Array(weight).fill(`${source}|${medium}`));

/** Outcomes of done tasks, each as often as its weight says. */
const weightedOutcomes = () =>
  Object.entries({ qualified: 40, unqualified: 25, invalid: 15, won: 12, spam: 8 }).flatMap(([o, weight]) =>
    Array(weight).fill(o),
  );

async function load(db, opt) {
  const started = Date.now();
  await db.query(`SET synchronous_commit = off`);
  await db.query(`SET maintenance_work_mem = '256MB'`);
  await db.query(`SELECT setseed(0.24)`);
  for (const statement of sql.SETUP) await db.query(statement);
  const w = words;
  const lists = {
    ...{ surnames: w.SURNAMES, given: w.GIVEN, pinyin: w.PINYIN, mail_domains: w.MAIL_DOMAINS, cities: w.CITIES },
    ...{ company_words: w.COMPANY_WORDS, industries: w.INDUSTRIES, company_forms: w.COMPANY_FORMS, openings: w.OPENINGS },
    ...{ plans: w.PLANS, products: w.PRODUCTS, sizes: w.SIZES, asks: w.ASKS, deadlines: w.DEADLINES, task_notes: w.TASK_NOTES },
    ...{ sources: weightedSources(), campaigns: w.CAMPAIGNS, pages: w.PAGES, user_agents: w.USER_AGENTS },
    ...{ mobile_prefixes: w.MOBILE_PREFIXES, old_team: OLD_TEAM, new_team: NEW_TEAM, outcomes: weightedOutcomes() },
  };
  const [plan, notifications, ...inserts] = [sql.PLAN_CHUNK, sql.INSERT_NOTIFICATIONS, ...sql.CHUNK_INSERTS].map((s) =>
    sql.withWords(s, lists),
  );
  const step = opt.bigContact > 0 ? Math.floor(opt.leads / opt.bigContact) : 0;
  const pool = Math.max(1, Math.ceil(opt.leads * 0.05));
  const managers = MANAGER_LOGINS.map((l) => `${l}@youpower.com.cn`).join(', ');

  await db.query('BEGIN');
  const restore = await setAside(db);
  for (let lo = 1; lo <= opt.leads; lo += opt.chunk) {
    const hi = Math.min(opt.leads, lo + opt.chunk - 1);
    await db.query(plan, [lo, hi, opt.leads, step, opt.returningShare, pool, new Date(started), TEAM_CHANGE_DAYS_AGO]);
    for (const statement of inserts) await db.query(statement);
    await db.query(notifications, [ROBOT_DESTINATION, MAIL_TO, managers]);
    await db.query(`DROP TABLE demo_chunk`);
    log(`${hi} of ${opt.leads} leads (${((Date.now() - started) / 1000).toFixed(0)} s)`);
  }
  for (const { name, sql: statement } of restore) {
    await db.query(statement);
    log(`${name} rebuilt (${((Date.now() - started) / 1000).toFixed(0)} s)`);
  }
  await db.query(`SELECT setval('assignment_turn', $1)`, [opt.leads]);
  await db.query('COMMIT');
  // Visibility map and statistics, as autovacuum would have them on a database this old.
  for (const table of [...LEAD_TABLES, 'erasures']) await db.query(`VACUUM (ANALYZE) ${table}`);
  log(`loaded in ${((Date.now() - started) / 1000).toFixed(0)} s`);
}

/** The whole seed, as the command line asks (`argv`: its flags); bench/data.js calls it too. */
async function seedDemo(argv) {
  const opt = options(argv);
  await migrate(opt.databaseUrl);
  const db = new Client({ connectionString: opt.databaseUrl });
  await db.connect();
  try {
    const { rows } = await db.query(`SELECT EXISTS (SELECT 1 FROM leads) AS any`);
    if (rows[0].any && !opt.reset) throw new Error('the database already holds leads: --reset replaces them (all of them)');
    if (opt.reset) await db.query(`TRUNCATE leads, erasures CASCADE`);
    const staff = staffRows(hashSync(opt.staffPassword, 10));
    await db.query(sql.STAFF, [JSON.stringify(staff), TEAM_CHANGE_DAYS_AGO]);
    for (const statement of sql.FORMS) await db.query(statement);
    if (opt.leads > 0) await load(db, opt);
    const counts = {};
    for (const table of LEAD_TABLES) counts[table] = Number((await db.query(`SELECT count(*) AS n FROM ${table}`)).rows[0].n);
    log(
      `rows: ${Object.entries(counts)
        .map(([t, n]) => `${t} ${n}`)
        .join(', ')}`,
    );
    log(`staff: ${staff.map((s) => s.login).join(', ')} (password: --staff-password, Demo-Pa55word by default)`);
    const big = opt.bigContact ? Math.floor(opt.leads / Math.floor(opt.leads / opt.bigContact)) : 0;
    if (big) log(`the big contact: ${BIG_CONTACT.phone} / ${BIG_CONTACT.email}, ${big} leads`);
  } finally {
    await db.end();
  }
}

if (require.main === module) {
  seedDemo(process.argv.slice(2)).catch((err) => {
    log(`failed: ${err.message}`);
    process.exit(1);
  });
}

module.exports = { BIG_CONTACT, DEMO_PASSWORD, ROBOT_DESTINATION, seedDemo };
