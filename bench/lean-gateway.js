'use strict';
/**
 * Lean raw baseline for the gateway benchmark (bench/run.js): the least a
 * careful developer would write for this job. One plain Fastify route, a few
 * hand-written checks (name and requirement present and short, a phone of
 * digits or an email with an "@", consent), one BullMQ `queue.add` whose job
 * id is the lead id (random, or derived from Idempotency-Key as the product
 * derives it), answering 202 {id, status}. No schema compiler, no logging,
 * no rate limit, no duplicate window.
 *
 * The job is the product's: queue `lead-intake` under QUEUE_PREFIX, job
 * `lead.received`, payload {v, id, fields, context} with the fields
 * normalized as the product's worker reads them, so the product's worker
 * could consume it. Job options are the product's retry policy with
 * retention by count instead of by age.
 *
 * Env: PORT (3100), HOST (127.0.0.1), REDIS_URL (redis://127.0.0.1:6379),
 * QUEUE_PREFIX (bench-lean).
 */
const { createHash, randomUUID } = require('node:crypto');
const Fastify = require('fastify');
const { Queue } = require('bullmq');
const { redisConnection } = require('./lib/baseline-schema');
const { serveBaseline } = require('./lib/serve-baseline');

const env = process.env;
const port = Number(env.PORT || 3100);
const host = env.HOST || '127.0.0.1';
const prefix = env.QUEUE_PREFIX || 'bench-lean';

const queue = new Queue('lead-intake', {
  // Fail fast instead of queueing commands while Redis is away.
  connection: redisConnection(env.REDIS_URL || 'redis://127.0.0.1:6379', { enableOfflineQueue: false }),
  prefix,
});
const jobOptions = {
  attempts: 20,
  backoff: { type: 'exponential', delay: 10000 },
  removeOnComplete: { count: 1000 },
  removeOnFail: { count: 5000 },
};

const UTM_KEYS = new Set(['utm_source', 'utm_medium', 'utm_campaign', 'utm_term', 'utm_content']);
const KNOWN = new Set(['name', 'phone', 'email', 'company', 'requirement', 'consent', '_gotcha', '_next']);
const CONSENTED = new Set([true, 'true', 'on', '1', 'yes']);

// The product's namespace and scope (libs/contracts/src/lead-id.ts), so a
// key maps to the same lead id on both.
const IDEMPOTENCY_NAMESPACE = Buffer.from('5f0c2f7e8d3a4b1c9e6a7b2d4c1f0e9a', 'hex');
function leadIdFor(key) {
  if (!key) return randomUUID();
  const h = createHash('sha1').update(IDEMPOTENCY_NAMESPACE).update(`${prefix}\u0000${key}`).digest();
  h[6] = (h[6] & 0x0f) | 0x50;
  h[8] = (h[8] & 0x3f) | 0x80;
  const x = h.subarray(0, 16).toString('hex');
  return `${x.slice(0, 8)}-${x.slice(8, 12)}-${x.slice(12, 16)}-${x.slice(16, 20)}-${x.slice(20)}`;
}

const text = (v, max) => typeof v === 'string' && v.trim() !== '' && v.length <= max;
const optional = (v, max) => (text(v, max) ? v.trim() : null);

/** The lead's fields as the product's payload carries them, or the list of errors. */
function readLead(b) {
  if (typeof b !== 'object' || b === null || Array.isArray(b)) return { errors: [{ field: 'body', code: 'invalid_body' }] };
  const errors = [];
  if (!text(b.name, 50)) errors.push({ field: 'name', code: 'required' });
  if (!text(b.requirement, 5000)) errors.push({ field: 'requirement', code: 'required' });
  const phoneRaw = optional(b.phone, 40);
  const digits = phoneRaw && phoneRaw.replace(/[\s()-]/g, '');
  if (digits && !/^\+?\d{5,20}$/.test(digits)) errors.push({ field: 'phone', code: 'invalid_phone' });
  const email = optional(b.email, 254);
  if (email && !email.includes('@')) errors.push({ field: 'email', code: 'invalid_email' });
  if (!phoneRaw && !email) errors.push({ field: 'phone', code: 'contact_required' });
  if (!CONSENTED.has(b.consent)) errors.push({ field: 'consent', code: 'consent_required' });
  if (errors.length) return { errors };
  const utm = {};
  const extras = {};
  for (const k of Object.keys(b)) {
    if (UTM_KEYS.has(k)) utm[k] = String(b[k]).slice(0, 200);
    else if (!KNOWN.has(k)) extras[k] = String(b[k]).slice(0, 1000);
  }
  return {
    fields: {
      name: b.name.trim(),
      phone: digits ? (digits.startsWith('+') ? digits : `+86${digits}`) : null,
      phoneRaw,
      email,
      company: optional(b.company, 100),
      requirement: b.requirement.trim(),
      consent: true,
      utm,
      extras,
    },
  };
}

const app = Fastify({ logger: false, bodyLimit: 64 * 1024 });

app.post('/api/leads', async (request, reply) => {
  const { fields, errors } = readLead(request.body);
  if (errors) return reply.code(400).send({ errors });
  const id = leadIdFor(request.headers['idempotency-key']);
  const payload = {
    v: 1,
    id,
    fields,
    context: {
      receivedAt: new Date().toISOString(),
      ip: request.ip,
      userAgent: request.headers['user-agent'] || null,
      page: request.headers.referer || null,
      privacyPolicyVersion: null,
    },
  };
  try {
    await queue.add('lead.received', payload, { ...jobOptions, jobId: id });
  } catch {
    reply.header('Retry-After', '5');
    return reply.code(503).send({ message: 'queue unavailable' });
  }
  return reply.code(202).send({ id, status: 'queued' });
});

serveBaseline(app, queue, { name: 'lean-gateway', port, host });
