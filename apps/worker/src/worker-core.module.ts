import { DynamicModule, Module } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import { ConfigModule, loggerOptions, StaffDirectory, WorkerConfig } from '@app/config';
import { QueuesModule } from './queue/queues.module';

/**
 * What both roles stand on: the validated config (injected everywhere with
 * `@InjectConfig()`, with the staff directory main.ts built from it),
 * logging, and the queues with their producers. All three are global.
 */
@Module({})
export class WorkerCoreModule {
  static forRoot(config: WorkerConfig, staff: StaffDirectory): DynamicModule {
    return {
      module: WorkerCoreModule,
      imports: [
        ConfigModule.forRoot(config, [{ provide: StaffDirectory, useValue: staff }]),
        LoggerModule.forRoot(loggerOptions(config)),
        QueuesModule.forRoot(config),
      ],
    };
  }
}
