import { Module } from '@nestjs/common';
import { LeadsModule } from '../leads/leads.module';
import { MetricsModule } from '../metrics/metrics.module';
import { NotifyModule } from '../notify/notify.module';
import { RerouteService } from './reroute.service';
import { SlaReminderService } from './sla-reminder.service';

/** Reminders and escalations for follow-up tasks left untouched past their due time. */
@Module({
  imports: [LeadsModule, NotifyModule, MetricsModule],
  providers: [SlaReminderService, RerouteService],
  exports: [SlaReminderService, RerouteService],
})
export class SlaModule {}
