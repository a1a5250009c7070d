import { z } from 'zod';
import { channelsEnv } from './channels-env';
import { captchaCredentials, captchaEnv } from './captcha-env';
import { bool, int, list } from './env-fields';

export { bool, int, list } from './env-fields';

const urlOf = (protocols: RegExp) =>
  z
    .string()
    .trim()
    .refine(
      (v) => {
        try {
          return protocols.test(new URL(v).protocol);
        } catch {
          return false;
        }
      },
      `must be a URL (${protocols.source.replace(/[\^$]/g, '')})`,
    );

/** `host:port,host:port`: Sentinel or Cluster seed addresses. */
const hostPorts = list('').refine(
  (l) => l.every((a) => /^[^\s:]+:\d{1,5}$/.test(a) && Number(a.split(':')[1]) < 65536),
  'must be host:port pairs separated by commas',
);

/** A bearer token for /metrics (RFC 6750 token characters), long enough not to be guessed. */
const metricsToken = z
  .string()
  .trim()
  .min(16, 'use at least 16 characters')
  .regex(/^[A-Za-z0-9._~+/-]+=*$/, 'letters, digits and - . _ ~ + / only (a bearer token)')
  .optional();

const logLevel = z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info');

/**
 * Variables both apps read, each defined once. Every field says what it
 * means with `.describe()`: scripts/env-docs.js writes docs/configuration.md
 * and .env.example from these texts and defaults (env-reference.ts).
 */
export const commonEnv = {
  NODE_ENV: z.string().default('development').meta({
    description: '`production` in deployments (Nest and pino behave as in production); anything else is development.',
    example: 'production',
  }),
  REDIS_URL: urlOf(/^rediss?:$/)
    .default('redis://127.0.0.1:6379')
    .describe(
      'Redis holding the BullMQ queues. Use AOF and maxmemory-policy noeviction (docs/operations.md, Guarantees). With REDIS_SENTINELS it gives only the password and db.',
    ),
  QUEUE_PREFIX: z
    .string()
    .regex(/^[A-Za-z0-9_.-]{1,64}$/, 'letters, digits, "_", "-" and "." only (at most 64)')
    .default('leads')
    .describe("BullMQ key prefix: deployments with different prefixes never see each other's jobs."),
  LOG_LEVEL: logLevel.describe('fatal | error | warn | info | debug | trace | silent (JSON lines, pino).'),
  TRUST_PROXY: z
    .string()
    .default('')
    .describe(
      'Which proxies to believe about the client (X-Forwarded-For/-Proto): empty = none (the socket address is the client), a number = that many hops, or comma-separated proxy IPs/CIDRs. The gateway uses it for the rate limit; the worker for login throttling, the audit log and Secure cookies.',
    ),
  REDIS_SENTINELS: hostPorts.describe(
    'Sentinel mode: host:port,host:port,... of the sentinels; the apps ask them for the master (REDIS_URL then gives only its password and db). See docs/high-availability.md.',
  ),
  REDIS_SENTINEL_NAME: z.string().trim().min(1).default('mymaster').describe('The master group name the sentinels monitor.'),
  REDIS_SENTINEL_PASSWORD: z
    .string()
    .optional()
    .describe('Password of the sentinels themselves, if they have one (requirepass in sentinel.conf).'),
  REDIS_CLUSTER_NODES: hostPorts.describe(
    'Redis Cluster mode: host:port,... of some nodes; queue keys then get the hash tag {QUEUE_PREFIX}. Set REDIS_SENTINELS or REDIS_CLUSTER_NODES, not both.',
  ),
  REDIS_WAIT_REPLICAS: int(0).describe(
    'Gateway: answer 202 only once WAIT saw the job on this many replicas (and, with Sentinel, a majority of sentinels name the node written to as master); otherwise 503. 0 = off.',
  ),
  REDIS_WAIT_TIMEOUT_MS: int(500, 1).describe("How long the gateway's WAIT waits for the replicas, in ms."),
  REDIS_REQUIRE_NOEVICTION: bool(false).describe(
    'true: refuse to start unless Redis evicts nothing (maxmemory-policy noeviction); false: warn only.',
  ),
  // Job options are stored with each job when it is added, so the producer
  // (gateway) and the consumer (worker) must read the same values: hence here.
  INTAKE_ATTEMPTS: int(20, 1).describe(
    'Attempts of the intake job (store + alert). Job options are stored with each job when it is added: set the same values on both apps.',
  ),
  ALERT_ATTEMPTS: int(20, 1).describe('Attempts of a re-driven alert job (set alike on both apps).'),
  JOB_BACKOFF_MS: int(10000, 10).describe('First retry delay; doubles per attempt up to JOB_BACKOFF_MAX_MS (worker).'),
  COMPLETED_JOB_MAX_AGE_SECONDS: int(3600, 1).describe(
    'Completed jobs (they carry the form data) are removed from Redis after this many seconds.',
  ),
  FAILED_JOB_MAX_AGE_DAYS: int(14, 1).describe('Failed jobs are kept this many days for inspection in Bull Board.'),
  METRICS_PUBLIC: bool(false).describe(
    "true: /metrics answers without credentials on both apps; otherwise it needs METRICS_TOKEN (on the worker also an admin's HTTP Basic credentials, where the admin role runs).",
  ),
  METRICS_TOKEN: metricsToken.describe(
    "Prometheus scrapes /metrics with \"Authorization: Bearer <this>\" (at least 16 characters: letters, digits, - . _ ~ + /), compared in constant time; more than 10 failures a minute from one client get 429. Set the same value on both apps. Unset and not public: the gateway's /metrics (and a consumer-only worker's) is off (404); the admin's password never opens the gateway's.",
  ),
};

