import { InjectQueue } from '@nestjs/bullmq';
import { Injectable, Optional } from '@nestjs/common';
import { Queue } from 'bullmq';
import { probeRedis } from '@app/config';
import { QueueName } from '@app/contracts';
import { DatabaseProbe } from '../database/database-probe.service';
import { MailTransport } from '../notify/mail-transport.service';
import { WorkerSupervisor } from '../queue/worker-supervisor.service';

const CHECK_TIMEOUT_MS = 1000;

export interface HealthReport {
  ok: boolean;
  body: {
    status: 'ok' | 'unavailable';
    checks: Record<string, unknown>;
  };
}

/**
 * Readiness of the worker: Redis and Postgres must answer and, in a process
 * that consumes, every queue consumer must run. SMTP is reported but does
 * not fail the check: leads are still stored while mail is down, and alerts
 * catch up when it returns. An admin-only process has no supervisor (it is
 * the consumer role's): its consumers are reported `off`.
 */
@Injectable()
export class WorkerHealth {
  constructor(
    @InjectQueue(QueueName.LeadIntake) private readonly queue: Queue,
    private readonly db: DatabaseProbe,
    private readonly mail: MailTransport,
    @Optional() private readonly supervisor?: WorkerSupervisor,
  ) {}

  async check(): Promise<HealthReport> {
    const [redis, postgres] = await Promise.all([probeRedis(this.queue, CHECK_TIMEOUT_MS), this.db.state(CHECK_TIMEOUT_MS)]);
    const stopped = this.supervisor?.stalledConsumers() ?? [];
    const consumers = !this.supervisor ? 'off' : stopped.length ? { stopped } : 'running';
    const ok = redis === 'up' && postgres === 'up' && stopped.length === 0;
    return {
      ok,
      body: { status: ok ? 'ok' : 'unavailable', checks: { redis, postgres, smtp: this.mail.state, consumers } },
    };
  }
}
