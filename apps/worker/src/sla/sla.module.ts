import { Module } from '@nestjs/common';
import { DataModule } from '../data/data.module';
import { MetricsModule } from '../metrics/metrics.module';
import { NotifyModule } from '../notify/notify.module';
import { RerouteService } from './reroute.service';
import { SlaReminderService } from './sla-reminder.service';

/** Reminders and escalations for follow-up tasks left untouched past their due time. */
@Module({
  imports: [DataModule, NotifyModule, MetricsModule],
  providers: [SlaReminderService, RerouteService],
  exports: [SlaReminderService, RerouteService],
})
export class SlaModule {}