/** Sentinel and Cluster are two ways to find Redis: one at a time. */
function oneRedisMode(c: { REDIS_SENTINELS: string[]; REDIS_CLUSTER_NODES: string[] }, ctx: z.RefinementCtx): void {
  if (c.REDIS_SENTINELS.length > 0 && c.REDIS_CLUSTER_NODES.length > 0) {
    ctx.addIssue({
      code: 'custom',
      path: ['REDIS_CLUSTER_NODES'],
      message: 'set REDIS_SENTINELS or REDIS_CLUSTER_NODES, not both',
    });
  }
}

const port = (def: number) => int(def, 0).refine((p) => p < 65536, 'must be a port number');

export const gatewayEnv = z
  .object({
    ...commonEnv,
    GATEWAY_HOST: z.string().default('0.0.0.0').describe('Address the public gateway listens on.'),
    GATEWAY_PORT: port(3000).describe('Port of the public gateway (form posts, form pages, embed.js).'),
    REDIS_TIMEOUT_MS: int(2000, 50).describe('Longest wait for Redis to acknowledge a lead before answering 503.'),
    BODY_LIMIT_BYTES: int(64 * 1024, 1024).describe('Largest accepted body in bytes (larger: 413).'),
    CORS_ORIGINS: list('')
      .pipe(z.array(z.url({ protocol: /^https?$/ }).transform((u) => new URL(u).origin)))
      .describe(
        "Comma-separated origins of the company's sites, e.g. https://www.youpower.com.cn. Only these may post with fetch/embed.js (CORS) and be `_next` redirect targets; when set, a post whose Origin is another site gets 403.",
      ),
    CONSENT_REQUIRED: bool(true).describe('true: a lead without consent is a field error on `consent` (PIPL).'),
    FORM_TOKEN_SECRET: z
      .string()
      .min(16, 'use at least 16 characters')
      .optional()
      .describe(
        "Signs the form's timing token (at least 16 characters). Unset: a random key per process, fine for one gateway; replicas behind one load balancer need the same value.",
      ),
    MIN_FILL_SECONDS: int(3).describe(
      'A form posted sooner than this after the page was served is treated like a bot (0 = off).',
    ),
    RATE_LIMIT_PER_MINUTE: int(10).describe(
      'Form posts per client per minute, shared by all gateway replicas through Redis (0 = off).',
    ),
    DUPLICATE_WINDOW_SECONDS: int(600).describe(
      "Same phone or email with the same requirement within this many seconds returns the first lead's id (0 = off), as long as that lead's job is still in Redis: keep COMPLETED_JOB_MAX_AGE_SECONDS at least as long.",
    ),
    COMPANY_NAME: z.string().default('').describe('Site name shown on the form page and in the default privacy policy.'),
    PRIVACY_POLICY_URL: z
      .string()
      .default('/privacy')
      .describe(
        "Linked from the form's consent checkbox. /privacy is the gateway's own default policy (zh/en: what the form collects and why, sharing, retention, the visitor's rights, COMPANY_NAME, CONTACT_HOTLINE and PRIVACY_POLICY_VERSION); set your own policy's URL to replace it.",
      ),
    PRIVACY_POLICY_VERSION: z.string().default('2026-01').describe('Stored with each lead that gave consent.'),
    CONTACT_HOTLINE: z
      .string()
      .trim()
      .regex(/^\+?[\d(][\d ()-]{3,28}\d$/, 'a phone number: digits, spaces, "-", "(", ")" and a leading "+" only')
      .optional()
      .describe(
        'A phone number visitors may call, shown on the thank-you page and in the default privacy policy (digits, spaces, "-", "(", ")" and a leading "+"). Empty: none shown.',
      ),
    ...captchaEnv,
  })
  .superRefine(oneRedisMode)
  .superRefine(captchaCredentials);

/** What a worker process runs: the queue consumers, the staff web app on ADMIN_PORT, or both. */
export const WORKER_ROLE_NAMES = ['consumer', 'admin'] as const;
export type WorkerRole = (typeof WORKER_ROLE_NAMES)[number];

const workerRoles = list('consumer,admin')
  .pipe(z.array(z.enum(WORKER_ROLE_NAMES, { error: 'roles are consumer and admin' })).min(1, 'name at least one role'))
  .transform((roles) => [...new Set(roles)]);

export const workerEnv = z
  .object({
    ...commonEnv,
    WORKER_ROLES: workerRoles.describe(
      'What this worker process runs: `consumer,admin` (one process, one port), or `consumer` (the queue consumers; ADMIN_PORT answers only /health and /metrics) or `admin` (the board, APIs and Bull Board; takes no job) alone, to run and scale them apart (docs/high-availability.md).',
    ),
    DATABASE_URL: urlOf(/^postgres(ql)?:$/)
      .default('postgres://postgres@127.0.0.1:5432/leads')
      .describe('Postgres holding leads, tasks, the notification ledger, staff and the audit log.'),
    DATABASE_CREATE: bool(true).describe('true: create the database if it is missing (needs CREATEDB on the server).'),
    DATABASE_POOL_SIZE: int(10, 1).describe("Connections in the worker's Postgres pool."),
    DATABASE_MIGRATION_URL: urlOf(/^postgres(ql)?:$/)
      .optional()
      .describe(
        'A direct connection (not PgBouncer) for creating the database, the migrations and their lock, when DATABASE_URL goes through PgBouncer in transaction mode. Unset: DATABASE_URL.',
      ),
    SMTP_URL: urlOf(/^smtps?:$/)
      .optional()
      .describe(
        'e.g. smtp://user:pass@smtp.example.com:587 or smtps://...:465. Unset: emails are written as .eml files under MAIL_DIR instead.',
      ),
    SMTP_TIMEOUT_MS: int(30000, 100).describe('Connection, greeting and socket timeout for SMTP, in ms.'),
    MAIL_TO: list('service@youpower.com.cn')
      .refine((l) => l.length > 0, 'needs at least one address')
      .describe('Comma-separated recipients of the alerts.'),
    MAIL_FROM: z.string().default('Lead Intake <no-reply@youpower.com.cn>').describe('Sender of every email.'),
    MAIL_DIR: z.string().default('var/mail').describe('Where emails go as .eml files when SMTP_URL is unset.'),
    ADMIN_HOST: z.string().default('0.0.0.0').describe("Address the worker's admin port listens on."),
    ADMIN_PORT: port(3001).describe(
      "The worker's port: board, staff/admin API, Bull Board, /health and /metrics (a consumer-only worker: /health and /metrics only).",
    ),
    PUBLIC_FORM_URL: z
      .url({ protocol: /^https?$/, error: 'must be an http(s) URL, e.g. https://forms.example.com' })
      .transform((u) => u.replace(/\/+$/, ''))
      .optional()
      .describe(
        "The gateway's public address as visitors reach it (e.g. https://forms.example.com): the Forms page shows each form's hosted link (<PUBLIC_FORM_URL>/f/<slug>) and its embed snippet with it, ready to copy. Unset: the page shows the path and a snippet with GATEWAY to replace.",
      ),
    ADMIN_USER: z
      .string()
      .default('admin')
      .describe(
        'The admin account (role admin). Accounts live in Postgres and are managed on the board (/admin/board/staff); the env accounts are created at boot, and their password follows the env on every boot.',
      ),
    ADMIN_PASSWORD: z
      .string()
      .optional()
      .describe(
        "Password of ADMIN_USER. No password: admin refuses every request. Browsers log in at /admin/login; scripts may use HTTP Basic (also on the worker's /metrics).",
      ),
    STAFF_USERS: z
      .string()
      .default('')
      .describe('Sales accounts seeded at boot (role sales): name:password,name2:password2 (a password may be a bcrypt hash).'),
    STAFF_EMAILS: z
      .string()
      .default('')
      .describe('Their email addresses (reminders, assignments), seeded when the account has none: name:email,name2:email2.'),
    ESCALATION_MINUTES: int(60, 1).describe(
      'An open, untouched task gets one reminder when due, and one escalation this many minutes later.',
    ),
    ESCALATION_TO: list('').describe('Escalation recipients, comma-separated (default: MAIL_TO).'),
    BUSINESS_HOURS: z
      .string()
      .default('')
      .describe(
        'e.g. `Mon-Fri 09:00-18:00 Asia/Shanghai`: a lead arriving outside counts its due time from the next opening. Empty: always open.',
      ),
    LEAD_RETENTION_DAYS: int(0).describe('Erase the personal data of leads older than this many days, daily (0 = keep).'),
    FOLLOW_UP_SLA_MINUTES: int(30, 1).describe('A follow-up task is due this many minutes after the lead arrived.'),
    CLAIM_WITHIN_MINUTES: int(10).describe(
      'Speed to lead: the first touch (claim, start, contact attempt, note, done) is due within this many business minutes; the reports\' "within target" share uses it, and an owner who has not touched a lead by then loses it to the next person on duty in turn (0 = off).',
    ),
    REROUTE_LIMIT: int(2).describe(
      'A lead is passed on at most this many times; then its owner keeps it and the managers (active manager accounts with an email, and ESCALATION_TO) are told once.',
    ),
    LINK_SECRET: z
      .string()
      .min(32, 'at least 32 characters')
      .optional()
      .describe(
        "Signs the personal links in owners' emails (/admin/go/<token>). Unset: one is generated at first boot and kept in Postgres, shared by every worker.",
      ),
    LINK_TTL_HOURS: int(72, 1).describe('A personal link works this many hours after it was sent.'),
    WEEKLY_REVIEW: bool(true).describe(
      "Monday 09:00 (business zone): last week's speed to lead by email to the managers and in one message to each chat robot, once per week (and robot) across workers.",
    ),
    // 20 jobs in flight overlap more of each job's waiting (Postgres, SMTP,
    // Redis): it drained a backlog ~8 % faster at ~5 % less CPU per alert
    // than 8 (bench/PROFILE.md).
    WORKER_CONCURRENCY: int(20, 1).describe('Jobs processed in parallel per queue.'),
    // Lock + stalled check + lease bound how soon a killed worker's job runs
    // elsewhere: 15 s + 10 s, then a lease expired 20 s after its last renewal.
    WORKER_LOCK_DURATION_MS: int(15000, 1000).describe(
      'A job whose lock is not renewed for this long counts as stalled (worker died) and runs again at the next stalled-job check. With WORKER_STALLED_INTERVAL_MS and ALERT_SEND_LEASE_SECONDS it bounds how soon an alert interrupted by a killed worker goes out from another one (defaults: within 45 s).',
    ),
    WORKER_STALLED_INTERVAL_MS: int(10000, 500).describe('How often a worker checks for stalled jobs, in ms.'),
    WORKER_MAX_STALLED_COUNT: int(5, 1).describe('A job that stalls more often than this fails (the sweeper retries it later).'),
    JOB_BACKOFF_MAX_MS: int(30 * 60 * 1000, 10).describe(
      'Ceiling of the exponential retry delay (30 min: ~20 attempts span about 6 hours).',
    ),
    SWEEP_INTERVAL_SECONDS: int(60, 1).describe('How often the sweeper looks for stuck alerts and exhausted intake jobs.'),
    ALERT_STUCK_MINUTES: int(10, 1).describe('An unsent alert with no live job for this long is queued again.'),
    ALERT_SEND_LEASE_SECONDS: int(20, 3).describe(
      'A "sending" ledger row not renewed for this long belongs to a dead attempt and may be retried (a live send renews it every quarter of this).',
    ),
    ALERT_REDRIVE_FAILED_MINUTES: int(60, 1).describe(
      'A failed alert (all attempts used) gets a new round of retries after this many minutes.',
    ),
    FLOOD_ALERTS_PER_MINUTE: int(60).describe(
      'More new-lead alerts than this in a minute go out as one digest email instead (0 = off).',
    ),
    AUTORESPONSE_ENABLED: bool(false).describe(
      'true: send the visitor a fixed confirmation email, at most one per address per day.',
    ),
    WORKER_WATCHDOG_SECONDS: int(10, 1).describe('How often the worker checks that its queue consumers still run.'),
    ...channelsEnv,
    ASSIGNMENT: z
      .enum(['round-robin', 'none'])
      .default('round-robin')
      .describe(
        'Who a new lead goes to: round-robin (the next active, on-duty person who receives leads) or none (claimed on the board).',
      ),
    RETURNING_CUSTOMER_DAYS: int(730).describe(
      "A lead with the phone or email of a lead from the last N days goes to that lead's owner if still active (0 = off).",
    ),
    SESSION_IDLE_MINUTES: int(480, 1).describe('A board session ends after this many idle minutes.'),
    SESSION_MAX_HOURS: int(24, 1).describe('A board session ends this long after its login, however busy.'),
    SESSION_REMEMBER_DAYS: int(30, 1).describe(
      '"Remember this phone" on the login page: that session lasts (and may idle) this many days.',
    ),
    AUDIT_RETENTION_DAYS: int(365, 1).describe(
      'Audit log entries (logins, staff changes, exports, resends, erasures, reassignments) are kept this many days.',
    ),
    LOGIN_MAX_FAILURES: int(5).describe(
      'Failed logins per account or per client IP in 15 minutes before 429 with Retry-After (0 = off).',
    ),
    SPAM_THRESHOLD: z.coerce
      .number()
      .min(0)
      .max(1)
      .default(0.8)
      .describe(
        'A lead whose spam score (0..1) is at or over this is quarantined: stored, paging nobody, released in one click.',
      ),
  })
  .superRefine(oneRedisMode);

export type GatewayConfig = z.infer<typeof gatewayEnv>;
export type WorkerConfig = z.infer<typeof workerEnv>;

/** The job tuning both apps derive job options from (see jobDefaults). */
export function jobTuning(c: z.infer<typeof gatewayEnv> | z.infer<typeof workerEnv>) {
  return {
    intakeAttempts: c.INTAKE_ATTEMPTS,
    alertAttempts: c.ALERT_ATTEMPTS,
    backoffBaseMs: c.JOB_BACKOFF_MS,
    completedMaxAgeSeconds: c.COMPLETED_JOB_MAX_AGE_SECONDS,
    failedMaxAgeDays: c.FAILED_JOB_MAX_AGE_DAYS,
  };
}
