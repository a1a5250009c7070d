import { GoLinkController } from './go/go-link.controller';
import { GoLinkService } from './go/go-link.service';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { FastifyAdapter } from '@bull-board/fastify';
import { BullBoardModule } from '@bull-board/nestjs';
import { Module } from '@nestjs/common';
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
import { DeadLettersController } from './dead-letters.controller';
import { DeadLettersService } from './dead-letters.service';
import { LoginController } from './auth/login.controller';
import { LoginThrottle } from './auth/login-throttle';
import { SessionStore } from './auth/session.store';
import { StaffGate } from './auth/staff-gate.service';
import { LeadContactsController } from './lead-contacts.controller';
import { LeadContactsService } from './lead-contacts.service';
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
    GoLinkController,
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
  ],
  providers: [
    GoLinkService,
    AdminTasksService,
    AdminLeadsService,
    LeadCsvService,
    StaffGate,
    SessionStore,
    LoginThrottle,
    StaffAdminService,
    StaffSeeder,
    DeadLettersService,
    LeadContactsService,
  ],
  exports: [StaffGate],
})
export class AdminModule {}
