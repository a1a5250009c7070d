import { Controller, Get, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { InjectConfig, GatewayConfig, parseBasicAuth, StaffDirectory } from '@app/config';
import { GatewayMetrics } from './gateway-metrics.service';

/**
 * Prometheus scrape endpoint. The gateway faces the internet, so unless
 * METRICS_PUBLIC=true it asks for the same credentials as the worker's admin.
 */
@Controller('metrics')
export class MetricsController {
  private readonly staff: StaffDirectory;

  constructor(
    private readonly metrics: GatewayMetrics,
    @InjectConfig() private readonly config: GatewayConfig,
  ) {
    this.staff = new StaffDirectory({ ADMIN_USER: config.ADMIN_USER, ADMIN_PASSWORD: config.ADMIN_PASSWORD });
  }

  @Get()
  async scrape(@Req() req: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    if (!this.config.METRICS_PUBLIC) {
      if (!this.staff.enabled) {
        return void reply
          .code(403)
          .send({ statusCode: 403, message: 'Metrics are not public: set METRICS_PUBLIC or ADMIN_PASSWORD' });
      }
      const credentials = parseBasicAuth(req.headers.authorization);
      if (!credentials || !this.staff.authenticate(credentials.user, credentials.password)) {
        return void reply
          .code(401)
          .header('www-authenticate', 'Basic realm="lead-intake metrics", charset="UTF-8"')
          .send({ statusCode: 401, message: 'Authentication required' });
      }
    }
    reply.type(this.metrics.registry.contentType).send(await this.metrics.registry.metrics());
  }
}
