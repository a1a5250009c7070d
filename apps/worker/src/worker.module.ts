import { DynamicModule, Module } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import { ConfigModule, loggerOptions, StaffDirectory, WorkerConfig } from '@app/config';
import { AdminModule } from './admin/admin.module';
import { DatabaseModule } from './database/database.module';
import { HealthController } from './health/health.controller';
import { MetricsController } from './metrics/metrics.controller';
import { WorkerMetrics } from './metrics/worker-metrics.service';
import { LeadIntakeProcessor } from './intake/lead-intake.processor';
import { LeadStore } from './intake/lead-store.service';
import { MaintenanceProcessor } from './maintenance/maintenance.processor';
import { MaintenanceScheduler } from './maintenance/maintenance.scheduler';
import { RetentionService } from './maintenance/retention.service';
import { SlaReminderService } from './sla/sla-reminder.service';
import { SweeperService } from './maintenance/sweeper.service';
import { LeadNotifyProcessor } from './notify/lead-notify.processor';
import { AlertDigestService } from './notify/alert-digest.service';
import { AutoresponseService } from './notify/autoresponse.service';
import { LeadAlertService } from './notify/lead-alert.service';
import { NotificationLedger } from './notify/notification-ledger.service';
import { RecordedMailer } from './notify/recorded-mailer.service';
import { MailTransport } from './notify/mail-transport.service';
import { QueuesModule } from './queue/queues.module';
import { WorkerSupervisor } from './queue/worker-supervisor.service';

@Module({})
export class WorkerModule {
  static forRoot(config: WorkerConfig, staff: StaffDirectory): DynamicModule {
    return {
      module: WorkerModule,
      imports: [
        ConfigModule.forRoot(config, [{ provide: StaffDirectory, useValue: staff }]),
        LoggerModule.forRoot(loggerOptions(config)),
        QueuesModule.forRoot(config),
        DatabaseModule,
        AdminModule,
      ],
      controllers: [HealthController, MetricsController],
      providers: [
        LeadStore,
        LeadAlertService,
        AlertDigestService,
        AutoresponseService,
        NotificationLedger,
        RecordedMailer,
        MailTransport,
        SweeperService,
        MaintenanceScheduler,
        RetentionService,
        SlaReminderService,
        LeadIntakeProcessor,
        LeadNotifyProcessor,
        MaintenanceProcessor,
        WorkerSupervisor,
        WorkerMetrics,
      ],
    };
  }
}
