import { Injectable } from '@nestjs/common';
import { Counter } from 'prom-client';
import { WorkerMetrics } from './worker-metrics.service';

/** Spam on the worker's registry: leads quarantined at intake, and staff verdicts by kind. */
@Injectable()
export class SpamMetric {
  private readonly quarantined: Counter;
  private readonly verdicts: Counter<'verdict'>;

  constructor(metrics: WorkerMetrics) {
    this.quarantined = new Counter({
      name: 'leads_quarantined_total',
      help: 'Leads stored in quarantine for their spam score or a blocked contact',
      registers: [metrics.registry],
    });
    this.verdicts = new Counter({
      name: 'spam_verdicts_total',
      help: 'Staff verdicts on leads: spam, or not-spam (released)',
      labelNames: ['verdict'],
      registers: [metrics.registry],
    });
  }

  leadQuarantined(): void {
    this.quarantined.inc();
  }

  verdict(verdict: 'spam' | 'not-spam'): void {
    this.verdicts.inc({ verdict });
  }
}
