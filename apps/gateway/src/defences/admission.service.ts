import { Injectable, OnModuleDestroy } from '@nestjs/common';
import { hash } from 'node:crypto';
import type { Cluster, Redis } from 'ioredis';
import { InjectPinoLogger, PinoLogger } from 'nestjs-pino';
import {
  createRedisClient,
  GatewayConfig,
  InjectConfig,
  logConnectionErrors,
  queueKeyPrefix,
  redisConnection,
  withTimeout,
} from '@app/config';
import { QueueName, type LeadFields } from '@app/contracts';

export type Admission =
  | { kind: 'admitted'; dedupeKeys: string[] }
  | { kind: 'rate_limited'; retryAfterSeconds: number }
  | { kind: 'duplicate'; id: string };

// One round trip for both checks. KEYS[1]: the client's counter for this
// minute; KEYS[2..]: the duplicate-window keys of this lead's contacts;
// ARGV[4]: the lead queue's job key prefix. Returns {'limited', ttl} |
// {'duplicate', firstId} | {'ok'}.
//
// A window key only proves a duplicate while the first lead's job exists
// (completed jobs outlive the window): when its add failed and the key
// could not be released (Redis lost mid-request, a failover), answering
// "duplicate" would hand out the id of a lead that was never queued.
const ADMISSION_LUA = `
local limit = tonumber(ARGV[1])
if limit > 0 then
  local n = redis.call('INCR', KEYS[1])
  if n == 1 then redis.call('EXPIRE', KEYS[1], 60) end
  if n > limit then return {'limited', redis.call('TTL', KEYS[1])} end
end
local window = tonumber(ARGV[3])
if window > 0 and #KEYS > 1 then
  for i = 2, #KEYS do
    local first = redis.call('GET', KEYS[i])
    if first and redis.call('EXISTS', ARGV[4] .. first) == 1 then return {'duplicate', first} end
  end
  for i = 2, #KEYS do redis.call('SET', KEYS[i], ARGV[2], 'EX', window) end
end
return {'ok'}
`;

type AdmissionRedis = (Redis | Cluster) & {
  leadAdmission(...args: (string | number)[]): Promise<[string, (string | number)?]>;
};

/**
 * Per-client rate limit and duplicate window, shared by every gateway
 * replica through Redis. Every key starts with the queue key prefix, which
 * in Cluster mode is a hash tag: the script's keys then share one slot.
 */
@Injectable()
export class AdmissionService implements OnModuleDestroy {
  private readonly redis: AdmissionRedis;
  private readonly prefix: string;
  /** BullMQ's key of a lead-intake job is this followed by the job id (= lead id). */
  private readonly jobKeyPrefix: string;

  constructor(
    @InjectConfig() private readonly config: GatewayConfig,
    @InjectPinoLogger(AdmissionService.name) logger: PinoLogger,
  ) {
    this.prefix = queueKeyPrefix(config);
    this.jobKeyPrefix = `${this.prefix}:${QueueName.LeadIntake}:`;
    this.redis = createRedisClient(redisConnection(config, 'gateway'), {
      connectionName: 'gateway-admission',
    }) as AdmissionRedis;
    logConnectionErrors(this.redis, 'gateway-admission', logger);
    this.redis.defineCommand('leadAdmission', { lua: ADMISSION_LUA });
  }

  get enabled(): boolean {
    return this.config.RATE_LIMIT_PER_MINUTE > 0 || this.config.DUPLICATE_WINDOW_SECONDS > 0;
  }

  /** Throws when Redis cannot answer in time: the caller answers 503. */
  async admit(clientIp: string, fields: LeadFields, candidateId: string): Promise<Admission> {
    const p = this.prefix;
    const minute = Math.floor(Date.now() / 60_000);
    const dedupeKeys = this.config.DUPLICATE_WINDOW_SECONDS > 0 ? duplicateKeys(p, fields) : [];
    const keys = [`${p}:gateway:rate:${clientIp}:${minute}`, ...dedupeKeys];
    const reply = await withTimeout(
      this.redis.leadAdmission(
        keys.length,
        ...keys,
        this.config.RATE_LIMIT_PER_MINUTE,
        candidateId,
        this.config.DUPLICATE_WINDOW_SECONDS,
        this.jobKeyPrefix,
      ),
      this.config.REDIS_TIMEOUT_MS,
      'redis admission',
    );
    if (reply[0] === 'limited') return { kind: 'rate_limited', retryAfterSeconds: Math.max(1, Number(reply[1]) || 60) };
    if (reply[0] === 'duplicate') return { kind: 'duplicate', id: String(reply[1]) };
    return { kind: 'admitted', dedupeKeys };
  }

  /**
   * Counts a post that will be refused anyway (invalid input) against the
   * client's limit, so a flood of junk is throttled like a flood of leads.
   */
  async countRefused(clientIp: string): Promise<Admission> {
    if (this.config.RATE_LIMIT_PER_MINUTE === 0) return { kind: 'admitted', dedupeKeys: [] };
    const key = `${this.prefix}:gateway:rate:${clientIp}:${Math.floor(Date.now() / 60_000)}`;
    const reply = await withTimeout(
      this.redis.leadAdmission(1, key, this.config.RATE_LIMIT_PER_MINUTE, '', 0, this.jobKeyPrefix),
      this.config.REDIS_TIMEOUT_MS,
      'redis admission',
    );
    if (reply[0] === 'limited') return { kind: 'rate_limited', retryAfterSeconds: Math.max(1, Number(reply[1]) || 60) };
    return { kind: 'admitted', dedupeKeys: [] };
  }

  /** Frees the duplicate window again when the lead could not be queued. */
  async release(dedupeKeys: string[]): Promise<void> {
    if (dedupeKeys.length) await withTimeout(this.redis.del(...dedupeKeys), this.config.REDIS_TIMEOUT_MS, 'redis release');
  }

  async onModuleDestroy(): Promise<void> {
    await this.redis.quit().catch(() => this.redis.disconnect());
  }
}

/** Keys of "this contact already asked this" for the duplicate window. */
export function duplicateKeys(prefix: string, fields: Pick<LeadFields, 'phone' | 'email' | 'requirement'>): string[] {
  const text = fields.requirement.replace(/\s+/g, ' ').trim().toLowerCase();
  const keyOf = (kind: string, contact: string) =>
    `${prefix}:gateway:dup:${kind}:${hash('sha256', `${contact.toLowerCase()}\u0000${text}`, 'base64url')}`;
  const keys: string[] = [];
  if (fields.phone) keys.push(keyOf('p', fields.phone));
  if (fields.email) keys.push(keyOf('e', fields.email));
  return keys;
}
