import { DynamicModule, INestApplicationContext, Module } from '@nestjs/common';
import { HealthController } from './health/health.controller';
import { WorkerHealth } from './health/worker-health.service';
import { MetricsController } from './metrics/metrics.controller';
import { WorkerMetrics } from './metrics/worker-metrics.service';

/**
 * The HTTP a consumer-only worker keeps: GET /health and GET /metrics on
 * ADMIN_PORT, answered by the consumer context's own services (its
 * supervisor, its registry), and nothing else.
 */
@Module({})
export class ConsumerProbesModule {
  static of(consumer: INestApplicationContext): DynamicModule {
    return {
      module: ConsumerProbesModule,
      controllers: [HealthController, MetricsController],
      providers: [
        { provide: WorkerHealth, useValue: consumer.get(WorkerHealth) },
        { provide: WorkerMetrics, useValue: consumer.get(WorkerMetrics) },
      ],
    };
  }
}
