'use strict';
/**
 * Who holds a lock on `leads`, seen from a connection of its own: every
 * backend of the database with a granted lock on the table (any mode), how
 * long its transaction has been open, and every lock request such a backend
 * waits for (on the table, a row's tuple or the transaction holding the row)
 * with how long it has waited. Sampled every few ms by the retention bench.
 */
const { Client } = require('pg');

// clock_timestamp(), not now(): now() is this sampler's own transaction start.
const HOLDERS_SQL = `
SELECT a.pid, a.state, a.wait_event_type || ':' || a.wait_event AS wait_event, a.xact_start, left(regexp_replace(a.query, '\\s+', ' ', 'g'), 400) AS query,
       extract(epoch FROM clock_timestamp() - a.xact_start) * 1000 AS xact_ms,
       array_agg(DISTINCT l.mode) FILTER (WHERE l.granted AND l.relation = 'leads'::regclass) AS modes,
       json_agg(json_build_object('locktype', l.locktype, 'mode', l.mode,
                                  'ms', extract(epoch FROM clock_timestamp() - l.waitstart) * 1000))
         FILTER (WHERE NOT l.granted) AS waits
  FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
 WHERE a.datname = current_database() AND a.pid <> pg_backend_pid() AND a.xact_start IS NOT NULL
   AND l.pid IN (SELECT pid FROM pg_locks WHERE relation = 'leads'::regclass)
 GROUP BY a.pid, a.state, a.wait_event_type, a.wait_event, a.xact_start, a.query`;

/** A connection that reads the lock holders of `leads` on demand. */
async function leadLockReader(databaseUrl) {
  const client = new Client({ connectionString: databaseUrl, application_name: 'bench-lock-sampler' });
  await client.connect();
  return {
    /** One look: `[{ pid, xactStart, ms, modes, state, waitEvent, query, waits }]`, holders of a granted lock only. */
    async look() {
      const { rows } = await client.query(HOLDERS_SQL);
      return rows
        .filter((r) => r.modes)
        .map((r) => ({
          pid: r.pid,
          xactStart: r.xact_start.toISOString(),
          ms: Number(r.xact_ms),
          modes: r.modes,
          state: r.state,
          waitEvent: r.wait_event,
          query: r.query,
          waits: (r.waits ?? []).map((w) => ({ ...w, ms: Number(w.ms) })),
        }));
    },
    close: () => client.end(),
  };
}

/**
 * Looks every `intervalMs` (0: as fast as the round trip allows) until
 * stopped; `phase()` names what later samples belong to. Resolves, when
 * stopped, with `{ samples, seen }`: samples per phase and every holder seen.
 */
async function sampleLeadLocks(databaseUrl, intervalMs) {
  const reader = await leadLockReader(databaseUrl);
  const samples = {};
  const seen = [];
  let phase = 'start';
  let stopped = false;
  const loop = (async () => {
    while (!stopped) {
      const at = Date.now();
      const holders = await reader.look();
      samples[phase] = (samples[phase] ?? 0) + 1;
      for (const h of holders) seen.push({ ...h, phase, at });
      const rest = intervalMs - (Date.now() - at);
      if (rest > 0) await new Promise((r) => setTimeout(r, rest));
    }
  })();
  return {
    phase: (name) => (phase = name),
    async stop() {
      stopped = true;
      await loop;
      await reader.close();
      return { samples, seen };
    },
  };
}

const pct = (sorted, p) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] : NaN);

/** Only AccessShareLock: a reader, which blocks no insert or update (only DDL). */
const readOnly = (h) => h.modes.every((m) => m === 'AccessShareLock');

// Whose a transaction is, by any statement it was seen running (its COMMIT alone says nothing).
const KINDS = [
  ['intake', /store_new_lead/],
  [
    'erasure',
    /WITH relaxed AS|WITH erased AS|'erased', status|INSERT INTO erasures|SET recipients = NULL|lead_forms SET custom|SET note = NULL|erased_at IS NULL AND received_at < \$1/,
  ],
  ['report rollup', /report_day|report_dirty|advisory_xact_lock|REPEATABLE READ/],
];
const kindOf = (queries) => KINDS.find(([, re]) => queries.some((q) => re.test(q)))?.[0] ?? 'other';

function ageStats(observations, limitMs) {
  const ages = observations.map((h) => h.ms).sort((a, b) => a - b);
  const over = observations.filter((h) => h.ms > limitMs);
  return {
    holders: observations.length,
    xacts: new Set(observations.map((h) => h.key)).size,
    max: ages.length ? ages[ages.length - 1] : 0,
    p99: pct(ages, 99),
    overSamples: new Set(over.map((h) => h.at)).size,
    overXacts: new Set(over.map((h) => h.key)).size,
  };
}

/**
 * What the holders seen in one phase say, for all and per kind of
 * transaction (intake, erasure, report rollup, other): transaction ages
 * (max, p99), how many samples and distinct transactions went past
 * `limitMs`; the worst transactions with their statements and what they
 * were seen waiting on (wait_event; `running`: none); the lock waits.
 */
function summarizeLocks(seen, samples, limitMs = 100) {
  const xacts = new Map();
  for (const h of seen) {
    h.key = `${h.pid} ${h.xactStart}`;
    const x = xacts.get(h.key) ?? { ms: 0, queries: new Set(), events: new Set(), readOnly: true };
    x.queries.add(h.query);
    x.events.add(h.waitEvent ?? 'running');
    x.readOnly &&= readOnly(h);
    if (h.ms >= x.ms) Object.assign(x, { ms: h.ms, query: h.query, modes: h.modes, state: h.state });
    xacts.set(h.key, x);
  }
  for (const x of xacts.values()) x.kind = kindOf([...x.queries]);
  const kinds = [...new Set([...xacts.values()].map((x) => x.kind))].sort().map((kind) => ({
    kind,
    ...ageStats(
      seen.filter((h) => xacts.get(h.key).kind === kind),
      limitMs,
    ),
  }));
  const worst = [...xacts.values()].filter((x) => x.ms > limitMs).sort((a, b) => b.ms - a.ms);
  const waits = seen.flatMap((h) => h.waits.map((w) => ({ ...w, query: h.query, kind: xacts.get(h.key).kind })));
  return {
    samples,
    all: ageStats(seen, limitMs),
    kinds,
    overWriters: worst.filter((x) => !x.readOnly).length,
    worst: worst.slice(0, 6),
    waits: waits.length,
    maxWait: waits.reduce((m, w) => Math.max(m, w.ms), 0),
    worstWaits: waits.sort((a, b) => b.ms - a.ms).slice(0, 3),
  };
}

module.exports = { leadLockReader, sampleLeadLocks, summarizeLocks };
