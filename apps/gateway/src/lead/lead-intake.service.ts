import { Injectable } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { InjectPinoLogger, PinoLogger } from 'nestjs-pino';
import { InjectConfig, GatewayConfig } from '@app/config';
import {
  CompiledForm,
  DEFAULT_FORM_SLUG,
  FieldError,
  keyedLeadId,
  LeadReceivedPayload,
  maskEmail,
  maskPhone,
  newLeadId,
} from '@app/contracts';
import { AdmissionService, IdempotencyClaim } from '../defences/admission.service';
import { CaptchaService } from '../defences/captcha.service';
import { leadFingerprint } from '../defences/lead-fingerprint';
import { FormTokenService } from '../defences/form-token.service';
import { GatewayMetrics } from '../metrics/gateway-metrics.service';
import { LeadProducer } from './lead-producer.service';

export interface SubmissionMeta {
  /** The request's id in logs, so a warning can be matched to its request line. */
  requestId: string;
  idempotencyKey?: string;
  ip: string;
  userAgent: string | null;
  page: string | null;
}

/**
 * What the request's log line says about a post answered as accepted (built
 * only when that line is logged): the lead id, and how it was settled.
 * Contact details are masked.
 */
export type AcceptedNote = Record<string, unknown> | null;

export type IntakeOutcome =
  | { kind: 'accepted'; id: string; note: AcceptedNote }
  | { kind: 'invalid'; errors: FieldError[] }
  | { kind: 'rate_limited'; retryAfterSeconds: number }
  /** The Idempotency-Key was used before for a different submission. */
  | { kind: 'key_reused' }
  | { kind: 'unavailable' };

const MAX_IDEMPOTENCY_KEY = 200;

/** Decides what happens to one form post: refuse, pretend (spam) or queue. */
@Injectable()
export class LeadIntakeService {
  /** Makes the ids bots get for an Idempotency-Key stable, without storing anything for them. */
  private readonly decoySecret = randomBytes(32);

  constructor(
    private readonly producer: LeadProducer,
    private readonly admission: AdmissionService,
    private readonly tokens: FormTokenService,
    private readonly captcha: CaptchaService,
    private readonly metrics: GatewayMetrics,
    @InjectConfig() private readonly config: GatewayConfig,
    @InjectPinoLogger(LeadIntakeService.name) private readonly logger: PinoLogger,
  ) {}

  /** One post to `form` (POST /api/leads is the default form). */
  async submit(body: unknown, meta: SubmissionMeta, form: CompiledForm): Promise<IntakeOutcome> {
    const key = meta.idempotencyKey?.trim();
    if (key !== undefined && (key.length === 0 || key.length > MAX_IDEMPOTENCY_KEY)) {
      return this.refuse([{ field: 'Idempotency-Key', code: 'too_long', limit: MAX_IDEMPOTENCY_KEY }], body, meta);
    }

    const trap = this.spamVerdict(body);
    if (trap) {
      // Bots get the same answer as people, so they learn nothing.
      this.metrics.rejected(trap);
      const id = key ? keyedLeadId(key, this.decoySecret) : newLeadId();
      return { kind: 'accepted', id, note: this.noted() ? { leadId: id, outcome: 'spam_suspected', reason: trap } : null };
    }

    const result = form.validate(body);
    if (!result.ok) return this.refuse(result.errors, body, meta);
    const { fields, custom } = result;
    const { slug, version } = form.definition;
    const answered = Object.keys(custom).length > 0;

    let id = newLeadId();
    let dedupeKeys: string[] = [];
    let unverified = false;
    try {
      if (this.captcha.active) {
        // After validation: a single-use token is not spent on a post refused for its fields.
        const check = await this.captcha.check(body, slug, meta.ip);
        if (check.kind === 'invalid') return this.refuse([check.error], body, meta);
        if (check.kind === 'unavailable') return this.captchaUnavailable(meta);
        unverified = check.unverified;
      }
      // A key is bound to the fields it first came with: the same post again gets its id, another post is refused.
      const bound = slug === DEFAULT_FORM_SLUG && !answered ? undefined : { slug, custom };
      const claim: IdempotencyClaim | undefined = key ? { key, fingerprint: leadFingerprint(fields, bound) } : undefined;
      if (claim || this.admission.enabled) {
        const admission = await this.admission.admit(meta.ip, fields, id, claim);
        if (admission.kind === 'rate_limited') return this.rateLimited(admission.retryAfterSeconds, meta);
        if (admission.kind === 'key_reused') return this.keyReused(meta);
        if (admission.kind === 'duplicate') {
          this.metrics.rejected('duplicate');
          return {
            kind: 'accepted',
            id: admission.id,
            note: this.noted() ? { leadId: admission.id, outcome: 'duplicate' } : null,
          };
        }
        id = admission.id;
        dedupeKeys = admission.dedupeKeys;
      }
      const payload: LeadReceivedPayload = {
        v: 1,
        id,
        fields,
        context: {
          receivedAt: new Date().toISOString(),
          ip: meta.ip,
          userAgent: meta.userAgent,
          page: meta.page,
          privacyPolicyVersion: fields.consent ? this.config.PRIVACY_POLICY_VERSION : null,
        },
        form: { slug, version },
      };
      if (answered) payload.custom = custom;
      if (unverified) payload.context.captcha = 'unverified';
      await this.producer.enqueue(payload);
    } catch (err) {
      return this.unavailable(id, err, dedupeKeys, meta);
    }
    this.metrics.accepted();
    const note = this.noted()
      ? { leadId: id, outcome: 'queued', phone: maskPhone(fields.phone), email: maskEmail(fields.email) }
      : null;
    return { kind: 'accepted', id, note };
  }

