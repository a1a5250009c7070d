import { DynamicModule, Module } from '@nestjs/common';
import { WorkerConfig } from '@app/config';
import { AdminModule } from './admin/admin.module';
import { StaffSeedModule } from './admin/staff/staff-seed.module';
import { ConsumerModule } from './consumer.module';
import { HealthModule } from './health/health.module';
import { MetricsModule } from './metrics/metrics.module';
import { WorkerCoreModule } from './worker-core.module';

/**
 * The admin role's root, a Fastify app on ADMIN_PORT: the board, the staff
 * and admin APIs, their authentication, Bull Board, /health and /metrics.
 * With `consumers` (WORKER_ROLES=consumer,admin, the default) the consumer
 * role runs in the same app: one process, one port, as a small deployment
 * wants.
 */
@Module({})
export class AdminAppModule {
  static forRoot(config: WorkerConfig, options: { consumers: boolean }): DynamicModule {
    return {
      module: AdminAppModule,
      imports: [
        WorkerCoreModule.forRoot(config),
        ...(options.consumers ? [ConsumerModule] : []),
        StaffSeedModule,
        AdminModule,
        HealthModule,
        MetricsModule,
      ],
    };
  }
}
