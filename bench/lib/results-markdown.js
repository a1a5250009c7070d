'use strict';
/** bench/RESULTS.md: the tables of lib/report.js, how they were measured, and every round. */

const md = ({ header, rows }) =>
  [`| ${header.join(' | ')} |`, `| ${header.map(() => '---').join(' | ')} |`, ...rows.map((r) => `| ${r.join(' | ')} |`)].join(
    '\n',
  );

function roundTables(sides, fmt) {
  const gateway = [];
  const drain = [];
  for (const s of sides) {
    for (const r of s.results.gateway) {
      gateway.push([
        r.round,
        s.key,
        fmt(r.rate),
        r.accepted,
        r.p50,
        r.p99,
        r.max,
        r.non2xx,
        r.errors,
        fmt(r.cpuPerK),
        fmt(r.logLines, 1),
        fmt(r.rss),
      ]);
    }
    for (const r of s.results.drain) {
      drain.push([
        r.round,
        s.key,
        `${r.alerted}/${r.expected}`,
        fmt(r.rate),
        fmt(r.firstAfter, 2),
        fmt(r.fromStart, 2),
        r.duplicates,
        r.other,
        fmt(r.cpuPerK),
        fmt(r.rss),
      ]);
    }
  }
  const byRound = (a, b) => a[0] - b[0];
  return {
    gateway: {
      header: [
        'round',
        'side',
        'accepted/s',
        'accepted',
        'p50 ms',
        'p99 ms',
        'max ms',
        'non-2xx',
        'errors',
        'CPU ms per 1000',
        'log lines per lead',
        'RSS max MB',
      ],
      rows: gateway.sort(byRound),
    },
    drain: {
      header: [
        'round',
        'side',
        'alerted',
        'alerts/s',
        'first after s',
        'all after s',
        'duplicates',
        'other emails',
        'CPU ms per 1000',
        'RSS max MB',
      ],
      rows: drain.sort(byRound),
    },
  };
}

