import { Injectable } from '@nestjs/common';
import { Gauge } from 'prom-client';
import { WorkerMetrics } from '../metrics/worker-metrics.service';
import { TaskRepository } from './task.repository';

/** The follow-up backlog as a gauge on the worker's registry, read at scrape time so it is never stale. */
@Injectable()
export class TaskBacklogMetric {
  constructor(metrics: WorkerMetrics, tasks: TaskRepository) {
    new Gauge({
      name: 'follow_up_tasks',
      help: 'Follow-up tasks by status; overdue = open or in progress past due.',
      labelNames: ['status'],
      registers: [metrics.registry],
      async collect() {
        const rows = await tasks.backlog();
        this.reset();
        for (const r of rows) this.set({ status: r.status }, r.n);
      },
    });
  }
}
