'use strict';
/**
 * Raw baseline for the worker benchmark (bench/run.js): a plain BullMQ
 * Worker that, per job, writes the lead, its follow-up task and its
 * notification ledger row in one Postgres transaction, sends the alert email
 * through a pooled nodemailer transport and marks the notification sent.
 * No framework, no ORM, no retries beyond BullMQ's own.
 *
 * It creates its own database (from DATABASE_URL) and the product's tables
 * (lib/baseline-schema.js) on start, then prints "baseline-worker ready".
 *
 * Env: REDIS_URL, QUEUE_PREFIX (bench-base), QUEUE_NAME (lead-intake),
 * DATABASE_URL (postgres://postgres@127.0.0.1:5432/bench_baseline),
 * DATABASE_POOL_SIZE (10), WORKER_CONCURRENCY (8), SMTP_URL
 * (smtp://127.0.0.1:1025), SMTP_POOL_SIZE (5), MAIL_TO, MAIL_FROM,
 * FOLLOW_UP_SLA_MINUTES (30).
 */
const { randomUUID } = require('node:crypto');
const { Worker } = require('bullmq');
const { Pool } = require('pg');
const nodemailer = require('nodemailer');
const { ensureSchema, redisConnection } = require('./lib/baseline-schema');

const env = process.env;
const databaseUrl = env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/bench_baseline';
const smtpUrl = new URL(env.SMTP_URL || 'smtp://127.0.0.1:1025');
const mailTo = (env.MAIL_TO || 'service@youpower.com.cn')
  .split(',')
  .map((s) => s.trim())
  .filter(Boolean);
const mailFrom = env.MAIL_FROM || 'Lead Intake <no-reply@youpower.com.cn>';
const slaMinutes = Number(env.FOLLOW_UP_SLA_MINUTES || 30);

const UTM_KEYS = ['utm_source', 'utm_medium', 'utm_campaign', 'utm_term', 'utm_content'];
const KNOWN = new Set(['name', 'phone', 'email', 'company', 'requirement', 'consent', '_gotcha', '_next', ...UTM_KEYS]);

const escapeHtml = (s) =>
  String(s).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]);

function readLead(payload) {
  const f = payload.fields || {};
  const utm = {};
  const extras = {};
  for (const [k, v] of Object.entries(f)) {
    if (UTM_KEYS.includes(k)) utm[k] = String(v);
    else if (!KNOWN.has(k)) extras[k] = String(v);
  }
  const consent = f.consent === true || /^(true|on|1|yes)$/i.test(String(f.consent || ''));
  const phoneRaw = f.phone ? String(f.phone).trim() : null;
  return {
    id: payload.id,
    name: String(f.name).trim(),
    phoneRaw,
    phone: phoneRaw ? '+86' + phoneRaw.replace(/\D/g, '').replace(/^86/, '') : null,
    email: f.email ? String(f.email).trim() : null,
    company: f.company ? String(f.company).trim() : null,
    requirement: String(f.requirement).trim(),
    consent,
    utm,
    extras,
    ip: payload.context?.ip ?? null,
    userAgent: payload.context?.userAgent ?? null,
    page: payload.context?.page ?? null,
    receivedAt: payload.context?.receivedAt || new Date().toISOString(),
  };
}

function alertMessage(lead) {
  const rows = [
    ['姓名', lead.name],
    ['电话', lead.phone || ''],
    ['邮箱', lead.email || ''],
    ['公司', lead.company || ''],
    ['需求描述', lead.requirement],
    ['同意', lead.consent ? '是' : '否'],
    ...Object.entries(lead.utm),
    ...Object.entries(lead.extras),
    ['页面', lead.page || ''],
    ['IP', lead.ip || ''],
    ['提交时间', lead.receivedAt],
    ['编号', lead.id],
  ];
  const domain = (mailFrom.match(/@([^>\s]+)/) || [])[1] || 'localhost';
  return {
    from: mailFrom,
    to: mailTo,
    replyTo: lead.email || undefined,
    subject: `[新需求] ${lead.name} · ${lead.company || '(未填公司)'}`,
    messageId: `<lead-${lead.id}@${domain}>`,
    headers: { 'X-Lead-Id': lead.id, 'X-Lead-Notice': 'new-lead' },
    text: rows.map(([k, v]) => `${k}: ${v}`).join('\n'),
    html:
      '<!doctype html><meta charset="utf-8"><meta name="viewport" content="width=device-width">' +
      '<table cellpadding="6" style="border-collapse:collapse;font-family:sans-serif">' +
      rows
        .map(
          ([k, v]) =>
            `<tr><th align="left" valign="top">${escapeHtml(k)}</th><td style="white-space:pre-wrap">${escapeHtml(v)}</td></tr>`,
        )
        .join('') +
      '</table>',
  };
}

