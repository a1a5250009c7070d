import { DynamicModule, Global, Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { WorkerConfig } from '@app/config';
import { StaffSeedModule } from './admin/staff/staff-seed.module';
import { HealthModule } from './health/health.module';
import { IntakeModule } from './intake/intake.module';
import { MaintenanceModule } from './maintenance/maintenance.module';
import { MetricsModule } from './metrics/metrics.module';
import { NotifyModule } from './notify/notify.module';
import { WorkerSupervisor } from './queue/worker-supervisor.service';
import { WorkerCoreModule } from './worker-core.module';

/**
 * The consumer role: the processors (intake, notify, channels,
 * maintenance), the supervisor that runs them, and the schedules. Global so
 * that /health, wherever it is served, sees the supervisor when this
 * process consumes (and reports the consumers `off` when it does not).
 *
 * Alone (`WORKER_ROLES=consumer`) it is the root of an application context
 * with no HTTP of its own: forRoot(). With the admin role in the same
 * process, AdminAppModule imports it into the one Fastify app.
 */
@Global()
@Module({
  imports: [DiscoveryModule, MetricsModule, IntakeModule, MaintenanceModule, NotifyModule, StaffSeedModule],
  providers: [WorkerSupervisor],
  exports: [WorkerSupervisor],
})
export class ConsumerModule {
  static forRoot(config: WorkerConfig): DynamicModule {
    return {
      module: ConsumerModule,
      // Health and metrics as services: consumer-app.ts serves them on ADMIN_PORT.
      imports: [WorkerCoreModule.forRoot(config), HealthModule],
    };
  }
}
