import { Module } from '@nestjs/common';
import { LeadsModule } from '../leads/leads.module';
import { NotifyModule } from '../notify/notify.module';
import { SlaReminderService } from './sla-reminder.service';

/** Reminders and escalations for follow-up tasks left untouched past their due time. */
@Module({
  imports: [LeadsModule, NotifyModule],
  providers: [SlaReminderService],
  exports: [SlaReminderService],
})
export class SlaModule {}