async function main() {
  const pool = new Pool({ connectionString: databaseUrl, max: Number(env.DATABASE_POOL_SIZE || 10) });
  await ensureSchema(pool, databaseUrl);

  const transport = nodemailer.createTransport({
    pool: true,
    maxConnections: Number(env.SMTP_POOL_SIZE || 5),
    host: smtpUrl.hostname,
    port: Number(smtpUrl.port || 25),
    secure: smtpUrl.protocol === 'smtps:',
    auth: smtpUrl.username
      ? { user: decodeURIComponent(smtpUrl.username), pass: decodeURIComponent(smtpUrl.password) }
      : undefined,
  });

  async function processLead(job) {
    const lead = readLead(job.data);
    const dedupeKey = `email:new-lead:${lead.id}`;
    const client = await pool.connect();
    let shouldSend;
    try {
      await client.query('BEGIN');
      await client.query(
        `INSERT INTO leads (id, name, phone, phone_raw, email, company, requirement, consent, consent_at,
           utm, extras, ip, user_agent, page, received_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8::boolean, CASE WHEN $8::boolean THEN $14::timestamptz END, $9, $10, $11, $12, $13, $14)
         ON CONFLICT (id) DO NOTHING`,
        [
          lead.id,
          lead.name,
          lead.phone,
          lead.phoneRaw,
          lead.email,
          lead.company,
          lead.requirement,
          lead.consent,
          JSON.stringify(lead.utm),
          JSON.stringify(lead.extras),
          lead.ip,
          lead.userAgent,
          lead.page,
          lead.receivedAt,
        ],
      );
      await client.query(
        `INSERT INTO follow_up_tasks (id, lead_id, status, due_at)
         VALUES ($1, $2, 'open', $3::timestamptz + make_interval(mins => $4))
         ON CONFLICT (lead_id) DO NOTHING`,
        [randomUUID(), lead.id, lead.receivedAt, slaMinutes],
      );
      const ledger = await client.query(
        `INSERT INTO notifications (id, lead_id, dedupe_key, channel, kind, status, attempts, recipients)
         VALUES ($1, $2, $3, 'email', 'new-lead', 'sending', 1, $4)
         ON CONFLICT (dedupe_key) DO UPDATE SET attempts = notifications.attempts + 1, status = 'sending', updated_at = now()
           WHERE notifications.status <> 'sent'
         RETURNING id`,
        [randomUUID(), lead.id, dedupeKey, mailTo.join(',')],
      );
      shouldSend = ledger.rowCount === 1;
      await client.query('COMMIT');
    } catch (err) {
      await client.query('ROLLBACK').catch(() => {});
      throw err;
    } finally {
      client.release();
    }
    if (!shouldSend) return; // already alerted

    try {
      const info = await transport.sendMail(alertMessage(lead));
      await pool.query(
        `UPDATE notifications SET status = 'sent', sent_at = now(), updated_at = now(), message_id = $2 WHERE dedupe_key = $1`,
        [dedupeKey, info.messageId],
      );
    } catch (err) {
      await pool.query(`UPDATE notifications SET status = 'pending', last_error = $2, updated_at = now() WHERE dedupe_key = $1`, [
        dedupeKey,
        String(err && err.message).slice(0, 500),
      ]);
      throw err;
    }
  }

  const worker = new Worker(env.QUEUE_NAME || 'lead-intake', processLead, {
    connection: redisConnection(env.REDIS_URL || 'redis://127.0.0.1:6379', { maxRetriesPerRequest: null }),
    prefix: env.QUEUE_PREFIX || 'bench-base',
    concurrency: Number(env.WORKER_CONCURRENCY || 8),
  });
  worker.on('failed', (job, err) => console.error(`job ${job && job.id} failed: ${err && err.message}`));
  worker.on('error', (err) => console.error(`worker error: ${err && err.message}`));
  await worker.waitUntilReady();

  async function shutdown() {
    await worker.close();
    transport.close();
    await pool.end();
    process.exit(0);
  }
  process.once('SIGTERM', shutdown);
  process.once('SIGINT', shutdown);
  console.log('baseline-worker ready');
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
