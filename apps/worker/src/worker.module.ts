import { DynamicModule, Module } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import { ConfigModule, loggerOptions, StaffDirectory, WorkerConfig } from '@app/config';
import { AdminModule } from './admin/admin.module';
import { HealthModule } from './health/health.module';
import { IntakeModule } from './intake/intake.module';
import { MaintenanceModule } from './maintenance/maintenance.module';
import { MetricsModule } from './metrics/metrics.module';
import { QueuesModule } from './queue/queues.module';

/**
 * The worker: the validated config (injected everywhere with
 * `@InjectConfig()`), logging and queues, then one module per capability.
 */
@Module({})
export class WorkerModule {
  static forRoot(config: WorkerConfig, staff: StaffDirectory): DynamicModule {
    return {
      module: WorkerModule,
      imports: [
        ConfigModule.forRoot(config, [{ provide: StaffDirectory, useValue: staff }]),
        LoggerModule.forRoot(loggerOptions(config)),
        QueuesModule.forRoot(config),
        IntakeModule,
        MaintenanceModule,
        AdminModule,
        HealthModule,
        MetricsModule,
      ],
    };
  }
}
