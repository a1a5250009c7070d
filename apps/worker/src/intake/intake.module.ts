import { Module } from '@nestjs/common';
import { DataModule } from '../data/data.module';
import { MetricsModule } from '../metrics/metrics.module';
import { NotifyModule } from '../notify/notify.module';
import { DeadLetterService } from './dead-letter.service';
import { LeadIntakeProcessor } from './lead-intake.processor';
import { LeadIntakeService } from './lead-intake.service';
import { SpamModule } from './spam/spam.module';

/** Leads arriving from the gateway: stored with their task, then alerted. */
@Module({
  imports: [DataModule, MetricsModule, NotifyModule, SpamModule],
  providers: [LeadIntakeService, LeadIntakeProcessor, DeadLetterService],
})
export class IntakeModule {}
