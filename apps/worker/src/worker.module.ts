import { BullModule } from '@nestjs/bullmq';
import { DynamicModule, Module } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import { ConfigModule, jobTuning, loggerOptions, redisMonitorProvider, redisOptionsFromUrl, WorkerConfig } from '@app/config';
import { jobDefaults, QueueName } from '@app/contracts';
import { AdminModule } from './admin/admin.module';
import { DatabaseModule } from './database/database.module';
import { HealthController } from './health/health.controller';
import { LeadIntakeProcessor } from './intake/lead-intake.processor';
import { LeadStore } from './intake/lead-store.service';
import { SweepProcessor } from './maintenance/sweep.processor';
import { SweepScheduler } from './maintenance/sweep.scheduler';
import { SweeperService } from './maintenance/sweeper.service';
import { LeadNotifyProcessor } from './notify/lead-notify.processor';
import { AlertDigestService } from './notify/alert-digest.service';
import { AutoresponseService } from './notify/autoresponse.service';
import { LeadAlertService } from './notify/lead-alert.service';
import { NotificationLedger } from './notify/notification-ledger.service';
import { MailTransport } from './notify/mail-transport.service';
import { NotifyProducer } from './queue/notify-producer.service';
import { WorkerSupervisor } from './queue/worker-supervisor.service';

@Module({})
export class WorkerModule {
  static forRoot(config: WorkerConfig): DynamicModule {
    const tuning = jobTuning(config);
    return {
      module: WorkerModule,
      imports: [
        ConfigModule.forRoot(config),
        LoggerModule.forRoot(loggerOptions(config)),
        BullModule.forRoot({
          prefix: config.QUEUE_PREFIX,
          // Consumers must wait out a Redis outage, never give up on a command.
          connection: { ...redisOptionsFromUrl(config.REDIS_URL), maxRetriesPerRequest: null },
        }),
        BullModule.registerQueue(
          ...Object.values(QueueName).map((name) => ({ name, defaultJobOptions: jobDefaults(name, tuning) })),
        ),
        DatabaseModule,
        AdminModule,
      ],
      controllers: [HealthController],
      providers: [
        LeadStore,
        LeadAlertService,
        AlertDigestService,
        AutoresponseService,
        NotificationLedger,
        MailTransport,
        NotifyProducer,
        SweeperService,
        SweepScheduler,
        LeadIntakeProcessor,
        LeadNotifyProcessor,
        SweepProcessor,
        WorkerSupervisor,
        redisMonitorProvider(Object.values(QueueName)),
      ],
    };
  }
}
