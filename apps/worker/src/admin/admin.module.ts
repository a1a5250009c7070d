import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { FastifyAdapter } from '@bull-board/fastify';
import { BullBoardModule } from '@bull-board/nestjs';
import { Module } from '@nestjs/common';
import { QueueName } from '@app/contracts';
import { DatabaseModule } from '../database/database.module';
import { NotificationLedger } from '../notify/notification-ledger.service';
import { AdminLeadsController } from './admin-leads.controller';
import { AdminLeadsService } from './admin-leads.service';
import { AdminMeController } from './admin-me.controller';
import { BoardController } from './board/board.controller';
import { AdminTasksController } from './admin-tasks.controller';
import { AdminTasksService } from './admin-tasks.service';
import { LeadCsvService } from './lead-csv.service';

/** The staff/admin HTTP surface; authentication is the onRequest hook in main.ts. */
@Module({
  imports: [
    DatabaseModule,
    BullBoardModule.forRoot({ route: '/admin/queues', adapter: FastifyAdapter }),
    BullBoardModule.forFeature(...Object.values(QueueName).map((name) => ({ name, adapter: BullMQAdapter }))),
  ],
  controllers: [AdminTasksController, AdminLeadsController, AdminMeController, BoardController],
  // NotificationLedger is stateless; this module records resends through its own instance.
  providers: [AdminTasksService, AdminLeadsService, LeadCsvService, NotificationLedger],
  exports: [AdminLeadsService],
})
export class AdminModule {}
