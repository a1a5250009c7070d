import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { FastifyAdapter } from '@bull-board/fastify';
import { BullBoardModule } from '@bull-board/nestjs';
import { Module } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { QueueName } from '@app/contracts';
import { LeadsModule } from '../leads/leads.module';
import { NotifyModule } from '../notify/notify.module';
import { AdminChannelsController } from './admin-channels.controller';
import { AdminAuditController } from './admin-audit.controller';
import { AdminCustomersController } from './admin-customers.controller';
import { AdminLeadsController } from './admin-leads.controller';
import { AdminLeadsService } from './admin-leads.service';
import { AdminMeController } from './admin-me.controller';
import { AdminTasksController } from './admin-tasks.controller';
import { AdminTasksService } from './admin-tasks.service';
import { BoardController } from './board/board.controller';
import { AdminHtmlErrorFilter } from './board/html-error.filter';
import { LoginController } from './auth/login.controller';
import { LoginThrottle } from './auth/login-throttle';
import { SessionStore } from './auth/session.store';
import { StaffGate } from './auth/staff-gate.service';
import { LeadCsvService } from './lead-csv.service';
import { StaffAdminService } from './staff/staff-admin.service';
import { StaffPageController } from './staff/staff-page.controller';
import { StaffSeeder } from './staff/staff-seeder';
import { StaffController } from './staff/staff.controller';

/**
 * The staff/admin HTTP surface; authentication is the onRequest hook in
 * main.ts, which asks StaffGate (accounts, sessions, throttling).
 */
@Module({
  imports: [
    LeadsModule,
    NotifyModule,
    BullBoardModule.forRoot({ route: '/admin/queues', adapter: FastifyAdapter }),
    BullBoardModule.forFeature(...Object.values(QueueName).map((name) => ({ name, adapter: BullMQAdapter }))),
  ],
  controllers: [
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
  ],
  providers: [
    AdminTasksService,
    AdminLeadsService,
    LeadCsvService,
    StaffGate,
    SessionStore,
    LoginThrottle,
    StaffAdminService,
    StaffSeeder,
    // A browser's 403/404 under /admin as a page in its language, not JSON.
    { provide: APP_FILTER, useClass: AdminHtmlErrorFilter },
  ],
  exports: [StaffGate],
})
export class AdminModule {}
