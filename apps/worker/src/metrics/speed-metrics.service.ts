import { Injectable } from '@nestjs/common';
import { Counter, Histogram } from 'prom-client';
import { WorkerMetrics } from './worker-metrics.service';

/** The HBR/MIT response buckets (5 min, 1 h, 24 h) and a few steps between, in seconds. */
export const FIRST_TOUCH_BUCKETS = [60, 300, 900, 1800, 3600, 14400, 86400];

/**
 * Speed-to-lead metrics on the worker's registry: how long leads waited
 * for their first touch (wall seconds, observed once per lead, by the worker
 * that recorded the touch) and how many were re-routed from a silent owner.
 */
@Injectable()
export class SpeedMetrics {
  private readonly firstTouch: Histogram;
  private readonly rerouted: Counter;

  constructor(metrics: WorkerMetrics) {
    this.firstTouch = new Histogram({
      name: 'lead_first_touch_seconds',
      help: "Wall seconds from a lead's arrival to the first staff action on it (claim, start, contact attempt, note, done).",
      buckets: FIRST_TOUCH_BUCKETS,
      registers: [metrics.registry],
    });
    this.rerouted = new Counter({
      name: 'leads_rerouted_total',
      help: 'Leads passed on to the next person because their owner did not touch them in time.',
      registers: [metrics.registry],
    });
  }

  firstTouched(responseSeconds: number): void {
    this.firstTouch.observe(responseSeconds);
  }

  reroutedLead(): void {
    this.rerouted.inc();
  }
}
