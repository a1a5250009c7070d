import { Module } from '@nestjs/common';
import { DatabaseModule } from '../database/database.module';
import { MetricsModule } from '../metrics/metrics.module';
import { BusinessCalendar, businessCalendarProvider } from './business-calendar';
import { AuditRepository } from './audit.repository';
import { DeadLetterRepository } from './dead-letter.repository';
import { ContactLogRepository } from './contact-log.repository';
import { FirstTouchRepository } from './first-touch.repository';
import { FormRepository } from './form.repository';
import { LeadErasure } from './lead-erasure.service';
import { LeadRepository } from './lead.repository';
import { LeadExportRepository } from './lead-export.repository';
import { RetentionRepository } from './retention.repository';
import { SpamPhraseRepository } from './spam-phrase.repository';
import { LeadSearchRepository } from './lead-search.repository';
import { LinkSecretRepository } from './link-secret.repository';
import { PersonalLinks } from './personal-links.service';
import { AssignedNoticeRepository } from './assigned-notice.repository';
import { WeeklyReviewRepository } from './weekly-review.repository';
import { RerouteRepository } from './reroute.repository';
import { LoginFailureRepository } from './login-failure.repository';
import { NotificationRepository } from './notification.repository';
import { ReportRepository } from './report.repository';
import { SpamRepository } from './spam.repository';
import { SpamMetric } from './spam.metric';
import { StaffRepository } from './staff.repository';
import { TaskBacklogMetric } from './task-backlog.metric';
import { TaskRepository } from './task.repository';

/**
 * Leads, their follow-up tasks, their notifications, the staff who own
 * them and the audit log: the data every capability works on, behind one repository per table, plus erasure and the
 * business calendar that sets a task's due time.
 */
@Module({
  imports: [DatabaseModule, MetricsModule],
  providers: [
    LeadRepository,
    TaskRepository,
    NotificationRepository,
    StaffRepository,
    AuditRepository,
    DeadLetterRepository,
    LoginFailureRepository,
    LeadErasure,
    businessCalendarProvider,
    TaskBacklogMetric,
    FirstTouchRepository,
    ContactLogRepository,
    RerouteRepository,
    LinkSecretRepository,
    PersonalLinks,
    AssignedNoticeRepository,
    WeeklyReviewRepository,
    ReportRepository,
    SpamRepository,
    SpamMetric,
    FormRepository,
    LeadSearchRepository,
    LeadExportRepository,
    RetentionRepository,
    SpamPhraseRepository,
  ],
  exports: [
    LeadRepository,
    TaskRepository,
    NotificationRepository,
    StaffRepository,
    AuditRepository,
    DeadLetterRepository,
    LoginFailureRepository,
    LeadErasure,
    BusinessCalendar,
    ContactLogRepository,
    RerouteRepository,
    PersonalLinks,
    AssignedNoticeRepository,
    WeeklyReviewRepository,
    ReportRepository,
    SpamRepository,
    SpamMetric,
    FormRepository,
    LeadSearchRepository,
    LeadExportRepository,
    RetentionRepository,
    SpamPhraseRepository,
  ],
})
export class LeadsModule {}
