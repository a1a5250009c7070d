import { z } from 'zod';
import { channelsEnv } from './channels-env';
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

/** Variables both apps read. */
export const commonEnv = {
  NODE_ENV: z.string().default('development'),
  REDIS_URL: urlOf(/^rediss?:$/).default('redis://127.0.0.1:6379'),
  QUEUE_PREFIX: z
    .string()
    .regex(/^[A-Za-z0-9_.-]{1,64}$/, 'letters, digits, "_", "-" and "." only (at most 64)')
    .default('leads'),
  LOG_LEVEL: logLevel,
  /** Proxy hops (a number) or proxy IPs/CIDRs whose X-Forwarded-For/-Proto an app believes; empty = none. */
  TRUST_PROXY: z.string().default(''),
  /** Sentinels to ask for the master (REDIS_URL then gives only password and db). */
  REDIS_SENTINELS: hostPorts,
  REDIS_SENTINEL_NAME: z.string().trim().min(1).default('mymaster'),
  REDIS_SENTINEL_PASSWORD: z.string().optional(),
  /** Cluster seed nodes: Redis Cluster mode (queue keys get the hash tag `{QUEUE_PREFIX}`). */
  REDIS_CLUSTER_NODES: hostPorts,
  /** A 202 only once `WAIT` saw the job on this many replicas (0 = off). */
  REDIS_WAIT_REPLICAS: int(0),
  REDIS_WAIT_TIMEOUT_MS: int(500, 1),
  /** `true`: refuse to start unless Redis evicts nothing (maxmemory-policy noeviction). */
  REDIS_REQUIRE_NOEVICTION: bool(false),
  // Job options are stored with each job when it is added, so the producer
  // (gateway) and the consumer (worker) must read the same values.
  INTAKE_ATTEMPTS: int(20, 1),
  ALERT_ATTEMPTS: int(20, 1),
  JOB_BACKOFF_MS: int(10000, 10),
  COMPLETED_JOB_MAX_AGE_SECONDS: int(3600, 1),
  FAILED_JOB_MAX_AGE_DAYS: int(14, 1),
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

export const gatewayEnv = z
  .object({
    ...commonEnv,
    GATEWAY_HOST: z.string().default('0.0.0.0'),
    GATEWAY_PORT: int(3000, 0).refine((p) => p < 65536, 'must be a port number'),
    /** Upper bound for one enqueue round trip before answering 503. */
    REDIS_TIMEOUT_MS: int(2000, 50),
    BODY_LIMIT_BYTES: int(64 * 1024, 1024),
    /** Sites allowed to post with fetch and to be `_next` redirect targets. */
    CORS_ORIGINS: list('').pipe(z.array(z.url({ protocol: /^https?$/ }).transform((u) => new URL(u).origin))),
    CONSENT_REQUIRED: bool(true),
    /** Signs the form's timing token; replicas behind one load balancer need the same value. */
    FORM_TOKEN_SECRET: z.string().min(16, 'use at least 16 characters').optional(),
    /** A form posted sooner than this after the page was served counts as a bot (0 = off). */
    MIN_FILL_SECONDS: int(3),
    /** Form posts per client per minute (0 = off). */
    RATE_LIMIT_PER_MINUTE: int(10),
    /** Same contact + same requirement within this many seconds returns the first lead's id (0 = off). */
    DUPLICATE_WINDOW_SECONDS: int(600),
    /** Site name shown on the form page. */
    COMPANY_NAME: z.string().default(''),
    /** The consent checkbox's link; `/privacy` is the gateway's own default policy. */
    PRIVACY_POLICY_URL: z.string().default('/privacy'),
    PRIVACY_POLICY_VERSION: z.string().default('2026-01'),
    /** A phone number shown to visitors on the thank-you and privacy pages (optional). */
    CONTACT_HOTLINE: z
      .string()
      .trim()
      .regex(/^\+?[\d(][\d ()-]{3,28}\d$/, 'a phone number: digits, spaces, "-", "(", ")" and a leading "+" only')
      .optional(),
    /** true: /metrics answers without credentials; otherwise it needs METRICS_TOKEN (never the admin's password). */
    METRICS_PUBLIC: bool(false),
    /** `Authorization: Bearer <token>` opens /metrics; unset (and not public): /metrics is off (404). */
    METRICS_TOKEN: metricsToken,
  })
  .superRefine(oneRedisMode);

export const workerEnv = z
  .object({
    ...commonEnv,
    DATABASE_URL: urlOf(/^postgres(ql)?:$/).default('postgres://postgres@127.0.0.1:5432/leads'),
    /** May the worker create the database when it is missing? */
    DATABASE_CREATE: bool(true),
    DATABASE_POOL_SIZE: int(10, 1),
    /** A direct (not pooled) connection for migrations and their lock, when DATABASE_URL goes through PgBouncer. */
    DATABASE_MIGRATION_URL: urlOf(/^postgres(ql)?:$/).optional(),
    SMTP_URL: urlOf(/^smtps?:$/).optional(),
    SMTP_TIMEOUT_MS: int(30000, 100),
    MAIL_TO: list('service@youpower.com.cn').refine((l) => l.length > 0, 'needs at least one address'),
    MAIL_FROM: z.string().default('Lead Intake <no-reply@youpower.com.cn>'),
    MAIL_DIR: z.string().default('var/mail'),
    ADMIN_HOST: z.string().default('0.0.0.0'),
    ADMIN_PORT: int(3001, 0).refine((p) => p < 65536, 'must be a port number'),
    ADMIN_USER: z.string().default('admin'),
    ADMIN_PASSWORD: z.string().optional(),
    /** Sales staff accounts: `name:password,name2:password2`; a password may be a bcrypt hash. */
    STAFF_USERS: z.string().default(''),
    /** Where reminders for a staff member go: `name:email,name2:email2`. */
    STAFF_EMAILS: z.string().default(''),
    /** An open task still untouched this many minutes after its due time is escalated. */
    ESCALATION_MINUTES: int(60, 1),
    /** Escalation recipients (comma-separated); default MAIL_TO. */
    ESCALATION_TO: list(''),
    /** e.g. `Mon-Fri 09:00-18:00 Asia/Shanghai`: leads arriving outside count their due time from the next opening. */
    BUSINESS_HOURS: z.string().default(''),
    /** Erase leads older than this many days, daily (0 = keep). */
    LEAD_RETENTION_DAYS: int(0),
    /** true: /metrics answers without credentials; otherwise METRICS_TOKEN or an admin's credentials. */
    METRICS_PUBLIC: bool(false),
    /** `Authorization: Bearer <token>` opens /metrics, as on the gateway (one scrape config for both). */
    METRICS_TOKEN: metricsToken,
    FOLLOW_UP_SLA_MINUTES: int(30, 1),
    /** Speed to lead: an owner should touch a new lead within this many business minutes (0 = off). */
    CLAIM_WITHIN_MINUTES: int(10),
    /** Times a silent owner's lead is passed on; after that the owner keeps it and the managers are told. */
    REROUTE_LIMIT: int(2),
    /** Signs the personal links in owners' emails; unset: one is generated at first boot and kept in Postgres. */
    LINK_SECRET: z.string().min(32, 'at least 32 characters').optional(),
    /** A personal link works this many hours after it was sent. */
    LINK_TTL_HOURS: int(72, 1),
    /** Monday 09:00 (business zone): last week's speed to lead by email to the managers. */
    WEEKLY_REVIEW: bool(true),
    // Jobs in flight per queue. Each lead's job mostly waits (Postgres, SMTP,
    // Redis); 20 overlaps more of that waiting, which drained a backlog ~8 %
    // faster at ~5 % less CPU per alert than 8 (bench/PROFILE.md).
    WORKER_CONCURRENCY: int(20, 1),
    // Lock + stalled check + lease bound how soon a killed worker's job runs
    // elsewhere: 15 s + 10 s, then a lease expired 20 s after its last renewal.
    WORKER_LOCK_DURATION_MS: int(15000, 1000),
    WORKER_STALLED_INTERVAL_MS: int(10000, 500),
    WORKER_MAX_STALLED_COUNT: int(5, 1),
    JOB_BACKOFF_MAX_MS: int(30 * 60 * 1000, 10),
    SWEEP_INTERVAL_SECONDS: int(60, 1),
    ALERT_STUCK_MINUTES: int(10, 1),
    /** A claimed alert is another attempt's after this long without a renewal (renewed while sending). */
    ALERT_SEND_LEASE_SECONDS: int(20, 3),
    /** How long a failed alert rests before the sweeper starts a new round of retries. */
    ALERT_REDRIVE_FAILED_MINUTES: int(60, 1),
    /** More new-lead alerts than this in a minute go out as one digest email instead (0 = off). */
    FLOOD_ALERTS_PER_MINUTE: int(60),
    /** Send the visitor a short fixed confirmation email (at most one per address per day). */
    AUTORESPONSE_ENABLED: bool(false),
    /** How often the worker checks that its queue consumers are still running. */
    WORKER_WATCHDOG_SECONDS: int(10, 1),
    /** Chat robots and signed webhooks (see channels-env.ts). */
    ...channelsEnv,
    /** Who a new lead goes to: the next eligible salesperson in turn, or nobody (claimed on the board). */
    ASSIGNMENT: z.enum(['round-robin', 'none']).default('round-robin'),
    /** A lead matching an earlier one's phone or email within this many days goes to that lead's owner (0 = off). */
    RETURNING_CUSTOMER_DAYS: int(730),
    /** A board session unused this long ends. */
    SESSION_IDLE_MINUTES: int(480, 1),
    /** A board session ends this long after its login, however busy. */
    SESSION_MAX_HOURS: int(24, 1),
    /** "Remember this phone" on the login page: that session lasts (and may idle) this many days. */
    SESSION_REMEMBER_DAYS: int(30, 1),
    /** Audit log entries older than this are deleted, daily. */
    AUDIT_RETENTION_DAYS: int(365, 1),
    /** Failed logins of one account from one client IP in 15 minutes before that IP gets 429 for it (0 = off). */
    LOGIN_MAX_FAILURES: int(5),
    /** A lead whose spam score (0..1) is at or over this is quarantined: stored, paging nobody. */
    SPAM_THRESHOLD: z.coerce.number().min(0).max(1).default(0.8),
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
