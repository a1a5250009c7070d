'use strict';
/**
 * What bench/data.js asks the staff API on the seeded database: the lead
 * page of a closed lead (a returning customer's, so its page lists earlier
 * leads), of an open one, and of the big contact's newest lead (50,000
 * earlier ones to choose the page's 50 from), the task filters of
 * DESIGN.md and the board's other tabs. Seeded leads only, never the ones the benchmark posted.
 */
const { pgQuery } = require('./environment');

const SEEDED = `coalesce(l.utm->>'utm_source', '') <> 'bench'`;

async function oneId(url, sql, params, what) {
  const { rows } = await pgQuery(url, sql, params);
  if (!rows.length) throw new Error(`the seeded database has no ${what}`);
  return rows[0].id;
}

async function adminTargets(url, bigContactPhone) {
  const closed = await oneId(
    url,
    `SELECT l.id FROM leads l JOIN follow_up_tasks t ON t.lead_id = l.id
      WHERE t.status = 'done' AND l.erased_at IS NULL AND ${SEEDED} AND l.phone <> $1
        AND EXISTS (SELECT 1 FROM leads e WHERE e.phone = l.phone AND e.received_at < l.received_at)
      ORDER BY l.received_at DESC LIMIT 1`,
    [bigContactPhone],
    'closed lead of a returning customer',
  );
  const open = await oneId(
    url,
    `SELECT l.id FROM leads l JOIN follow_up_tasks t ON t.lead_id = l.id
      WHERE t.status = 'open' AND l.erased_at IS NULL AND ${SEEDED} AND t.due_at < now() - interval '30 days'
      ORDER BY t.due_at DESC LIMIT 1`,
    [],
    'open lead',
  );
  const big = await oneId(
    url,
    `SELECT l.id FROM leads l WHERE l.phone = $1 AND ${SEEDED} ORDER BY l.received_at DESC LIMIT 1`,
    [bigContactPhone],
    'lead of the big contact',
  );
  return [
    { label: 'lead page, closed lead', path: `/admin/leads/${closed}` },
    { label: 'lead page, open lead', path: `/admin/leads/${open}` },
    { label: 'lead page, the big contact', path: `/admin/leads/${big}` },
    { label: 'open and overdue tasks', path: '/admin/tasks?status=open&overdue=true' },
    { label: 'done tasks', path: '/admin/tasks?status=done' },
    { label: 'open tasks', path: '/admin/tasks?status=open' },
    // The board's other tabs.
    { label: 'done today', path: '/admin/tasks?doneToday=true' },
    { label: 'unassigned tasks', path: '/admin/tasks?unassigned=true' },
  ];
}

module.exports = { adminTargets };
