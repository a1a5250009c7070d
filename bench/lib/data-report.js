'use strict';
/**
 * bench/data.js's report: storing rates on an empty and a seeded database
 * against the targets of issue 24, and the admin pages' latency, as text
 * for the console and as RESULTS.md's `data` section.
 */
const DATA_SECTION = 'data';
const ADMIN_P95_TARGET_MS = 200;

const fmt = (x, digits = 0) => (Number.isFinite(x) ? x.toFixed(digits) : 'n/a');
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

function storingTable(opt, empty, seeded) {
  const rate = (side, kind) => median(side.results[kind].map((r) => r.rate));
  const callMs = (side, kind) => median(side.results[kind].map((r) => r.callMs));
  const [en, eo, sn, so] = [rate(empty, 'new'), rate(empty, 'one'), rate(seeded, 'new'), rate(seeded, 'one')];
  const each = (side, kind) => side.results[kind].map((r) => fmt(r.rate)).join(', ');
  const size = seeded.leads.toLocaleString('en-US');
  const rows = [
    [`${opt.batch} leads from new contacts: stored/s (median)`, fmt(en), fmt(sn), fmt(sn / en, 2)],
    [`${opt.batch} leads from one contact: stored/s (median)`, fmt(eo), fmt(so), fmt(so / eo, 2)],
    ['one contact / new contacts', fmt(eo / en, 2), fmt(so / sn, 2), ''],
    ...['new', 'one'].map((kind) => [
      `Postgres ms per store_new_lead() call, ${kind === 'new' ? 'new contacts' : 'one contact'} (median)`,
      fmt(callMs(empty, kind), 2),
      fmt(callMs(seeded, kind), 2),
      fmt(callMs(seeded, kind) / callMs(empty, kind), 2),
    ]),
    ['each round, new contacts', each(empty, 'new'), each(seeded, 'new'), ''],
    ['each round, one contact', each(empty, 'one'), each(seeded, 'one'), ''],
  ];
  const targets = [
    [`new contacts at ${size} leads >= 0.8 x empty database`, `${fmt(sn / en, 2)} x`, met(sn / en >= 0.8)],
    [
      `the ${seeded.bigContactLeads.toLocaleString('en-US')}-lead contact takes <= 1.5 x the time of new contacts (rate >= 0.67 x)`,
      `${fmt(sn / so, 2)} x the time`,
      met(sn / so <= 1.5),
    ],
  ];
  return {
    storing: table(['measure', 'empty database', `${size} leads`, `${size} / empty`], rows),
    targets,
  };
}

function adminTable(admin) {
  const rows = admin.map((a) => [`\`GET ${a.path}\` (${a.label})`, fmt(a.p50, 1), fmt(a.p95, 1)]);
  const targets = admin.map((a) => [
    `${a.label}: p95 <= ${ADMIN_P95_TARGET_MS} ms`,
    `${fmt(a.p95, 1)} ms`,
    met(a.p95 <= ADMIN_P95_TARGET_MS),
  ]);
  return { admin: table(['request', 'p50 ms', 'p95 ms'], rows), targets };
}

/** The markdown section (without its markers) and the console text. */
function dataReport(opt, env, empty, seeded, admin) {
  const s = storingTable(opt, empty, seeded);
  const a = adminTable(admin);
  const targets = table(['target', 'measured', 'met'], [...s.targets, ...a.targets]);
  const size = seeded.leads.toLocaleString('en-US');
  const markdown = `## Years of data (\`npm run bench:data\`)

The worker storing leads and the staff API answering on a database of ${size} demo leads (\`npm run seed:demo\`:
three years, ~20 % from returning customers, one contact with ${seeded.bigContactLeads.toLocaleString('en-US')} leads, ~3 ledger rows and ~2.5
history rows per lead) against an empty one (migrations and the same staff only), same run, rounds interleaved.
Reproduce with \`npm run bench:data -- --leads ${seeded.leads}\` (which builds first; \`--database-url\` reuses a seeded database).

- Storing: batches of ${opt.batch} leads posted through each side's gateway (defences off, ${opt.concurrency} at a time) to its
  running worker (\`ASSIGNMENT=round-robin\`, \`RETURNING_CUSTOMER_DAYS=730\`, ${opt.rounds} round(s) per kind after a warm-up
  batch). Rate = leads stored per second from the first row's \`created_at\` to the last's (set when the store
  statement runs), so the posting is left out. "One contact": every lead of the batch from the same phone and
  email: on the seeded side the ${seeded.bigContactLeads.toLocaleString('en-US')}-lead contact, on the empty side a new one per batch.
  The intake queue is paused while a batch is posted, so the worker finds it all waiting. Postgres ms per call: the
  time spent inside \`store_new_lead()\` (\`pg_stat_user_functions\`, \`track_functions=pl\` in the worker's sessions),
  the part the database's size can change, and steadier than the rates when other work shares the machine.
- Admin: ${opt.requests} sequential requests each (after one warm-up) with HTTP Basic as the admin, on the seeded side;
  p95 is nearest-rank (of ${opt.requests}: the slowest).
- Machine: ${env.cpu}, ${env.cores} cores, ${env.memory}; Postgres ${env.postgres} (\`shared_buffers\` ${env.sharedBuffers});
  ${env.node}; commit ${env.commit}; load average ${env.load} before, ${env.loadEnd} after${env.busy ? ' (other work shared the CPUs: the figures are noisy)' : ''}.

${s.storing}

${a.admin}

${targets}
`;
  const consoleText = [s.storing, a.admin, targets].join('\n\n');
  return { markdown, console: consoleText };
}

module.exports = { DATA_SECTION, dataReport };
