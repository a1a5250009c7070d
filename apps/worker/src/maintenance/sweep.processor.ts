import { Processor } from '@nestjs/bullmq';
import { InjectPinoLogger, PinoLogger } from 'nestjs-pino';
import { QueueName } from '@app/contracts';
import { LoggedWorkerHost } from '../queue/logged-worker-host';
import { workerOptions } from '../queue/worker-options';
import { SweeperService, SweepReport } from './sweeper.service';

@Processor(QueueName.Maintenance, workerOptions({ concurrency: 1 }))
export class SweepProcessor extends LoggedWorkerHost<unknown, SweepReport> {
  constructor(
    private readonly sweeper: SweeperService,
    @InjectPinoLogger(SweepProcessor.name) protected readonly logger: PinoLogger,
  ) {
    super();
  }

  protected handle(): Promise<SweepReport> {
    return this.sweeper.sweep();
  }
}
