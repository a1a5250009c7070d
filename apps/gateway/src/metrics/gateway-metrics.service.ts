import { Injectable } from '@nestjs/common';
import { collectDefaultMetrics, Counter, Registry } from 'prom-client';

export type RejectReason =
  | 'invalid'
  | 'honeypot'
  | 'bot_timing'
  | 'duplicate'
  | 'idempotency_key_reused'
  | 'rate_limited'
  | 'origin_forbidden'
  | 'queue_unavailable'
  | 'captcha_unavailable'
  | 'too_large'
  | 'unsupported_type'
  | 'malformed'
  | 'form_unknown'
  | 'form_paused';

/** Prometheus metrics of the public edge; one registry per app instance. */
@Injectable()
export class GatewayMetrics {
  readonly registry = new Registry();
  private readonly acceptedTotal = new Counter({
    name: 'leads_accepted_total',
    help: 'Leads accepted and queued (202).',
    registers: [this.registry],
  });
  private readonly rejectedTotal = new Counter({
    name: 'leads_rejected_total',
    help: 'Form posts not queued, by reason.',
    labelNames: ['reason'],
    registers: [this.registry],
  });

  constructor() {
    this.registry.setDefaultLabels({ app: 'gateway' });
    collectDefaultMetrics({ register: this.registry });
  }

  accepted(): void {
    this.acceptedTotal.inc();
  }

  rejected(reason: RejectReason): void {
    this.rejectedTotal.inc({ reason });
  }
}
