import { GoLinkController } from './go/go-link.controller';
import { FormsPageController } from './form-pages/forms-page.controller';
import { TeamsPageController } from './form-pages/teams-page.controller';
import { FormCountsRepository } from '../data/form-counts.repository';
import { GoLinkService } from './go/go-link.service';
import { LeadActController } from './go/lead-act.controller';
import { LeadActionService } from './go/lead-action.service';
import { Module } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { SpamModule } from '../intake/spam/spam.module';
import { FormsModule } from '../forms/forms.module';
import { DataModule } from '../data/data.module';
import { LeadErasureModule } from '../maintenance/lead-erasure.module';
import { MetricsModule } from '../metrics/metrics.module';
import { NotifyModule } from '../notify/notify.module';
import { AdminChannelsController } from './admin-channels.controller';
import { AdminAuditController } from './admin-audit.controller';
import { AdminCustomersController } from './admin-customers.controller';
import { AdminFormsController } from './forms/admin-forms.controller';
import { AdminLeadsController } from './admin-leads.controller';
import { AdminLeadsService } from './admin-leads.service';
import { AdminMeController } from './admin-me.controller';
import { AdminSearchController } from './admin-search.controller';
import { AdminTasksController } from './admin-tasks.controller';
import { AdminTasksService } from './admin-tasks.service';
import { FieldErrorFilter } from './field-error.filter';
import { BoardController } from './board/board.controller';
import { DeadLettersController } from './dead-letters.controller';
import { DeadLettersService } from './dead-letters.service';
import { AdminHtmlErrorFilter } from './board/html-error.filter';
import { LoginController } from './auth/login.controller';
import { LoginThrottle } from './auth/login-throttle';
import { SessionStore } from './auth/session.store';
import { AdminAuthSetup } from './auth/admin-auth.setup';
import { StaffGate } from './auth/staff-gate.service';
import { LeadContactsController } from './lead-contacts.controller';
import { LeadContactsService } from './lead-contacts.service';
import { LeadCsvService } from './lead-csv.service';
import { ReportsPageController } from './reports/reports-page.controller';
import { ReportsController } from './reports/reports.controller';
import { ReportsService } from './reports/reports.service';
import { StaffAdminService } from './staff/staff-admin.service';
import { StaffPageController } from './staff/staff-page.controller';
import { StaffController } from './staff/staff.controller';
import { AdminSpamController } from './spam/admin-spam.controller';
import { AdminSpamService } from './spam/admin-spam.service';
import { TeamsAdminService } from './teams/teams-admin.service';
import { TeamsController } from './teams/teams.controller';
import { SpamPhrasesController } from './spam/spam-phrases.controller';
import { QueuesBoardSetup } from './queues-board.setup';

/**
 * The staff/admin HTTP surface. AdminAuthSetup puts the authentication hook
 * on the Fastify instance as the module is built, before any route, and the
 * hook asks StaffGate (accounts, sessions, throttling).
 */
@Module({
  imports: [DataModule, MetricsModule, LeadErasureModule, NotifyModule, SpamModule, FormsModule],
  controllers: [
    GoLinkController,
    LeadActController,
    FormsPageController,
    TeamsPageController,
    AdminTasksController,
    AdminLeadsController,
    AdminChannelsController,
    AdminMeController,
    BoardController,
    LoginController,
    StaffController,
    StaffPageController,
    AdminAuditController,
    AdminCustomersController,
    DeadLettersController,
    LeadContactsController,
    ReportsController,
    ReportsPageController,
    AdminSpamController,
    SpamPhrasesController,
    AdminFormsController,
    AdminSearchController,
    TeamsController,
  ],
  providers: [
    AdminAuthSetup,
    QueuesBoardSetup,
    FormCountsRepository,
    GoLinkService,
    LeadActionService,
    AdminTasksService,
    AdminLeadsService,
    LeadCsvService,
    StaffGate,
    SessionStore,
    LoginThrottle,
    StaffAdminService,
    DeadLettersService,
    LeadContactsService,
    ReportsService,
    { provide: APP_FILTER, useClass: FieldErrorFilter },
    AdminSpamService,
    TeamsAdminService,
    // A browser's 403/404 under /admin as a page in its language, not JSON.
    { provide: APP_FILTER, useClass: AdminHtmlErrorFilter },
  ],
  exports: [StaffGate],
})
export class AdminModule {}
