import { BullModule } from '@nestjs/bullmq';
import { DynamicModule, Global, Module } from '@nestjs/common';
import { jobTuning, redisMonitorProvider, redisOptionsFromUrl, WorkerConfig } from '@app/config';
import { jobDefaults, QueueName } from '@app/contracts';
import { NotifyProducer } from './notify-producer.service';

/** Every queue, its job defaults and the typed producers, for the whole worker. */
@Global()
@Module({})
export class QueuesModule {
  static forRoot(config: WorkerConfig): DynamicModule {
    const tuning = jobTuning(config);
    const queues = BullModule.registerQueue(
      ...Object.values(QueueName).map((name) => ({ name, defaultJobOptions: jobDefaults(name, tuning) })),
    );
    return {
      module: QueuesModule,
      imports: [
        BullModule.forRoot({
          prefix: config.QUEUE_PREFIX,
          // Consumers must wait out a Redis outage, never give up on a command.
          connection: { ...redisOptionsFromUrl(config.REDIS_URL), maxRetriesPerRequest: null },
        }),
        queues,
      ],
      providers: [NotifyProducer, redisMonitorProvider(Object.values(QueueName))],
      exports: [queues, NotifyProducer],
    };
  }
}
