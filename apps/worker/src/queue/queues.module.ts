import { BullModule } from '@nestjs/bullmq';
import { DynamicModule, Global, Module } from '@nestjs/common';
import {
  bullConnection,
  jobTuning,
  queueKeyPrefix,
  redisConnection,
  redisMonitorProvider,
  sharedRedisCloser,
  WorkerConfig,
} from '@app/config';
import { jobDefaults, QueueName } from '@app/contracts';
import { ChannelProducer } from './channel-producer.service';
import { IntakeProducer } from './intake-producer.service';
import { NotifyProducer } from './notify-producer.service';

/**
 * Every queue with its job defaults and the typed producers; global, as
 * every capability uses a queue. The consumers and their supervisor are the
 * consumer role's (ConsumerModule): an admin-only process adds jobs and
 * reads queues, never takes work.
 */
@Global()
@Module({})
export class QueuesModule {
  static forRoot(config: WorkerConfig): DynamicModule {
    const tuning = jobTuning(config);
    const queues = BullModule.registerQueue(
      ...Object.values(QueueName).map((name) => ({ name, defaultJobOptions: jobDefaults(name, tuning) })),
    );
    // Consumers must wait out a Redis outage, never give up on a command.
    const connection = bullConnection(redisConnection(config, 'consumer'));
    return {
      module: QueuesModule,
      imports: [
        BullModule.forRoot({
          prefix: queueKeyPrefix(config),
          connection,
          // WorkerSupervisor registers the processors, with the configured worker options.
          extraOptions: { manualRegistration: true },
        }),
        queues,
      ],
      providers: [
        NotifyProducer,
        ChannelProducer,
        IntakeProducer,
        redisMonitorProvider(Object.values(QueueName)),
        sharedRedisCloser(connection),
      ],
      exports: [queues, NotifyProducer, ChannelProducer, IntakeProducer],
    };
  }
}
