import { Controller, Get, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { WorkerHealth } from './worker-health.service';

/** GET /health: 200 when ready, 503 otherwise, with each check's state (see WorkerHealth). */
@Controller('health')
export class HealthController {
  constructor(private readonly readiness: WorkerHealth) {}

  @Get()
  async health(@Res() reply: FastifyReply): Promise<void> {
    const { ok, body } = await this.readiness.check();
    reply
      .code(ok ? 200 : 503)
      .header('cache-control', 'no-store')
      .send(body);
  }
}
