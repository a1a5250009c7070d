import { Controller, ForbiddenException, Get, Inject, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { APP_CONFIG, GatewayConfig } from '@app/config';
import { GatewayMetrics } from './gateway-metrics.service';

@Controller('metrics')
export class MetricsController {
  constructor(
    private readonly metrics: GatewayMetrics,
    @Inject(APP_CONFIG) private readonly config: GatewayConfig,
  ) {}

  @Get()
  async scrape(@Res() reply: FastifyReply): Promise<void> {
    if (!this.config.METRICS_PUBLIC) throw new ForbiddenException('metrics are not public (METRICS_PUBLIC=false)');
    reply.type(this.metrics.registry.contentType).send(await this.metrics.registry.metrics());
  }
}
