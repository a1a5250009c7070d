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
  /** Go ahead with this id: the candidate, or the one an earlier post with the same key and body was given. */
  | { kind: 'admitted'; id: string; dedupeKeys: string[] }
  | { kind: 'rate_limited'; retryAfterSeconds: number }
  | { kind: 'duplicate'; id: string }
  /** The Idempotency-Key came before with a different body. */
  | { kind: 'key_reused' };

/** An Idempotency-Key and the fingerprint of the validated fields it came with. */
export interface IdempotencyClaim {
  key: string;
  fingerprint: string;
}

/** How long an Idempotency-Key keeps its lead: retries come within minutes, a day is generous. */
export const IDEMPOTENCY_TTL_SECONDS = 24 * 3600;

// One round trip for every check. KEYS[1]: the client's counter for this
// minute; KEYS[2], when ARGV[5] (the fingerprint) is not empty: the
// Idempotency-Key's record "<fingerprint> <lead id>"; the remaining KEYS:
// the duplicate-window keys of this lead's contacts. ARGV[2]: the candidate
// id; ARGV[4]: the lead queue's job key prefix; ARGV[6]: the record's TTL.
// Returns {'limited', ttl} | {'reused'} | {'duplicate', firstId} | {'ok', id}.
//
// A known key with the same fingerprint answers with its recorded id and
// goes on as a new post would: enqueueing that id again is harmless (the
// job id is the lead id), and is what a retry after a failed add needs.
// A new key is recorded with the id this post ends up with, so its retries
// get the same answer, a duplicate's included.
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
local id = ARGV[2]
local fingerprint = ARGV[5]
local first = 2
local fresh = false
if fingerprint ~= '' then
  first = 3
  local known = redis.call('GET', KEYS[2])
  if known then
    local sep = string.find(known, ' ', 1, true)
    if not sep or string.sub(known, 1, sep - 1) ~= fingerprint then return {'reused'} end
    id = string.sub(known, sep + 1)
  else
    fresh = true
  end
end
local window = tonumber(ARGV[3])
if window > 0 and #KEYS >= first then
  for i = first, #KEYS do
    local prior = redis.call('GET', KEYS[i])
    if prior and redis.call('EXISTS', ARGV[4] .. prior) == 1 then
      if fresh then redis.call('SET', KEYS[2], fingerprint .. ' ' .. prior, 'EX', ARGV[6]) end
      return {'duplicate', prior}
    end
  end
  for i = first, #KEYS do redis.call('SET', KEYS[i], id, 'EX', window) end
end
if fresh then redis.call('SET', KEYS[2], fingerprint .. ' ' .. id, 'EX', ARGV[6]) end
return {'ok', id}
`;

type AdmissionRedis = (Redis | Cluster) & {
  leadAdmission(...args: (string | number)[]): Promise<[string, (string | number)?]>;
};

/**
 * Per-client rate limit, Idempotency-Keys and duplicate window, shared by
 * every gateway replica through Redis. Every key starts with the queue key prefix, which
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

  /** Whether a post without an Idempotency-Key needs Redis before it is queued. */
  get enabled(): boolean {
    return this.config.RATE_LIMIT_PER_MINUTE > 0 || this.config.DUPLICATE_WINDOW_SECONDS > 0;
  }

  /** Throws when Redis cannot answer in time: the caller answers 503. */
  async admit(clientIp: string, fields: LeadFields, candidateId: string, claim?: IdempotencyClaim): Promise<Admission> {
    const p = this.prefix;
    const minute = Math.floor(Date.now() / 60_000);
    const dedupeKeys = this.config.DUPLICATE_WINDOW_SECONDS > 0 ? duplicateKeys(p, fields) : [];
    const keys = [`${p}:gateway:rate:${clientIp}:${minute}`];
    if (claim) keys.push(idempotencyKey(p, claim.key));
    keys.push(...dedupeKeys);
    const reply = await withTimeout(
      this.redis.leadAdmission(
        keys.length,
        ...keys,
        this.config.RATE_LIMIT_PER_MINUTE,
        candidateId,
        this.config.DUPLICATE_WINDOW_SECONDS,
        this.jobKeyPrefix,
        claim?.fingerprint ?? '',
        IDEMPOTENCY_TTL_SECONDS,
      ),
      this.config.REDIS_TIMEOUT_MS,
      'redis admission',
    );
    if (reply[0] === 'limited') return { kind: 'rate_limited', retryAfterSeconds: Math.max(1, Number(reply[1]) || 60) };
    if (reply[0] === 'duplicate') return { kind: 'duplicate', id: String(reply[1]) };
    if (reply[0] === 'reused') return { kind: 'key_reused' };
    return { kind: 'admitted', id: String(reply[1]), dedupeKeys };
  }

  /**
   * Counts a post that will be refused anyway (invalid input) against the
   * client's limit, so a flood of junk is throttled like a flood of leads.
   */
  async countRefused(clientIp: string): Promise<{ kind: 'counted' } | { kind: 'rate_limited'; retryAfterSeconds: number }> {
    if (this.config.RATE_LIMIT_PER_MINUTE === 0) return { kind: 'counted' };
    const key = `${this.prefix}:gateway:rate:${clientIp}:${Math.floor(Date.now() / 60_000)}`;
    const reply = await withTimeout(
      this.redis.leadAdmission(1, key, this.config.RATE_LIMIT_PER_MINUTE, '', 0, this.jobKeyPrefix, '', 0),
      this.config.REDIS_TIMEOUT_MS,
      'redis admission',
    );
    if (reply[0] === 'limited') return { kind: 'rate_limited', retryAfterSeconds: Math.max(1, Number(reply[1]) || 60) };
    return { kind: 'counted' };
  }

  /** Frees the duplicate window again when the lead could not be queued. */
  async release(dedupeKeys: string[]): Promise<void> {
    if (dedupeKeys.length) await withTimeout(this.redis.del(...dedupeKeys), this.config.REDIS_TIMEOUT_MS, 'redis release');
  }

  async onModuleDestroy(): Promise<void> {
    await this.redis.quit().catch(() => this.redis.disconnect());
  }
}

/** Where an Idempotency-Key's record lives; hashed, so a key of any characters makes a plain Redis key. */
function idempotencyKey(prefix: string, key: string): string {
  return `${prefix}:gateway:idem:${hash('sha256', key, 'base64url')}`;
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
