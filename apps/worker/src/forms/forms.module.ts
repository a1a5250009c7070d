import { Module } from '@nestjs/common';
import { APP_CONFIG, createRedisClient, queueKeyPrefix, redisConnection, WorkerConfig } from '@app/config';
import { DataModule } from '../data/data.module';
import { FORMS_PREFIX, FORMS_REDIS, FormsPublisher } from './forms-publisher.service';
import { FormsService } from './forms.service';

/** Forms as data: the admin service behind /admin/forms and the snapshot the gateways serve. */
@Module({
  imports: [DataModule],
  providers: [
    FormsService,
    FormsPublisher,
    {
      provide: FORMS_REDIS,
      inject: [APP_CONFIG],
      useFactory: (config: WorkerConfig) =>
        createRedisClient(redisConnection(config, 'client'), { lazyConnect: true, connectionName: 'worker-forms' }),
    },
    { provide: FORMS_PREFIX, inject: [APP_CONFIG], useFactory: (config: WorkerConfig) => queueKeyPrefix(config) },
  ],
  exports: [FormsService],
})
export class FormsModule {}
