'use strict';
/**
 * bench/data.js's report: the growth curve (one column per seeded size:
 * storing rates against the empty database of the same rounds, and every
 * staff request's p50 / p95) and issue 24's targets at the largest size, as
 * text for the console and as RESULTS.md's `data` section.
 */
const DATA_SECTION = 'data';
const ADMIN_P95_TARGET_MS = 200;

const fmt = (x, digits = 0) => (Number.isFinite(x) ? x.toFixed(digits) : 'n/a');
const count = (n) => n.toLocaleString('en-US');
const median = (xs) => {
  const s = xs.filter(Number.isFinite).sort((a, b) => a - b);
  if (!s.length) return NaN;
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const met = (ok) => (ok ? 'yes' : 'NO');
const table = (header, rows) =>
  [`| ${header.join(' | ')} |`, `| ${header.map(() => '---').join(' | ')} |`, ...rows.map((r) => `| ${r.join(' | ')} |`)].join(
    '\n',
  );
const shown = (path) => {
  try {
    return decodeURIComponent(path);
  } catch {
    return path;
  }
};

/** Medians of one size's rounds: rates and Postgres ms per call, seeded and empty, new contacts and one contact. */
function storing(run) {
  const of = (side, kind, key) => median(run[side][kind].map((r) => r[key]));
  const m = {};
  for (const side of ['seeded', 'empty'])
    for (const kind of ['new', 'one']) m[`${side}.${kind}`] = { rate: of(side, kind, 'rate'), ms: of(side, kind, 'callMs') };
  return m;
}

const versus = (seeded, empty, digits = 0) => `${fmt(seeded, digits)} / ${fmt(empty, digits)} (${fmt(seeded / empty, 2)})`;
const staffCell = (r) =>
  [Number.isFinite(r.p95) ? `${fmt(r.p50, 1)} / ${fmt(r.p95, 1)}` : '', r.problem ? `**${r.problem}**` : '']
    .filter(Boolean)
    .join(' ');

function growthTable(opt, runs) {
  const ms = runs.map(storing);
  const row = (label, cell) => [label, ...runs.map((run, i) => cell(run, ms[i]))];
  const rows = [
    row('leads in the database (tasks open or in progress)', (run) => `${count(run.leads)} (${count(run.activeTasks)})`),
    row("the big contact's leads", (run) => count(run.bigContactLeads)),
    row(`${opt.batch} leads from new contacts: stored/s, seeded / empty (ratio)`, (_, m) =>
      versus(m['seeded.new'].rate, m['empty.new'].rate),
    ),
    row(`${opt.batch} leads from one contact: stored/s, seeded / empty (ratio)`, (_, m) =>
      versus(m['seeded.one'].rate, m['empty.one'].rate),
    ),
    row("the big contact's batch: time / a new-contacts batch's", (_, m) => fmt(m['seeded.new'].rate / m['seeded.one'].rate, 2)),
    row('Postgres ms per store_new_lead() call, new contacts: seeded / empty (ratio)', (_, m) =>
      versus(m['seeded.new'].ms, m['empty.new'].ms, 2),
    ),
    row('Postgres ms per store_new_lead() call, one contact: seeded / empty (ratio)', (_, m) =>
      versus(m['seeded.one'].ms, m['empty.one'].ms, 2),
    ),
    row('each round, new contacts: seeded stored/s', (run) => run.seeded.new.map((r) => fmt(r.rate)).join(', ')),
    row('each round, one contact: seeded stored/s', (run) => run.seeded.one.map((r) => fmt(r.rate)).join(', ')),
    ...runs[0].staff.map((t, i) =>
      row(`${t.label}: \`GET ${t.route}\`, p50 / p95 ms`, (run) => (run.staff[i] ? staffCell(run.staff[i]) : '')),
    ),
  ];
  return table(['measure', ...runs.map((run) => `${count(run.size)} leads`)], rows);
}

function targetsTable(opt, run) {
  const m = storing(run);
  const ratio = m['seeded.new'].rate / m['empty.new'].rate;
  const timeRatio = m['seeded.new'].rate / m['seeded.one'].rate;
  const rows = [
    [`new contacts at ${count(run.leads)} leads >= 0.8 x empty database`, '', `${fmt(ratio, 2)} x`, met(ratio >= 0.8)],
    [
      `the ${count(run.bigContactLeads)}-lead contact takes <= 1.5 x the time of new contacts`,
      '',
      `${fmt(timeRatio, 2)} x the time`,
      met(timeRatio <= 1.5),
    ],
    ...run.staff.map((t) => [
      `${t.label}: p95 <= ${ADMIN_P95_TARGET_MS} ms`,
      `\`GET ${shown(t.path)}\`${t.as === 'sales' ? ' as sales' : ''}`,
      [Number.isFinite(t.p95) ? `${fmt(t.p95, 1)} ms` : '', t.problem || ''].filter(Boolean).join('; '),
      t.problem ? 'NO (failed)' : met(t.p95 <= ADMIN_P95_TARGET_MS),
    ]),
  ];
  return table(['target', 'request', 'measured', 'met'], rows);
}

/** The one-line verdict on the staff requests at the largest size. */
function staffVerdict(run) {
  const failed = run.staff.filter((t) => t.problem);
  const slow = run.staff.filter((t) => !t.problem && !(t.p95 <= ADMIN_P95_TARGET_MS));
  const under = run.staff.length - failed.length - slow.length;
  const parts = [
    `${under} of ${run.staff.length} staff requests under ${ADMIN_P95_TARGET_MS} ms p95 at ${count(run.leads)} leads`,
  ];
  if (slow.length) parts.push(`over: ${slow.map((t) => t.label).join(', ')}`);
  if (failed.length) parts.push(`failed: ${failed.map((t) => `${t.label} (${t.problem})`).join(', ')}`);
  return `${parts.join('; ')}.`;
}

/** The markdown section (without its markers) and the console text. */
function dataReport(opt, env, runs) {
  const largest = runs.at(-1);
  const growth = growthTable(opt, runs);
  const targets = targetsTable(opt, largest);
  const verdict = staffVerdict(largest);
  const p = largest.picks;
  const sizes = runs.map((r) => r.size).join(',');
  const markdown = `## Years of data (\`npm run bench:data\`)

The worker storing leads and the staff API answering on databases of ${runs.map((r) => count(r.size)).join(', ')} demo leads
(\`npm run seed:demo\`: three years, ~20 % from returning customers, one contact with a twentieth of the leads up to
50,000, ~3 ledger rows and ~2.5 history rows per lead), each against one empty database (migrations and the same staff
only) in the same run, rounds interleaved. Reproduce with \`npm run bench:data -- --sizes ${sizes}\` (which builds first;
\`--reuse\` keeps the seeded databases for the next run, \`--database-url-<size>\` names one).

- Storing: batches of ${opt.batch} leads posted through each side's gateway (defences off, ${opt.concurrency} at a time) to its running
  worker (\`ASSIGNMENT=round-robin\`, \`RETURNING_CUSTOMER_DAYS=730\`, ${opt.rounds} round(s) per kind after a warm-up batch, at each
  size). Rate = leads stored per second from the first row's \`created_at\` to the last's, so the posting is left out.
  "One contact": every lead of the batch from the same phone and email: on the seeded side the big contact, on the
  empty side a new one per batch. The intake queue is paused while a batch is posted. Both databases are vacuumed and
  analyzed before each round, and the seeded one before the staff requests, as autovacuum keeps a live database
  (it may be off, as on the shared test server). Postgres ms per call: the time inside \`store_new_lead()\`
  (\`pg_stat_user_functions\`), the part the database's size can change.
- Staff: ${opt.requests} sequential requests each (after one that warms up and checks the answer: a filter the API ignores, or
  a search that finds nothing, fails the row) with HTTP Basic as the admin or as the salesperson \`${p.sales}\` (the
  big contact's owner); p95 is nearest-rank (of ${opt.requests}: the slowest). Search words at the largest size: ${[
    '变压器',
    p.rareCompany,
    p.phoneFragment,
    p.email,
  ]
    .map((w) => `\`${w}\``)
    .join(', ')}; reports end on ${p.lastDay}, the newest seeded day; form \`${p.form}\`.
- Machine: ${env.cpu}, ${env.cores} cores, ${env.memory}; Postgres ${env.postgres} (\`shared_buffers\` ${env.sharedBuffers});
  ${env.node}; commit ${env.commit}; load average ${env.load} before, ${env.loadEnd} after${env.busy ? ' (other work shared the CPUs: the figures are noisy)' : ''}.

${growth}

Targets at ${count(largest.leads)} leads. ${verdict}

${targets}
`;
  return { markdown, console: [growth, verdict, targets].join('\n\n') };
}

module.exports = { DATA_SECTION, dataReport };
