import { Module } from '@nestjs/common';
import { DatabaseModule } from '../database/database.module';
import { NotifyModule } from '../notify/notify.module';
import { HealthController } from './health.controller';

/** GET /health: readiness of Redis, Postgres, the queue consumers, and SMTP's last state. */
@Module({
  imports: [DatabaseModule, NotifyModule],
  controllers: [HealthController],
})
export class HealthModule {}
