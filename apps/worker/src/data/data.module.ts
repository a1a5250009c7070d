import { Module } from '@nestjs/common';
import { DatabaseModule } from '../database/database.module';
import { MetricsModule } from '../metrics/metrics.module';
import { BusinessCalendar, businessCalendarProvider } from './business-calendar';
import { AuditRepository } from './audit.repository';
import { DeadLetterRepository } from './dead-letter.repository';
import { ContactLogRepository } from './contact-log.repository';
import { FirstTouchRepository } from './first-touch.repository';
import { FormRepository } from './form.repository';
import { LeadRepository } from './lead.repository';
import { LeadExportRepository } from './lead-export.repository';
import { RetentionRepository } from './retention.repository';
import { SpamPhraseRepository } from './spam-phrase.repository';
import { LeadSearchRepository } from './lead-search.repository';
import { LinkSecretRepository } from './link-secret.repository';
import { AssignedNoticeRepository } from './assigned-notice.repository';
import { WeeklyReviewRepository } from './weekly-review.repository';
import { RerouteRepository } from './reroute.repository';
import { LoginFailureRepository } from './login-failure.repository';
import { NotificationRepository } from './notification.repository';
import { ReportRepository } from './report.repository';
import { ReportRollupRepository } from './report-rollup.repository';
import { SpamRepository } from './spam.repository';
import { SpamReleaseRepository } from './spam-release.repository';
import { StaffRepository } from './staff.repository';
import { TaskBacklogMetric } from './task-backlog.metric';
import { TaskRepository } from './task.repository';
import { TeamRepository } from './team.repository';
import { Db } from './db';
import { SessionRepository } from './session.repository';

/** What the layers above use: listed once, so a repository is never provided and left unexported. */
const SHARED = [
  Db,
  SessionRepository,
  LinkSecretRepository,
  LeadRepository,
  TaskRepository,
  NotificationRepository,
  StaffRepository,
  AuditRepository,
  DeadLetterRepository,
  LoginFailureRepository,
  ContactLogRepository,
  RerouteRepository,
  AssignedNoticeRepository,
  WeeklyReviewRepository,
  ReportRepository,
  ReportRollupRepository,
  SpamRepository,
  SpamReleaseRepository,
  FormRepository,
  LeadSearchRepository,
  TeamRepository,
  LeadExportRepository,
  RetentionRepository,
  SpamPhraseRepository,
];

/**
 * The data layer: every SQL statement the worker runs, behind one
 * repository per table (leads, tasks, notifications, staff, sessions, audit
 * log, …) on the one executor (`Db`), with the domain types they return and
 * the business calendar that sets a task's due time.
 */
@Module({
  imports: [DatabaseModule, MetricsModule],
  // First touch and the backlog gauge are used inside the data layer only.
  providers: [...SHARED, businessCalendarProvider, TaskBacklogMetric, FirstTouchRepository],
  exports: [...SHARED, BusinessCalendar],
})
export class DataModule {}