  /** Whether request lines (info) are logged: building a masked note costs more than not logging it. */
  private noted(): boolean {
    return this.logger.logger.isLevelEnabled('info');
  }

  /** Honeypot filled, or a form token that no person could have produced. */
  private spamVerdict(body: unknown): 'honeypot' | 'bot_timing' | null {
    if (typeof body !== 'object' || body === null) return null;
    const b = body as Record<string, unknown>;
    const trap = b._gotcha;
    if (trap !== undefined && trap !== null && trap !== '' && !(Array.isArray(trap) && trap.every((v) => v === ''))) {
      return 'honeypot';
    }
    if (this.config.MIN_FILL_SECONDS === 0) return null;
    const verdict = this.tokens.verify(b._token);
    return verdict === 'ok' || verdict === 'missing' ? null : 'bot_timing';
  }

  private async refuse(errors: FieldError[], body: unknown, meta: SubmissionMeta): Promise<IntakeOutcome> {
    try {
      const count = await this.admission.countRefused(meta.ip);
      if (count.kind === 'rate_limited') return this.rateLimited(count.retryAfterSeconds, meta);
    } catch (err) {
      // Redis is only consulted to throttle junk; the answer is a 400 anyway.
      this.logger.debug({ err: (err as Error).message }, 'rate count for a refused post skipped');
    }
    this.metrics.rejected('invalid');
    const b = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>;
    this.logger.warn(
      {
        reqId: meta.requestId,
        errors: errors.map((e) => `${e.field}:${e.code}`),
        phone: typeof b.phone === 'string' ? maskPhone(b.phone) : undefined,
        email: typeof b.email === 'string' ? maskEmail(b.email) : undefined,
      },
      'lead rejected',
    );
    return { kind: 'invalid', errors };
  }

  private keyReused(meta: SubmissionMeta): IntakeOutcome {
    this.metrics.rejected('idempotency_key_reused');
    this.logger.warn({ reqId: meta.requestId, ip: meta.ip }, 'Idempotency-Key reused for a different submission');
    return { kind: 'key_reused' };
  }

  private captchaUnavailable(meta: SubmissionMeta): IntakeOutcome {
    this.metrics.rejected('captcha_unavailable');
    this.logger.warn(
      { reqId: meta.requestId, ip: meta.ip },
      'lead not accepted: captcha provider unreachable (CAPTCHA_FAIL_OPEN=false)',
    );
    return { kind: 'unavailable' };
  }

  private rateLimited(retryAfterSeconds: number, meta: SubmissionMeta): IntakeOutcome {
    this.metrics.rejected('rate_limited');
    this.logger.warn({ reqId: meta.requestId, ip: meta.ip, retryAfterSeconds }, 'rate limited');
    return { kind: 'rate_limited', retryAfterSeconds };
  }

  private async unavailable(id: string, err: unknown, dedupeKeys: string[], meta: SubmissionMeta): Promise<IntakeOutcome> {
    this.metrics.rejected('queue_unavailable');
    this.logger.error(
      { reqId: meta.requestId, leadId: id, err: err instanceof Error ? err.message : String(err) },
      'lead not accepted: Redis unavailable',
    );
    // A visitor who retries must not be told "duplicate" of a lead that was never queued.
    await this.admission
      .release(dedupeKeys)
      .catch((releaseErr: Error) =>
        this.logger.error({ leadId: id, err: releaseErr.message }, 'could not release duplicate-window keys'),
      );
    return { kind: 'unavailable' };
  }
}
