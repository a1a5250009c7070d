import { Controller, Get, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { InjectConfig, GatewayConfig, MetricsAccess } from '@app/config';
import { GatewayMetrics } from './gateway-metrics.service';

const CHALLENGE = 'Bearer realm="lead-intake metrics"';

/**
 * Prometheus scrape endpoint. The gateway faces the internet: unless
 * METRICS_PUBLIC=true it opens only to METRICS_TOKEN as a bearer token,
 * never to the admin's password (a public endpoint checking it would let
 * anyone test guesses at it), and failures are throttled per client.
 * Without a token configured it is off: 404, so nothing asks for
 * credentials that do not exist.
 */
@Controller('metrics')
export class MetricsController {
  private readonly access: MetricsAccess;

  constructor(
    private readonly metrics: GatewayMetrics,
    @InjectConfig() config: GatewayConfig,
  ) {
    this.access = new MetricsAccess({ token: config.METRICS_TOKEN, isPublic: config.METRICS_PUBLIC });
  }

  @Get()
  async scrape(@Req() req: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    const verdict = this.access.check(req.headers.authorization, req.ip);
    switch (verdict.kind) {
      case 'closed':
        return refuse(reply, 404, 'Metrics are off: set METRICS_TOKEN (or METRICS_PUBLIC=true) to serve them');
      case 'unauthorized':
        reply.header('www-authenticate', CHALLENGE);
        return refuse(reply, 401, 'A bearer token (METRICS_TOKEN) is required');
      case 'throttled':
        reply.header('retry-after', String(verdict.retryAfterSeconds));
        return refuse(reply, 429, 'Too many failed attempts: try again later');
      case 'ok':
      case 'open':
        reply.type(this.metrics.registry.contentType).send(await this.metrics.registry.metrics());
    }
  }
}

function refuse(reply: FastifyReply, status: number, message: string): void {
  reply.code(status).header('cache-control', 'no-store').send({ statusCode: status, message });
}
