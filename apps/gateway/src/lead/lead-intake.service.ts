import { Inject, Injectable } from '@nestjs/common';
import { InjectPinoLogger, PinoLogger } from 'nestjs-pino';
import { APP_CONFIG, GatewayConfig } from '@app/config';
import { FieldError, leadIdFor, LeadReceivedPayload, maskEmail, maskPhone, validateLead } from '@app/contracts';
import { GatewayMetrics } from '../metrics/gateway-metrics.service';
import { LeadProducer, QueueUnavailableError } from './lead-producer.service';

export interface SubmissionMeta {
  idempotencyKey?: string;
  ip: string | null;
  userAgent: string | null;
  page: string | null;
}

export type IntakeOutcome =
  | { kind: 'accepted'; id: string }
  | { kind: 'invalid'; errors: FieldError[] }
  | { kind: 'unavailable' };

const MAX_IDEMPOTENCY_KEY = 200;

/** Decides what happens to one form post: reject, pretend (spam) or queue. */
@Injectable()
export class LeadIntakeService {
  constructor(
    private readonly producer: LeadProducer,
    private readonly metrics: GatewayMetrics,
    @Inject(APP_CONFIG) private readonly config: GatewayConfig,
    @InjectPinoLogger(LeadIntakeService.name) private readonly logger: PinoLogger,
  ) {}

  async submit(body: unknown, meta: SubmissionMeta): Promise<IntakeOutcome> {
    const key = meta.idempotencyKey?.trim();
    if (key !== undefined && (key.length === 0 || key.length > MAX_IDEMPOTENCY_KEY)) {
      return this.reject([{ field: 'Idempotency-Key', code: 'too_long', limit: MAX_IDEMPOTENCY_KEY }], body);
    }
    const id = leadIdFor(key, this.config.QUEUE_PREFIX);

    if (isHoneypotHit(body)) {
      // Bots get the same answer as people, so they learn nothing.
      this.metrics.rejected('honeypot');
      this.logger.info({ leadId: id, ip: meta.ip }, 'honeypot filled: answered as accepted, nothing queued');
      return { kind: 'accepted', id };
    }

    const result = validateLead(body, { consentRequired: this.config.CONSENT_REQUIRED });
    if (!result.ok) return this.reject(result.errors, body);

    const payload: LeadReceivedPayload = {
      v: 1,
      id,
      fields: result.value,
      context: {
        receivedAt: new Date().toISOString(),
        ip: meta.ip,
        userAgent: meta.userAgent,
        page: meta.page,
        privacyPolicyVersion: result.value.consent ? this.config.PRIVACY_POLICY_VERSION : null,
      },
    };
    try {
      await this.producer.enqueue(payload);
    } catch (err) {
      if (!(err instanceof QueueUnavailableError)) throw err;
      this.metrics.rejected('queue_unavailable');
      this.logger.error({ leadId: id, err: err.message }, 'lead not accepted: queue unavailable');
      return { kind: 'unavailable' };
    }
    this.metrics.accepted();
    this.logger.info(
      { leadId: id, phone: maskPhone(payload.fields.phone), email: maskEmail(payload.fields.email) },
      'lead queued',
    );
    return { kind: 'accepted', id };
  }

  private reject(errors: FieldError[], body: unknown): IntakeOutcome {
    this.metrics.rejected('invalid');
    const b = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>;
    this.logger.warn(
      {
        errors: errors.map((e) => `${e.field}:${e.code}`),
        phone: typeof b.phone === 'string' ? maskPhone(b.phone) : undefined,
        email: typeof b.email === 'string' ? maskEmail(b.email) : undefined,
      },
      'lead rejected',
    );
    return { kind: 'invalid', errors };
  }
}

function isHoneypotHit(body: unknown): boolean {
  if (typeof body !== 'object' || body === null) return false;
  const trap = (body as Record<string, unknown>)._gotcha;
  return trap !== undefined && trap !== null && trap !== '' && !(Array.isArray(trap) && trap.every((v) => v === ''));
}
