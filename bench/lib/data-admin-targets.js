'use strict';
/**
 * What bench/data.js asks the staff API on a seeded database: every staff
 * endpoint and page issue 24 holds to 200 ms p95: the lead page (a closed
 * lead of a returning customer, an open one, the big contact's newest, as
 * JSON and as the board's HTML page), every task filter, search, the
 * reports over 7/30/90/365 days, the spam tab, customers, audit, the board.
 * Search and reports as the admin and as a salesperson (the owner of the
 * big contact, so the one who sees the most); the search words come from
 * that salesperson's own leads, so both find something. Seeded leads only,
 * never the ones the benchmark posted.
 */
const { pgQuery } = require('./environment');
const checks = require('./data-target-checks');

const SEEDED = `coalesce(l.utm->>'utm_source', '') <> 'bench'`;
const REPORT_DAYS = [7, 30, 90, 365];
const COMMON_WORD = '变压器';
const DAY_MS = 86_400_000;

async function one(url, sql, params, what) {
  const { rows } = await pgQuery(url, sql, params);
  if (!rows.length) throw new Error(`the seeded database has no ${what}`);
  return rows[0];
}

/** The leads, people and words the requests name; `big`: seed-demo's BIG_CONTACT. */
async function pick(url, big) {
  const closed = await one(
    url,
    `SELECT l.id, l.phone FROM leads l JOIN follow_up_tasks t ON t.lead_id = l.id
      WHERE t.status = 'done' AND l.erased_at IS NULL AND ${SEEDED} AND l.phone <> $1
        AND EXISTS (SELECT 1 FROM leads e WHERE e.phone = l.phone AND e.received_at < l.received_at)
      ORDER BY l.received_at DESC LIMIT 1`,
    [big.phone],
    'closed lead of a returning customer',
  );
  const open = await one(
    url,
    `SELECT l.id FROM leads l JOIN follow_up_tasks t ON t.lead_id = l.id
      WHERE t.status = 'open' AND l.erased_at IS NULL AND ${SEEDED} AND t.due_at < now() - interval '30 days'
      ORDER BY t.due_at DESC LIMIT 1`,
    [],
    'open lead',
  );
  const bigLead = await one(
    url,
    `SELECT l.id, l.received_at, t.assignee FROM leads l LEFT JOIN follow_up_tasks t ON t.lead_id = l.id
      WHERE l.phone = $1 AND ${SEEDED} ORDER BY l.received_at DESC LIMIT 1`,
    [big.phone],
    'lead of the big contact',
  );
  // The big contact's owner if they can sign in (they see the most leads), else the first salesperson.
  const { login: sales } = await one(
    url,
    `SELECT login FROM staff WHERE role = 'sales' AND active ORDER BY login = $1 DESC, login LIMIT 1`,
    [bigLead.assignee ?? ''],
    'active salesperson',
  );
  // One of the salesperson's leads, a little back from the newest: its company and phone are the rare words.
  // The demo's numbers are a prefix and a zero-padded contact number (139 0000 9428): the fragment is the
  // last eight digits, as a caller reads them out (0000 9428), zeros and all.
  const theirs = await one(
    url,
    `SELECT l.company, l.phone FROM follow_up_tasks t JOIN leads l ON l.id = t.lead_id
      WHERE t.status = 'done' AND t.assignee = $1 AND l.erased_at IS NULL AND l.company IS NOT NULL
        AND l.phone LIKE '+86%' AND l.phone <> $2 AND ${SEEDED}
      ORDER BY t.due_at DESC OFFSET 100 LIMIT 1`,
    [sales, big.phone],
    `done lead of ${sales} with a company and a phone`,
  );
  const national = theirs.phone.replace(/\D/g, '').slice(-11);
  const { slug: form } = await one(
    url,
    `SELECT f.slug FROM forms f
      ORDER BY EXISTS (SELECT 1 FROM lead_forms lf WHERE lf.form_slug = f.slug) DESC, f.slug = 'default', f.slug LIMIT 1`,
    [],
    'form',
  );
  const newest = await one(
    url,
    `SELECT to_char(l.received_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD') AS day FROM leads l
      WHERE ${SEEDED} ORDER BY l.received_at DESC LIMIT 1`,
    [],
    'seeded lead',
  );
  return {
    ...{ closed: closed.id, closedPhone: closed.phone, open: open.id, big: bigLead.id, sales, form },
    rareCompany: theirs.company,
    phoneFragment: `${national.slice(3, 7)} ${national.slice(7, 11)}`,
    email: big.email,
    bigPhone: big.phone,
    lastDay: newest.day,
  };
}

