'use strict';
/**
 * One staff erasure (`DELETE /admin/leads/:id`, as an admin) timed two
 * ways: the HTTP answer, and how long the erasing transaction (which takes
 * its lock on `leads` with its first statement and keeps it to COMMIT) was
 * open, from a connection that reads pg_stat_activity as fast as its round
 * trip allows while the request runs: its age when last seen, a lower bound
 * to within one look.
 */
const http = require('node:http');
const { Client } = require('pg');

const OPEN_XACTS_SQL = `
SELECT pid, xact_start, extract(epoch FROM clock_timestamp() - xact_start) * 1000 AS ms, query FROM pg_stat_activity
 WHERE datname = current_database() AND pid <> pg_backend_pid() AND xact_start IS NOT NULL`;

// The statements of LeadRepository.erase's transaction (apps/worker/src/data/lead.repository.ts).
const ERASE_STATEMENT =
  /WITH relaxed AS|WITH erased AS|'erased', status|INSERT INTO erasures|SET recipients = NULL|lead_forms SET custom|SET note = NULL/;

function adminRequest(method, url, password, body) {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const data = body === undefined ? '' : JSON.stringify(body);
    const headers = { authorization: `Basic ${Buffer.from(`admin:${password}`).toString('base64')}` };
    if (data) Object.assign(headers, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(data) });
    const req = http.request(url, { method, headers }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (c) => (text += c));
      res.on('end', () =>
        res.statusCode >= 200 && res.statusCode < 300
          ? resolve({ ms: performance.now() - started, answer: JSON.parse(text) })
          : reject(new Error(`${method} ${url} answered ${res.statusCode}: ${text}`)),
      );
    });
    req.on('error', reject);
    req.end(data);
  });
}

/** `{ httpMs, lockMs, looks, statement, answer }` of erasing lead `id`. */
async function timedStaffErasure(databaseUrl, adminUrl, password, id) {
  const url = `${adminUrl}/admin/leads/${id}`;
  // The lead read first, as staff open it before erasing: the password checked (bcrypt) and the route warm.
  await adminRequest('GET', url, password);
  const reader = new Client({ connectionString: databaseUrl, application_name: 'bench-erasure-watch' });
  await reader.connect();
  const xacts = new Map();
  let looks = 0;
  let done = false;
  const watching = (async () => {
    while (!done) {
      looks++;
      for (const h of (await reader.query(OPEN_XACTS_SQL)).rows) {
        const key = `${h.pid} ${h.xact_start.toISOString()}`;
        h.ms = Number(h.ms);
        const x = xacts.get(key) ?? { ms: 0, erasing: false, statement: '' };
        if (ERASE_STATEMENT.test(h.query)) x.erasing = true;
        if (h.ms > x.ms) Object.assign(x, { ms: h.ms, statement: h.query });
        xacts.set(key, x);
      }
    }
  })();
  try {
    const { ms, answer } = await adminRequest('DELETE', url, password, { reason: 'bench: retention-locks' });
    done = true;
    await watching;
    const erasing = [...xacts.values()].filter((x) => x.erasing).sort((a, b) => b.ms - a.ms);
    return { httpMs: ms, lockMs: erasing[0]?.ms ?? NaN, looks, statement: erasing[0]?.statement ?? '', answer };
  } finally {
    done = true;
    await watching.catch(() => undefined);
    await reader.end();
  }
}

module.exports = { timedStaffErasure };
