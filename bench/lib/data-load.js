'use strict';
/**
 * bench/data.js's load: batches of leads posted through a gateway (from new
 * contacts, or all from one contact), the time the worker took to store
 * them (read from the rows: `created_at` is set when the store statement
 * runs).
 */
const { Client } = require('pg');
const { Queue } = require('bullmq');
const { sleep } = require('../../test/support/wait');

const CONCURRENCY = 20;
const STORE_TIMEOUT_MS = 180_000;
const REQUIREMENT = '我们计划为两个厂区部署工商业储能,希望了解方案、报价和交付周期。';

let contactCounter = 0;
/** A mobile number no demo contact has (seed-demo leaves the 199 prefix out), unique in this process. */
const newPhone = (runTag) => `199${String((runTag * 1_000_000 + ++contactCounter) % 1e8).padStart(8, '0')}`;

/** `count` leads: each from a contact of its own, or all from `contact` ({ phone, email }). */
function batch(count, tag, runTag, contact = null) {
  return Array.from({ length: count }, (_, i) => ({
    name: contact ? '刘建华' : `新客户${i}`,
    phone: contact ? contact.phone : newPhone(runTag),
    email: contact ? contact.email : `new.${tag}.${i}@bench.example.com`,
    company: contact ? '深圳市联创储能渠道服务有限公司' : `苏州新客户${i}科技有限公司`,
    requirement: `${REQUIREMENT}(${tag}-${i})`,
    consent: true,
    utm_source: 'bench',
    utm_campaign: tag,
  }));
}

/** A contact of its own for one batch (the empty database's "one contact"). */
const freshContact = (tag, runTag) => ({ phone: newPhone(runTag), email: `one.${tag}@bench.example.com` });

/** Posts the leads, CONCURRENCY at a time; resolves with their ids. */
async function post(gatewayUrl, leads) {
  const ids = [];
  let next = 0;
  const lane = async () => {
    while (next < leads.length) {
      const lead = leads[next++];
      const res = await fetch(`${gatewayUrl}/api/leads`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json' },
        body: JSON.stringify(lead),
      });
      const body = await res.json();
      if (res.status !== 202) throw new Error(`gateway answered ${res.status}: ${JSON.stringify(body)}`);
      ids.push(body.id);
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, lane));
  return ids;
}

/** Calls of store_new_lead() so far and the time spent in them (track_functions is on in the worker's sessions). */
async function storeCalls(db) {
  const { rows } = await db.query(
    `SELECT coalesce(sum(calls), 0)::int AS calls, coalesce(sum(total_time), 0)::float8 AS ms
       FROM pg_stat_user_functions WHERE funcname = 'store_new_lead'`,
  );
  return rows[0];
}

/**
 * Posts a batch with the intake queue paused, so the worker finds the whole
 * batch waiting (as after a burst), resumes it, and waits until every lead is
 * in `leads`. `rate`: leads stored per second from the first row to the last
 * (n - 1 intervals); `seconds`: from the resume to the last row; `callMs`:
 * Postgres's time per store_new_lead() call (what the database's size could
 * change; it steadies the figures on a busy machine).
 */
async function storeBatch(side, leads) {
  const db = new Client({ connectionString: side.databaseUrl });
  await db.connect();
  try {
    await side.intake.pause();
    const ids = await post(side.gatewayUrl, leads);
    const before = await storeCalls(db);
    const t0 = Date.now();
    await side.intake.resume();
    for (;;) {
      const { rows } = await db.query(
        `SELECT count(*)::int AS n, extract(epoch FROM max(created_at) - min(created_at)) AS span, max(created_at) AS last
           FROM leads WHERE id = ANY($1::uuid[])`,
        [ids],
      );
      const { n, span, last } = rows[0];
      if (n === ids.length) {
        const result = { stored: n, rate: (n - 1) / Number(span), seconds: (last.getTime() - t0) / 1000 };
        return { ...result, callMs: await callTime(db, before, n) };
      }
      if (Date.now() - t0 > STORE_TIMEOUT_MS)
        throw new Error(`only ${n} of ${ids.length} leads stored after ${STORE_TIMEOUT_MS} ms`);
      await sleep(50);
    }
  } finally {
    await db.end();
  }
}

/** Mean ms per call since `before`, once the sessions have reported `n` more calls (they do within a second or so of idling). */
async function callTime(db, before, n) {
  const deadline = Date.now() + 10_000;
  for (;;) {
    await db.query('SELECT pg_stat_clear_snapshot()');
    const now = await storeCalls(db);
    if (now.calls - before.calls >= n) return (now.ms - before.ms) / (now.calls - before.calls);
    if (Date.now() > deadline) return NaN;
    await sleep(250);
  }
}

/**
 * The lead tables vacuumed and analyzed, as autovacuum keeps them on a live
 * database. Autovacuum may be off (it is on the shared test server): then
 * the empty side's tables, never analyzed, look empty to the planner while
 * they fill, and store_new_lead()'s lookups become scans that grow with
 * every batch (15 to 56 ms a call at ~3,000 leads, against 6 to 9 ms on the
 * seeded side): the comparison would flatter the seeded side.
 */
async function settle(side) {
  const db = new Client({ connectionString: side.databaseUrl });
  await db.connect();
  try {
    await db.query('VACUUM (ANALYZE) leads, follow_up_tasks, task_events, notifications');
  } finally {
    await db.end();
  }
}

// Closed days without a rollup row: the day before yesterday and older (the
// job builds a day an hour after it ends; the last day or two are read live).
const MISSING_DAYS_SQL = `
SELECT count(*)::int AS missing FROM generate_series(
         (SELECT min(received_at) AT TIME ZONE 'Asia/Shanghai' FROM leads)::date,
         (now() AT TIME ZONE 'Asia/Shanghai')::date - 2, interval '1 day') g
 WHERE NOT EXISTS (SELECT 1 FROM report_days r WHERE r.day = g::date)`;

/**
 * Waits until the side's worker has rolled up every closed day, as it does
 * on its own a batch a minute after it first starts on a seeded database:
 * the reports a user opens on a running system read the rollup, so the
 * staff requests are timed once it is there (at most `limitMs`).
 */
async function rolledUp(side, log, limitMs = 20 * 60_000) {
  const db = new Client({ connectionString: side.databaseUrl });
  await db.connect();
  // The job's schedule builds at most 100 days a minute; asking for a run every few seconds builds a seeded
  // database's three years in about the time they take, as a long-running worker would have long ago.
  const maintenance = new Queue('maintenance', { connection: side.intakeRedis, prefix: side.prefix });
  const started = Date.now();
  try {
    for (;;) {
      const [{ missing }] = (await db.query(MISSING_DAYS_SQL)).rows;
      if (missing === 0) break;
      if ((await maintenance.getJobCounts('waiting', 'active')).waiting === 0)
        await maintenance.add('maintenance.report-rollup', {}, { removeOnComplete: true, removeOnFail: true });
      if (Date.now() - started > limitMs) {
        log(`the rollup still misses ${missing} closed days after ${limitMs / 60_000} min: reports read them live`);
        break;
      }
      await sleep(3000);
    }
  } finally {
    await maintenance.close();
    await db.end();
  }
  log(`rollup built (waited ${((Date.now() - started) / 1000).toFixed(0)} s)`);
}

module.exports = { batch, freshContact, rolledUp, settle, storeBatch };
