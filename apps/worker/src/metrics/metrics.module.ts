import { Module } from '@nestjs/common';
import { MetricsController } from './metrics.controller';
import { WorkerMetrics } from './worker-metrics.service';

/** The worker's Prometheus registry and its scrape endpoint. */
@Module({
  controllers: [MetricsController],
  providers: [WorkerMetrics],
  exports: [WorkerMetrics],
})
export class MetricsModule {}
