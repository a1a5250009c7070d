'use strict';
/** What bench/retention-locks.js reads from the seeded database before it starts anything. */
const { pgQuery } = require('./environment');

const DAY_MS = 86_400_000;
// scripts/seed-demo.js's BIG_CONTACT.
const BIG_CONTACT_PHONE = '+8613900000000';

/** The whole days of retention that put at least `n` leads still holding data past the horizon. */
async function retentionDays(databaseUrl, n) {
  const { rows } = await pgQuery(
    databaseUrl,
    `SELECT extract(epoch FROM now() - received_at) * 1000 AS age_ms FROM leads
      WHERE erased_at IS NULL ORDER BY received_at, id OFFSET $1 - 1 LIMIT 1`,
    [n],
  );
  if (!rows.length) throw new Error(`fewer than ${n} leads hold data: seed a bigger database`);
  const days = Math.floor(Number(rows[0].age_ms) / DAY_MS);
  if (days < 1) throw new Error(`the ${n}th oldest lead is less than a day old`);
  return days;
}

const expiredCount = async (databaseUrl, days) =>
  (
    await pgQuery(
      databaseUrl,
      `SELECT count(*)::int AS n FROM leads WHERE erased_at IS NULL AND received_at < now() - $1 * interval '1 day'`,
      [days],
    )
  ).rows[0].n;

/** A recent lead of the big contact (the seed's) and an ordinary recent one, both still holding data. */
async function erasureTargets(databaseUrl) {
  const one = async (sql, params) => (await pgQuery(databaseUrl, sql, params)).rows[0] ?? null;
  const big = await one(
    `SELECT id, (SELECT count(*)::int FROM leads WHERE phone = $1) AS contact_leads FROM leads
      WHERE phone = $1 AND erased_at IS NULL ORDER BY received_at DESC LIMIT 1`,
    [BIG_CONTACT_PHONE],
  );
  const ordinary = await one(
    `SELECT l.id, (SELECT count(*)::int FROM notifications n WHERE n.lead_id = l.id) AS ledger_rows FROM leads l
      WHERE l.erased_at IS NULL AND l.phone IS DISTINCT FROM $1 AND l.received_at < now() - interval '1 day'
      ORDER BY l.received_at DESC LIMIT 1`,
    [BIG_CONTACT_PHONE],
  );
  return { big, ordinary };
}

module.exports = { erasureTargets, expiredCount, retentionDays };
