import { Module } from '@nestjs/common';
import { MetricsController } from './metrics.controller';
import { SpamMetric } from './spam.metric';
import { SpeedMetrics } from './speed-metrics.service';
import { WorkerMetrics } from './worker-metrics.service';

/** The worker's Prometheus registry and its scrape endpoint. */
@Module({
  controllers: [MetricsController],
  providers: [WorkerMetrics, SpeedMetrics, SpamMetric],
  exports: [WorkerMetrics, SpeedMetrics, SpamMetric],
})
export class MetricsModule {}