/** `days` days back to `to` (both included), as the reports' from/to. */
function range(to, days) {
  const from = new Date(Date.parse(`${to}T00:00:00Z`) - (days - 1) * DAY_MS).toISOString().slice(0, 10);
  return `from=${from}&to=${to}`;
}

const q = encodeURIComponent;

/**
 * The requests: `route` names the endpoint in the growth table (the same at
 * every size), `path` is the request, `as` who asks ('admin' or 'sales'),
 * `html` a page, `check` (body, query) and `probe` ({ path, check }) what
 * the answer must show for the row to count (lib/data-target-checks.js).
 */
function staffTargets(p) {
  const searches = [
    [`common word ${COMMON_WORD}`, COMMON_WORD],
    ['a full company name', p.rareCompany],
    ['phone fragment (4 + 4 digits)', p.phoneFragment],
    ['email (the big contact)', p.email],
  ];
  const tasks = (label, query, extra = {}) => ({
    label,
    route: `/admin/tasks?${query}`,
    path: `/admin/tasks?${query}`,
    ...extra,
  });
  return [
    { label: 'lead page, closed lead (returning customer)', route: '/admin/leads/:id', path: `/admin/leads/${p.closed}` },
    { label: 'lead page, open lead', route: '/admin/leads/:id', path: `/admin/leads/${p.open}` },
    { label: 'lead page, the big contact', route: '/admin/leads/:id', path: `/admin/leads/${p.big}` },
    { label: 'lead page, the big contact, as sales', route: '/admin/leads/:id', path: `/admin/leads/${p.big}`, as: 'sales' },
    { label: 'lead page HTML, closed lead', route: '/admin/board/leads/:id', path: `/admin/board/leads/${p.closed}`, html: true },
    tasks('open tasks', 'status=open'),
    tasks('done tasks (first page)', 'status=done'),
    tasks('open and overdue', 'status=open&overdue=true'),
    tasks('overdue (board tab)', 'overdue=true'),
    tasks('owner', `assignee=${q(p.sales)}`, { check: checks.ownedBy(p.sales), route: '/admin/tasks?assignee=<login>' }),
    tasks('owner, as sales (board tab "mine")', `assignee=${q(p.sales)}`, {
      as: 'sales',
      check: checks.ownedBy(p.sales),
      route: '/admin/tasks?assignee=<login>',
    }),
    tasks('due today', 'dueToday=true', { check: checks.dueToday }),
    tasks('form', `form=${q(p.form)}`, {
      route: '/admin/tasks?form=<slug>',
      check: checks.ofForm(p.form),
      probe: { path: '/admin/tasks?form=bench-no-such-form', check: checks.nothingListed('form') },
    }),
    tasks('done today', 'doneToday=true'),
    tasks('unassigned', 'unassigned=true'),
    ...['admin', 'sales'].flatMap((as) =>
      searches.map(([label, words]) => ({
        label: `search ${label}${as === 'sales' ? ', as sales' : ''}`,
        route: '/admin/search?q=',
        path: `/admin/search?q=${q(words)}`,
        as,
        check: checks.found(as === 'sales' ? p.sales : null),
      })),
    ),
    ...['admin', 'sales'].flatMap((as) =>
      REPORT_DAYS.map((days) => ({
        label: `report, ${days} days${as === 'sales' ? ', as sales' : ''}`,
        route: '/admin/reports/summary',
        path: `/admin/reports/summary?${range(p.lastDay, days)}`,
        as,
      })),
    ),
    { label: 'spam tab', route: '/admin/spam', path: '/admin/spam' },
    {
      label: 'customer by phone, the big contact',
      route: '/admin/customers?phone=',
      path: `/admin/customers?phone=${q(p.bigPhone)}`,
    },
    {
      label: 'customer by phone, returning',
      route: '/admin/customers?phone=',
      path: `/admin/customers?phone=${q(p.closedPhone)}`,
    },
    { label: 'audit log', route: '/admin/audit', path: '/admin/audit' },
    { label: 'board page HTML', route: '/admin', path: '/admin', html: true },
    { label: 'reports page HTML', route: '/admin/reports', path: '/admin/reports', html: true },
  ];
}

/** The picks (for the report) and the requests of one seeded database. */
async function adminTargets(url, big) {
  const picks = await pick(url, big);
  return { picks, targets: staffTargets(picks) };
}

module.exports = { adminTargets };
