import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { FastifyAdapter } from '@bull-board/fastify';
import { BullBoardModule } from '@bull-board/nestjs';
import { Module } from '@nestjs/common';
import { QueueName } from '@app/contracts';
import { LeadsModule } from '../leads/leads.module';
import { NotifyModule } from '../notify/notify.module';
import { AdminChannelsController } from './admin-channels.controller';
import { AdminLeadsController } from './admin-leads.controller';
import { AdminLeadsService } from './admin-leads.service';
import { AdminMeController } from './admin-me.controller';
import { AdminTasksController } from './admin-tasks.controller';
import { AdminTasksService } from './admin-tasks.service';
import { BoardController } from './board/board.controller';
import { LeadCsvService } from './lead-csv.service';

/** The staff/admin HTTP surface; authentication is the onRequest hook in main.ts. */
@Module({
  imports: [
    LeadsModule,
    NotifyModule,
    BullBoardModule.forRoot({ route: '/admin/queues', adapter: FastifyAdapter }),
    BullBoardModule.forFeature(...Object.values(QueueName).map((name) => ({ name, adapter: BullMQAdapter }))),
  ],
  controllers: [AdminTasksController, AdminLeadsController, AdminChannelsController, AdminMeController, BoardController],
  providers: [AdminTasksService, AdminLeadsService, LeadCsvService],
})
export class AdminModule {}
