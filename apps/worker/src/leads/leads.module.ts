import { Module } from '@nestjs/common';
import { DatabaseModule } from '../database/database.module';
import { MetricsModule } from '../metrics/metrics.module';
import { BusinessCalendar, businessCalendarProvider } from './business-calendar';
import { LeadErasure } from './lead-erasure.service';
import { LeadRepository } from './lead.repository';
import { NotificationRepository } from './notification.repository';
import { TaskBacklogMetric } from './task-backlog.metric';
import { TaskRepository } from './task.repository';

/**
 * Leads, their follow-up tasks and their notifications: the data every
 * capability works on, behind one repository per table, plus erasure and the
 * business calendar that sets a task's due time.
 */
@Module({
  imports: [DatabaseModule, MetricsModule],
  providers: [LeadRepository, TaskRepository, NotificationRepository, LeadErasure, businessCalendarProvider, TaskBacklogMetric],
  exports: [LeadRepository, TaskRepository, NotificationRepository, LeadErasure, BusinessCalendar],
})
export class LeadsModule {}
