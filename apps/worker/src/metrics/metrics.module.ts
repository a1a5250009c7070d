import { Module } from '@nestjs/common';
import { MetricsController } from './metrics.controller';
import { SpeedMetrics } from './speed-metrics.service';
import { WorkerMetrics } from './worker-metrics.service';

/** The worker's Prometheus registry and its scrape endpoint. */
@Module({
  controllers: [MetricsController],
  providers: [WorkerMetrics, SpeedMetrics],
  exports: [WorkerMetrics, SpeedMetrics],
})
export class MetricsModule {}
