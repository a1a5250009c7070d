import { DynamicModule, Module } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import { ConfigModule, loggerOptions, WorkerConfig } from '@app/config';
import { QueuesModule } from './queue/queues.module';

/**
 * What both roles stand on: the validated config (injected everywhere with
 * `@InjectConfig()`),
 * logging, and the queues with their producers. All three are global.
 */
@Module({})
export class WorkerCoreModule {
  static forRoot(config: WorkerConfig): DynamicModule {
    return {
      module: WorkerCoreModule,
      imports: [ConfigModule.forRoot(config), LoggerModule.forRoot(loggerOptions(config)), QueuesModule.forRoot(config)],
    };
  }
}
