import { InjectQueue } from '@nestjs/bullmq';
import { Controller, Get, Res } from '@nestjs/common';
import { Queue } from 'bullmq';
import type { FastifyReply } from 'fastify';
import { probeRedis } from '@app/config';
import { QueueName } from '@app/contracts';

const PING_TIMEOUT_MS = 1000;

/** Liveness and readiness in one: 503 while Redis cannot take leads. */
@Controller('health')
export class HealthController {
  constructor(@InjectQueue(QueueName.LeadIntake) private readonly queue: Queue) {}

  @Get()
  async health(@Res() reply: FastifyReply): Promise<void> {
    const redis = await probeRedis(this.queue, PING_TIMEOUT_MS);
    const ok = redis === 'up';
    reply
      .code(ok ? 200 : 503)
      .header('cache-control', 'no-store')
      .send({ status: ok ? 'ok' : 'unavailable', checks: { redis } });
  }
}
