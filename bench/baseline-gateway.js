'use strict';
/**
 * Raw baseline for the gateway benchmark (bench/run.js): a plain Fastify 5
 * server that validates the lead with a compiled JSON schema (Fastify's
 * built-in Ajv) and makes one BullMQ `queue.add` per request, answering
 * 202 {id, status}. Nothing else: no rate limit, no idempotency, no
 * honeypot, no logging. It is what "the hardware allows" for this job.
 *
 * Env: PORT (3100), HOST (127.0.0.1), REDIS_URL (redis://127.0.0.1:6379),
 * QUEUE_PREFIX (bench-base), QUEUE_NAME (lead-intake).
 */
const { randomUUID } = require('node:crypto');
const Fastify = require('fastify');
const { Queue } = require('bullmq');
const { serveBaseline } = require('./lib/serve-baseline');

const env = process.env;
const port = Number(env.PORT || 3100);
const host = env.HOST || '127.0.0.1';
const redisUrl = new URL(env.REDIS_URL || 'redis://127.0.0.1:6379');
const connection = {
  host: redisUrl.hostname,
  port: Number(redisUrl.port || 6379),
  password: redisUrl.password ? decodeURIComponent(redisUrl.password) : undefined,
  db: redisUrl.pathname.length > 1 ? Number(redisUrl.pathname.slice(1)) : 0,
  // Fail fast instead of queueing commands while Redis is away.
  enableOfflineQueue: false,
};

const queue = new Queue(env.QUEUE_NAME || 'lead-intake', { connection, prefix: env.QUEUE_PREFIX || 'bench-base' });

const line = (max) => ({ type: 'string', maxLength: max, pattern: '^[^\\u0000-\\u001f\\u007f]*$' });
const leadSchema = {
  type: 'object',
  required: ['name', 'requirement'],
  anyOf: [{ required: ['phone'] }, { required: ['email'] }],
  maxProperties: 32,
  properties: {
    name: { ...line(50), minLength: 1 },
    phone: { type: 'string', minLength: 5, maxLength: 40, pattern: '^\\+?[0-9][0-9 ()-]{4,39}$' },
    email: { type: 'string', maxLength: 254, format: 'email' },
    company: line(100),
    requirement: { type: 'string', minLength: 1, maxLength: 5000 },
    consent: { anyOf: [{ type: 'boolean' }, { type: 'string', maxLength: 20 }] },
    _gotcha: { type: 'string', maxLength: 0 },
    _next: { type: 'string', maxLength: 2000 },
    utm_source: line(200),
    utm_medium: line(200),
    utm_campaign: line(200),
    utm_term: line(200),
    utm_content: line(200),
  },
  additionalProperties: { type: 'string', maxLength: 1000 },
};

const jobOptions = {
  attempts: 20,
  backoff: { type: 'exponential', delay: 10000 },
  removeOnComplete: { age: 3600 },
  removeOnFail: { age: 14 * 24 * 3600 },
};

const app = Fastify({ logger: false, bodyLimit: 64 * 1024 });

app.post(
  '/api/leads',
  {
    schema: {
      body: leadSchema,
      response: {
        202: { type: 'object', properties: { id: { type: 'string' }, status: { type: 'string' } } },
      },
    },
  },
  async (request, reply) => {
    const id = randomUUID();
    const payload = {
      v: 1,
      id,
      fields: request.body,
      context: {
        receivedAt: new Date().toISOString(),
        ip: request.ip,
        userAgent: request.headers['user-agent'] || null,
        page: request.headers.referer || null,
      },
    };
    try {
      await queue.add('lead.received', payload, { ...jobOptions, jobId: id });
    } catch {
      reply.header('Retry-After', '5');
      return reply.code(503).send({ message: 'queue unavailable' });
    }
    return reply.code(202).send({ id, status: 'queued' });
  },
);

serveBaseline(app, queue, { name: 'baseline-gateway', port, host });
