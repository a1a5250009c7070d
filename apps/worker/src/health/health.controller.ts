import { InjectQueue } from '@nestjs/bullmq';
import { Controller, Get, Res } from '@nestjs/common';
import { Queue } from 'bullmq';
import type { FastifyReply } from 'fastify';
import { probeRedis } from '@app/config';
import { QueueName } from '@app/contracts';
import { DatabaseProbe } from '../database/database-probe.service';
import { MailTransport } from '../notify/mail-transport.service';
import { WorkerSupervisor } from '../queue/worker-supervisor.service';

const CHECK_TIMEOUT_MS = 1000;

/**
 * Readiness of the worker: Redis and Postgres must answer and every queue
 * consumer must run. SMTP is reported but does not fail the check: leads are
 * still stored while mail is down, and alerts catch up when it returns.
 */
@Controller('health')
export class HealthController {
  constructor(
    @InjectQueue(QueueName.LeadIntake) private readonly queue: Queue,
    private readonly db: DatabaseProbe,
    private readonly mail: MailTransport,
    private readonly supervisor: WorkerSupervisor,
  ) {}

  @Get()
  async health(@Res() reply: FastifyReply): Promise<void> {
    const [redis, postgres] = await Promise.all([probeRedis(this.queue, CHECK_TIMEOUT_MS), this.db.state(CHECK_TIMEOUT_MS)]);
    const stopped = this.supervisor.stalledConsumers();
    const ok = redis === 'up' && postgres === 'up' && stopped.length === 0;
    reply
      .code(ok ? 200 : 503)
      .header('cache-control', 'no-store')
      .send({
        status: ok ? 'ok' : 'unavailable',
        checks: { redis, postgres, smtp: this.mail.state, consumers: stopped.length ? { stopped } : 'running' },
      });
  }
}
