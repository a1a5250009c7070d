import { Module } from '@nestjs/common';
import { DatabaseModule } from '../database/database.module';
import { NotifyModule } from '../notify/notify.module';
import { HealthController } from './health.controller';
import { WorkerHealth } from './worker-health.service';

/**
 * GET /health: readiness of Redis, Postgres, the queue consumers, and SMTP's
 * last state. WorkerHealth is exported for the probes a consumer-only
 * process serves from its own small HTTP app.
 */
@Module({
  imports: [DatabaseModule, NotifyModule],
  controllers: [HealthController],
  providers: [WorkerHealth],
  exports: [WorkerHealth],
})
export class HealthModule {}
