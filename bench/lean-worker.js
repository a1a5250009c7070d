'use strict';
/**
 * Lean raw baseline for the worker benchmark (bench/run.js): a plain BullMQ
 * worker (concurrency 20) that per job runs one statement writing the lead,
 * its follow-up task and its ledger row (claimed: "sending", attempt 1),
 * sends a ~300-byte text + HTML alert through pooled nodemailer and marks
 * the row sent with one UPDATE. A retried job whose lead already exists
 * claims the row again unless it was sent, so an alert still goes out once.
 *
 * It reads the product's job payload (bench/lean-gateway.js writes it) and
 * writes the product's tables in its own database (lib/baseline-schema.js),
 * then prints "lean-worker ready".
 *
 * Env: REDIS_URL, QUEUE_PREFIX (bench-lean), DATABASE_URL
 * (postgres://postgres@127.0.0.1:5432/bench_lean), SMTP_URL
 * (smtp://127.0.0.1:1025), MAIL_TO, MAIL_FROM, FOLLOW_UP_SLA_MINUTES (30).
 */
const { Worker } = require('bullmq');
const { Pool } = require('pg');
const nodemailer = require('nodemailer');
const { ensureSchema, redisConnection } = require('./lib/baseline-schema');

const env = process.env;
const databaseUrl = env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/bench_lean';
const mailTo = env.MAIL_TO || 'service@youpower.com.cn';
const mailFrom = env.MAIL_FROM || 'Lead Intake <no-reply@youpower.com.cn>';
const slaMs = Number(env.FOLLOW_UP_SLA_MINUTES || 30) * 60_000;

const PERSIST_SQL = `
WITH lead AS (
  INSERT INTO leads (id, name, phone, phone_raw, email, company, requirement, consent, consent_at,
                     privacy_policy_version, utm, extras, ip, user_agent, page, received_at)
  VALUES ($1, $2, $3, $4, $5, $6, $7, $8, CASE WHEN $8 THEN $15::timestamptz END,
          $9, $10, $11, $12, $13, $14, $15)
  ON CONFLICT (id) DO NOTHING
  RETURNING id
), task AS (
  INSERT INTO follow_up_tasks (lead_id, due_at) SELECT id, $16 FROM lead
  ON CONFLICT (lead_id) DO NOTHING
)
INSERT INTO notifications (lead_id, dedupe_key, channel, kind, status, attempts, recipients)
SELECT id, $17, 'email', 'new-lead', 'sending', 1, $18 FROM lead
ON CONFLICT (dedupe_key) DO NOTHING
RETURNING id`;

const RECLAIM_SQL = `
UPDATE notifications SET status = 'sending', attempts = attempts + 1, updated_at = now()
WHERE dedupe_key = $1 AND status <> 'sent'
RETURNING id`;

const escapeHtml = (s) =>
  String(s).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]);

function alertMessage(id, f) {
  const contact = [f.phone, f.email].filter(Boolean).join(' / ');
  return {
    from: mailFrom,
    to: mailTo,
    replyTo: f.email || undefined,
    subject: `[新需求] ${f.name} · ${f.company || '-'}`,
    messageId: `<lead-${id}@lean.bench>`,
    headers: { 'X-Lead-Id': id, 'X-Lead-Notice': 'new-lead' },
    text: `New lead ${id}\n${f.name}, ${f.company || '-'}\n${contact}\n`,
    html: `<p>New lead ${id}<br><b>${escapeHtml(f.name)}</b>, ${escapeHtml(f.company || '-')}<br>${escapeHtml(contact)}</p>`,
  };
}

async function main() {
  const pool = new Pool({ connectionString: databaseUrl, max: 10 });
  await ensureSchema(pool, databaseUrl);
  const smtp = new URL(env.SMTP_URL || 'smtp://127.0.0.1:1025');
  const transport = nodemailer.createTransport(
    {
      pool: true,
      host: smtp.hostname,
      port: Number(smtp.port || 25),
      secure: smtp.protocol === 'smtps:',
      auth: smtp.username ? { user: decodeURIComponent(smtp.username), pass: decodeURIComponent(smtp.password) } : undefined,
    },
    { textEncoding: 'base64' },
  );

  async function processLead(job) {
    const { id, fields: f, context: c } = job.data;
    const key = `email:new-lead:${id}`;
    const dueAt = new Date(Date.parse(c.receivedAt) + slaMs).toISOString();
    let { rows } = await pool.query(PERSIST_SQL, [
      id,
      f.name,
      f.phone,
      f.phoneRaw,
      f.email,
      f.company,
      f.requirement,
      f.consent,
      c.privacyPolicyVersion,
      JSON.stringify(f.utm),
      JSON.stringify(f.extras),
      c.ip,
      c.userAgent,
      c.page,
      c.receivedAt,
      dueAt,
      key,
      mailTo,
    ]);
    if (rows.length === 0) ({ rows } = await pool.query(RECLAIM_SQL, [key]));
    if (rows.length === 0) return; // already alerted
    const info = await transport.sendMail(alertMessage(id, f));
    await pool.query(
      `UPDATE notifications SET status = 'sent', sent_at = now(), updated_at = now(), message_id = $2 WHERE id = $1`,
      [rows[0].id, info.messageId],
    );
  }

  const worker = new Worker('lead-intake', processLead, {
    connection: redisConnection(env.REDIS_URL || 'redis://127.0.0.1:6379', { maxRetriesPerRequest: null }),
    prefix: env.QUEUE_PREFIX || 'bench-lean',
    concurrency: 20,
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
  console.log('lean-worker ready');
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
