'use strict';
/**
 * Leads arriving at a steady rate while something else runs: one JSON post
 * every 1000/rate ms through the gateway (keep-alive, not waiting for the
 * one before), each post's id, phase and answer kept; afterwards, from
 * Postgres, how long each waited between the gateway (received_at) and its
 * row (created_at).
 */
const http = require('node:http');
const { pgQuery } = require('./environment');
const { nextLead } = require('./load');

/** Starts posting to `gatewayUrl`; `phase()` names what later posts belong to; `stop()` resolves with every post. */
function steadyIntake(gatewayUrl, ratePerSecond, tag) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 16 });
  const posts = [];
  const pending = new Set();
  let phase = 'warm-up';
  let i = 0;
  const post = () => {
    const p = { phase, at: Date.now(), status: 0, ms: NaN, id: null };
    posts.push(p);
    const started = performance.now();
    const body = JSON.stringify(nextLead(tag, ++i));
    const done = new Promise((resolve) => {
      const req = http.request(
        `${gatewayUrl}/api/leads`,
        { method: 'POST', agent, headers: { 'content-type': 'application/json', accept: 'application/json' } },
        (res) => {
          let text = '';
          res.setEncoding('utf8');
          res.on('data', (c) => (text += c));
          res.on('end', () => {
            p.status = res.statusCode;
            p.ms = performance.now() - started;
            if (res.statusCode === 202) p.id = JSON.parse(text).id;
            else p.answer = text.slice(0, 120);
            resolve();
          });
        },
      );
      req.on('error', (err) => {
        p.error = err.message;
        resolve();
      });
      req.end(body);
    });
    pending.add(done);
    done.then(() => pending.delete(done));
  };
  const timer = setInterval(post, 1000 / ratePerSecond);
  return {
    phase: (name) => (phase = name),
    posted: () => posts.length,
    async stop() {
      clearInterval(timer);
      await Promise.all(pending);
      agent.destroy();
      return posts;
    },
  };
}

const countBy = (keys) => keys.reduce((m, k) => ({ ...m, [k]: (m[k] ?? 0) + 1 }), {});
const pct = (sorted, p) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] : NaN);

/**
 * Per phase: posts, failures, gateway p99, leads stored per second (this
 * run's rows whose created_at falls within the phase's posting time, any
 * phase's post: a backlog shows as a lower rate) and p50/p99/max of
 * created_at - received_at of the phase's posts (a post with no row counts
 * as missing).
 */
async function intakeByPhase(databaseUrl, posts) {
  const ids = posts.filter((p) => p.id).map((p) => p.id);
  const { rows } = await pgQuery(
    databaseUrl,
    `SELECT id, extract(epoch FROM created_at) * 1000 AS created_ms, extract(epoch FROM created_at - received_at) * 1000 AS delay_ms
       FROM leads WHERE id = ANY($1::uuid[])`,
    [ids],
  );
  const delay = new Map(rows.map((r) => [r.id, Number(r.delay_ms)]));
  const created = rows.map((r) => Number(r.created_ms));
  const phases = {};
  for (const p of posts) (phases[p.phase] ??= []).push(p);
  const out = {};
  for (const [name, list] of Object.entries(phases)) {
    const from = list[0].at;
    const to = list[list.length - 1].at;
    const delays = list
      .filter((p) => delay.has(p.id))
      .map((p) => delay.get(p.id))
      .sort((a, b) => a - b);
    const gateway = list
      .filter((p) => p.status === 202)
      .map((p) => p.ms)
      .sort((a, b) => a - b);
    out[name] = {
      seconds: (to - from) / 1000,
      posted: list.length,
      failed: list.filter((p) => p.status !== 202).length,
      failures: countBy(list.filter((p) => p.status !== 202).map((p) => p.error ?? `${p.status} ${p.answer ?? ''}`.trim())),
      missing: list.filter((p) => p.status === 202 && !delay.has(p.id)).length,
      storedPerSecond: created.filter((t) => t >= from && t <= to).length / Math.max((to - from) / 1000, 1),
      gatewayP99: pct(gateway, 99),
      delayP50: pct(delays, 50),
      delayP99: pct(delays, 99),
      delayMax: delays.length ? delays[delays.length - 1] : NaN,
    };
  }
  return out;
}

module.exports = { steadyIntake, intakeByPhase };
