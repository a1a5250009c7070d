'use strict';
/**
 * Turns the rounds into the report: the figures of every side, the targets
 * of issue 5/5 with whether they are met, and the price of each default
 * (CPU per lead against the benchmark settings). Printed as text tables and
 * written as bench/RESULTS.md (lib/results-markdown.js).
 */
const { resultsMarkdown } = require('./results-markdown');

const fmt = (x, digits = 0) => (Number.isFinite(x) ? x.toFixed(digits) : 'n/a');
const median = (xs) => {
  const s = xs.filter((x) => Number.isFinite(x)).sort((a, b) => a - b);
  if (!s.length) return NaN;
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const sum = (xs) => xs.reduce((a, b) => a + b, 0);
const max = (xs) => Math.max(...xs.filter(Number.isFinite));
const ratio = (a, b) => (Number.isFinite(a) && Number.isFinite(b) && b > 0 ? a / b : NaN);
const check = (ok) => (ok ? 'yes' : 'NO');
/** A target judged on a figure that may be missing (e.g. `--rounds 0`). */
const judge = (value, ok) => (Number.isFinite(value) ? check(ok(value)) : 'n/a');

const g = (s, k) => median(s.results.gateway.map((r) => r[k]));
const d = (s, k) => median(s.results.drain.map((r) => r[k]));
const gatewayFaults = (s) => sum(s.results.gateway.map((r) => r.non2xx + r.errors));
const missing = (s) => sum(s.results.drain.map((r) => r.expected - r.alerted));
const duplicated = (s) => sum(s.results.drain.map((r) => r.duplicates));

/** Metric rows: one value per main side, then the ratios the issue asks for. */
function figures(opt, P, D, H, L) {
  const main = [P, D, H, L];
  const row = (metric, value, digits = 0, ratios = false) => {
    const v = main.map(value);
    const r = ratios ? [ratio(v[0], v[2]), ratio(v[0], v[3]), ratio(v[1], v[3])].map((x) => fmt(x, 2)) : ['', '', ''];
    return [metric, ...v.map((x) => fmt(x, digits)), ...r];
  };
  // Rounds of the same number ran close together, so each pair shares the
  // machine's state of the moment; the spread shows how noisy the run was.
  const pairs = (part, a, b) =>
    a.results[part].map((r, i) => fmt(ratio(r.rate, b.results[part][i]?.rate), 2)).join(', ') || 'n/a';
  const eachRound = (part) => [pairs(part, P, H), pairs(part, P, L), pairs(part, D, L)];
  return {
    header: ['metric', P.title, D.title, H.title, L.title, 'product / heavy', 'product / lean', 'defaults / lean'],
    rows: [
      row('gateway: accepted leads/s (median)', (s) => g(s, 'rate'), 0, true),
      ['gateway: accepted/s ratio in each round (sides run back to back)', '', '', '', '', ...eachRound('gateway')],
      row('gateway: p50 latency, ms (median)', (s) => g(s, 'p50'), 1),
      row(`gateway: p99 latency, ms (median, ${opt.connections} connections)`, (s) => g(s, 'p99'), 1),
      row('gateway: app CPU ms per 1000 accepted (median)', (s) => g(s, 'cpuPerK'), 0, true),
      row('gateway: log lines per accepted lead', (s) => g(s, 'logLines'), 1),
      row('gateway: non-2xx + errors (all rounds)', gatewayFaults),
      row('worker: alerts/s draining (median)', (s) => d(s, 'rate'), 0, true),
      ['worker: alerts/s ratio in each round (sides run back to back)', '', '', '', '', ...eachRound('drain')],
      row('worker: app CPU ms per 1000 alerts (median)', (s) => d(s, 'cpuPerK'), 0, true),
      row(`worker: s from start to ${opt.drain} alerts (median)`, (s) => d(s, 'fromStart'), 2),
      ['worker: alerts missing / duplicated (all rounds)', ...main.map((s) => `${missing(s)} / ${duplicated(s)}`), '', '', ''],
      row('gateway RSS idle, MB', (s) => s.gatewayIdleRss),
      row('gateway RSS under load (max), MB', (s) => max(s.results.gateway.map((r) => r.rss))),
      row('worker RSS idle, MB', (s) => s.workerIdleRss),
      row('worker RSS draining (max), MB', (s) => max(s.results.drain.map((r) => r.rss))),
    ],
  };
}

/** The targets of issue 5/5, judged on this run's medians. */
function targets(P, D, L) {
  const gwCpu = ratio(g(P, 'cpuPerK'), g(L, 'cpuPerK'));
  const gwRate = ratio(g(P, 'rate'), g(L, 'rate'));
  const wkCpu = ratio(d(P, 'cpuPerK'), d(L, 'cpuPerK'));
  const wkRate = ratio(d(P, 'rate'), d(L, 'rate'));
  const dfRate = ratio(g(D, 'rate'), g(L, 'rate'));
  const dfCpu = ratio(g(D, 'cpuPerK'), g(L, 'cpuPerK'));
  const rss = (s) => `gateway ${fmt(s.gatewayIdleRss)}, worker ${fmt(s.workerIdleRss)}`;
  const rssOk = (s) => s.gatewayIdleRss < 110 && s.workerIdleRss < 110;
  const clean = (s) => gatewayFaults(s) === 0 && missing(s) === 0 && duplicated(s) === 0;
  return {
    header: ['target', 'measured', 'met'],
    rows: [
      ['gateway CPU per lead <= 1.25 x lean (product)', `${fmt(gwCpu, 2)} x`, judge(gwCpu, (x) => x <= 1.25)],
      [
        'gateway accepted/s >= 0.8 x lean (product; the CPU target in throughput)',
        `${fmt(gwRate, 2)} x`,
        judge(gwRate, (x) => x >= 0.8),
      ],
      ['gateway p99 <= 20 ms at 50 connections (product)', `${fmt(g(P, 'p99'), 1)} ms`, judge(g(P, 'p99'), (x) => x <= 20)],
      ['gateway p99 <= 20 ms at 50 connections (defaults)', `${fmt(g(D, 'p99'), 1)} ms`, judge(g(D, 'p99'), (x) => x <= 20)],
      ['worker CPU per alerted lead <= 1.25 x lean (product)', `${fmt(wkCpu, 2)} x`, judge(wkCpu, (x) => x <= 1.25)],
      [
        'worker alerts/s >= 0.8 x lean (product; the CPU target in throughput)',
        `${fmt(wkRate, 2)} x`,
        judge(wkRate, (x) => x >= 0.8),
      ],
      ['defaults-on gateway accepted/s >= 0.6 x lean', `${fmt(dfRate, 2)} x`, judge(dfRate, (x) => x >= 0.6)],
      [
        'defaults-on gateway CPU per lead <= 1.67 x lean (the same target in CPU)',
        `${fmt(dfCpu, 2)} x`,
        judge(dfCpu, (x) => x <= 1 / 0.6),
      ],
      ['idle RSS < 110 MB, both apps (product), MB', rss(P), judge(P.gatewayIdleRss + P.workerIdleRss, () => rssOk(P))],
      ['idle RSS < 110 MB, both apps (defaults), MB', rss(D), judge(D.gatewayIdleRss + D.workerIdleRss, () => rssOk(D))],
      [
        'no failed request, no missing or duplicate alert (product, defaults)',
        `${gatewayFaults(P) + gatewayFaults(D)} failed; ${missing(P) + missing(D)} / ${duplicated(P) + duplicated(D)}`,
        check(clean(P) && clean(D)),
      ],
    ],
  };
}

/** What each default costs: app CPU per lead (ms per 1000 = µs per lead) over the benchmark settings. */
function prices(P, D, variants) {
  const base = g(P, 'cpuPerK');
  const gatewayRow = (s) => [
    `gateway: ${s.title}`,
    fmt(g(s, 'cpuPerK')),
    s === P ? '' : fmt(g(s, 'cpuPerK') - base),
    fmt(g(s, 'rate')),
    fmt(g(s, 'logLines'), 1),
  ];
  const wBase = d(P, 'cpuPerK');
  return {
    header: [
      'configuration',
      'CPU µs per lead (median)',
      '+ µs over benchmark settings',
      'accepted or alerted /s',
      'log lines per lead',
    ],
    rows: [
      ...[P, ...variants, D].map(gatewayRow),
      [`worker: ${P.title}`, fmt(wBase), '', fmt(d(P, 'rate')), ''],
      [`worker: ${D.title}`, fmt(d(D, 'cpuPerK')), fmt(d(D, 'cpuPerK') - wBase), fmt(d(D, 'rate')), ''],
    ],
  };
}

function textTable({ header, rows }) {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => String(r[i]).length)));
  const pad = (cells) => cells.map((c, i) => String(c).padEnd(widths[i])).join('  ');
  return [pad(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(pad)].join('\n');
}

function summarize(opt, env, sides, elapsed) {
  const by = (key) => sides.find((s) => s.key === key);
  const [P, D, H, L] = ['product', 'defaults', 'heavy', 'lean'].map(by);
  const variants = sides.filter((s) => ![P, D, H, L].includes(s));
  const tables = { figures: figures(opt, P, D, H, L), targets: targets(P, D, L), prices: prices(P, D, variants) };
  const consoleText = [textTable(tables.figures), textTable(tables.targets), textTable(tables.prices)].join('\n\n');
  return { console: consoleText, markdown: resultsMarkdown({ opt, env, sides, tables, elapsed, fmt }) };
}

module.exports = { fmt, summarize };
