'use strict';
/** bench/retention-locks.js's section of bench/RESULTS.md, from one run's figures. */

const PHASES = ['before', 'staff erasure', 'queued', 'purge', 'after'];
const ms = (v) => (Number.isFinite(v) ? `${v < 10 ? v.toFixed(1) : Math.round(v)} ms` : '-');
const int = (v) => Math.round(v).toLocaleString('en-US');
const code = (q) => `\`${String(q).replace(/`/g, "'").slice(0, 120)}\``;

function locksTable(locks) {
  const row = (phase, who, l, extra) =>
    `| ${phase} | ${who} | ${l.holders} | ${l.xacts} | ${ms(l.max)} | ${ms(l.p99)} | ${l.overSamples} | ${l.overXacts} |${extra}`;
  const rows = PHASES.filter((p) => locks[p]).flatMap((p) => {
    const l = locks[p];
    return [
      row(p, `all (${l.samples} samples)`, l.all, ` ${l.waits} | ${ms(l.maxWait)} |`),
      ...l.kinds.map((k) => row('', k.kind, k, ' | |')),
    ];
  });
  const worst = PHASES.filter((p) => locks[p]?.worst.length).flatMap((p) =>
    locks[p].worst.map(
      (w) =>
        `- ${p}, ${w.kind}: ${ms(w.ms)}, ${w.modes.join('+')}${w.readOnly ? ' (reads only)' : ''}, ${w.state} (seen: ${[...w.events].join(', ')}): ${code(w.query)}`,
    ),
  );
  const waits = PHASES.filter((p) => locks[p]?.worstWaits.length).flatMap((p) =>
    locks[p].worstWaits.map((w) => `- ${p}, ${w.kind}: waited ${ms(w.ms)} for ${w.mode} (${w.locktype}): ${code(w.query)}`),
  );
  return [
    '| phase | transactions | seen | distinct | oldest | p99 | samples with one > 100 ms | transactions > 100 ms | lock waits seen | longest wait |',
    '| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |',
    ...rows,
    '',
    worst.length
      ? `Transactions seen holding a lock on \`leads\` past 100 ms (per phase, oldest first; \`seen\`: their wait events, \`running\` for none):\n\n${worst.join('\n')}`
      : 'No transaction was seen holding a lock on `leads` past 100 ms.',
    ...(waits.length ? ['', `Lock waits seen:\n\n${waits.join('\n')}`] : []),
  ].join('\n');
}

function intakeTable(intake) {
  const rows = PHASES.filter((p) => intake[p]).map((p) => {
    const i = intake[p];
    return `| ${p} | ${i.seconds.toFixed(0)} | ${i.posted} | ${i.failed} / ${i.missing} | ${i.storedPerSecond.toFixed(1)} | ${ms(i.gatewayP99)} | ${ms(i.delayP50)} | ${ms(i.delayP99)} | ${ms(i.delayMax)} |`;
  });
  return [
    '| phase | s | posted | failed / not stored | stored/s | gateway p99 | created − received p50 | p99 | max |',
    '| --- | --- | --- | --- | --- | --- | --- | --- | --- |',
    ...rows,
    ...PHASES.filter((p) => intake[p]?.failed).map(
      (p) =>
        `\n${p}, failed posts: ${Object.entries(intake[p].failures)
          .map(([why, n]) => `${n} × ${code(why)}`)
          .join(', ')}`,
    ),
  ].join('\n');
}

function loggedWaits(logged) {
  if (logged === null) return "Postgres's log could not be read (--pg-log).";
  if (!logged.length)
    return "Postgres logged no lock wait past 100 ms for the database during the run (`log_lock_waits=on`, `deadlock_timeout='100ms'`).";
  // Each wait logs "still waiting" once past the timeout, and "acquired" (with its whole length) if it ends.
  const waits = logged.filter((w) => w.kind === 'still waiting for').length;
  const worst = [...logged].sort((a, b) => b.ms - a.ms).slice(0, 5);
  return `Postgres logged ${waits} lock waits past 100 ms for the database (\`log_lock_waits=on\`, \`deadlock_timeout='100ms'\`), the longest:\n\n${worst
    .map((w) => `- ${w.kind} ${w.lock} after ${ms(w.ms)}: ${code(w.statement)}`)
    .join('\n')}`;
}

// Not seen at all: the statement ran between two looks.
const staffRow = (s) => {
  const look = s.httpMs / s.looks;
  const held = Number.isFinite(s.lockMs) ? ms(s.lockMs) : `under a look, not seen`;
  return `| ${s.what} | ${ms(s.httpMs)} | ${held} (a look every ${look.toFixed(1)} ms) |`;
};

function retentionMarkdown(r) {
  const p = r.purge;
  const rate = p.seconds > 0 ? p.erased / p.seconds : NaN;
  return `## Retention purge under intake (\`node bench/retention-locks.js\`)

\`${r.command}\` after \`npm run build\`, on a database seeded by \`npm run seed:demo\` (${int(r.leads)} leads over three
years), ${r.started.toISOString().slice(0, 10)}, commit ${r.commit}, load average ${r.load.toFixed(1)} at the start and ${r.loadEnd.toFixed(1)} at the end on ${r.cores} cores (shared).
\`LEAD_RETENTION_DAYS=${r.days}\`: ${int(r.due)} leads past the horizon. ${r.rate} leads/s posted through the gateway all along
(defences off, each lead its own alert to an in-process SMTP sink: ${int(p.sink)} emails); every ${r.intervalMs} ms a connection
of its own listed each backend holding a lock on \`leads\` (pg_locks, any mode) with the age of its transaction, and the
locks such a backend waited for.

**Purge**: ${int(p.erased)} leads erased in ${p.seconds ? Number(p.seconds).toFixed(0) : '-'} s (${Number.isFinite(rate) ? rate.toFixed(0) : '-'} leads/s; the job ${p.state} after ${(p.ms / 1000).toFixed(0)} s); ${int(p.left)} leads past its horizon left with data.

Locks on \`leads\`, per phase (\`queued\`: the maintenance queue resumed, the jobs before the purge running):

${locksTable(r.locks)}

Intake, per phase (leads posted in the phase; stored/s: rows created in it):

${intakeTable(r.intake)}

Staff erasure (\`DELETE /admin/leads/:id\`), while leads arrive, before the purge:

| lead | HTTP answer | \`leads\` lock held (polled) |
| --- | --- | --- |
${r.staff.map(staffRow).join('\n')}

${loggedWaits(r.logged)}
`;
}

module.exports = { retentionMarkdown };