function resultsMarkdown({ opt, env, sides, tables, elapsed, fmt }) {
  const cmd = opt.quick ? 'npm run bench -- --quick' : `npm run bench -- --rounds ${opt.rounds} --duration ${opt.duration}`;
  const dbRows = (s) =>
    s.rows
      ? `${s.key} ${s.rows.leads} leads, ${s.rows.tasks} follow-up tasks, ${s.rows.sent} notifications sent`
      : `${s.key} n/a`;
  const rounds = roundTables(sides, fmt);
  const variants = sides.filter((s) => !['product', 'defaults', 'heavy', 'lean'].includes(s.key));
  return `# Benchmark results

The product (the built apps, \`NODE_ENV=production\`) in two configurations against two raw baselines in \`bench/\`,
same machine, same run, interleaved rounds. Reproduce with \`${cmd}\` (\`npm run bench\` for the full run).

- **product (benchmark settings)**: \`LOG_LEVEL=warn\`, \`RATE_LIMIT_PER_MINUTE=0\`, \`DUPLICATE_WINDOW_SECONDS=0\`,
  \`MIN_FILL_SECONDS=0\`, \`FLOOD_ALERTS_PER_MINUTE=0\`: every defence off, every lead its own alert.
- **product (defaults)**: what a user runs: rate limit (10 per client per minute), duplicate window (600 s), form
  timing check and flood guard on at their defaults, \`LOG_LEVEL=info\` (the request log; log lines per lead are counted below). Two settings differ, so
  that it measures what the checks cost rather than rejections: every request carries its own \`X-Forwarded-For\`
  address (from 198.18.0.0/15, the benchmarking range; a header value only) and the gateway trusts it
  (\`TRUST_PROXY=127.0.0.1\`, as behind a reverse proxy on the same host), since the load generator's own address
  would be rate-limited after 10 leads; and the worker's flood guard limit is raised above the drain
  (\`FLOOD_ALERTS_PER_MINUTE=1000000\`): the guard still counts the last minute's alerts before every send, but at
  its default of 60 a drain would send 60 alerts and park the rest for one digest email.
- **heavy baseline** (\`baseline-gateway.js\`, \`baseline-worker.js\`): Fastify 5 + a compiled JSON schema with
  patterns and \`format: email\` + one BullMQ \`queue.add\` (jobs removed by age); BullMQ worker (concurrency 8) + one
  pg transaction of three statements + pooled nodemailer with the full alert.
- **lean baseline** (\`lean-gateway.js\`, \`lean-worker.js\`): Fastify 5 + hand-written checks + one \`queue.add\`
  (the product's queue, job and payload; retention by count); BullMQ worker (concurrency 20) + one statement for
  lead, task and ledger row + a ~300-byte text and HTML alert through pooled nodemailer + one \`UPDATE\`.
${variants.length ? `- ${variants.map((s) => `**${s.title}**`).join(', ')}: gateway only, the benchmark settings with that one thing on.\n` : ''}
${md(tables.figures)}

## Targets

${md(tables.targets)}

## What each default costs

CPU time of the app's process per lead (ms per 1000 leads = µs per lead), against the benchmark settings.

${md(tables.prices)}

Run ${new Date().toISOString()}${opt.quick ? ' in quick mode (short rounds: indicative only)' : ''}, ${fmt(elapsed)} s in all.

## Machine

- CPU: ${env.cpu}, ${env.cores} cores (the load generator, every app, Redis and Postgres share them)
- Memory: ${env.memory}
- OS: ${env.os}
- Node.js: ${env.node}
- Redis: ${env.redis}
- Postgres: ${env.postgres}
- Libraries: ${env.libs}
- Commit: ${env.commit}
- Load average (1, 5, 15 min) at the start: ${env.load}; at the end: ${env.loadEnd} (well above 0 at the start means other
  work shared the CPUs and the figures are noisy)

## Method

- Gateway: ${opt.rounds} round(s) per side of ${opt.duration} s after a ${opt.warmup} s warm-up, autocannon at ${opt.connections}
  connections without pipelining, each request a distinct valid lead (JSON, Chinese name, mobile number, email,
  company, ~100-character requirement, UTM fields) from its own \`X-Forwarded-For\` address. Accepted = \`2xx\`
  answers per second. Workers are stopped during these rounds so each gateway is measured alone; queued jobs are
  discarded between rounds. Each round starts with another side.
- Worker: ${opt.drainRounds} round(s) per side: ${opt.drain} leads are posted through the side's own gateway while its
  worker is stopped, then the worker is started and every alert email is counted by an in-process SMTP sink
  (\`smtp-server\`, one per side, by \`X-Lead-Id\`). Rate = alerts per second from the first to the last email, so
  process start-up is excluded; "start to all" includes it.
- Memory: VmRSS from \`/proc/<pid>/status\`: idle 45 s after the app is ready, before any load, at its steady
  state (the boot collection gives the young generation back within seconds:
  \`libs/config/src/release-boot-garbage.ts\`; V8's memory reducer returns the old space's spare pages ~25 s after start), and
  the maximum sampled every 200 ms under load.
- CPU: user + system time of the app's process (from \`/proc/<pid>/stat\`) per 1000 leads: during the measured
  gateway round, and from the first to the last alert of a drain. Unlike the rates it is not shared with the load
  generator, Redis and Postgres, so it is the steadier comparison on a busy machine.
- Log lines: lines the gateway wrote (stdout and stderr) during a measured round, per accepted lead.
- The product's apps run with the node flags of their \`npm run start:<app>\` scripts (package.json).
- Where the time goes (CPU profiles, and what was changed because of them): \`bench/PROFILE.md\`.
- Database rows at the end: ${sides
    .filter((s) => s.db)
    .map(dbRows)
    .join('; ')}.

## Rounds

### Gateway

${md(rounds.gateway)}

### Worker drain

${md(rounds.drain)}
`;
}

module.exports = { resultsMarkdown };
