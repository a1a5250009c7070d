import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { FastifyAdapter } from '@bull-board/fastify';
import { BullBoardModule } from '@bull-board/nestjs';
import { Module } from '@nestjs/common';
import { QueueName } from '@app/contracts';
import { DatabaseModule } from '../database/database.module';
import { AdminLeadsController } from './admin-leads.controller';
import { AdminTasksController } from './admin-tasks.controller';
import { AdminTasksService } from './admin-tasks.service';
import { LeadCsvService } from './lead-csv.service';

/** The staff/admin HTTP surface; authentication is the onRequest hook in main.ts. */
@Module({
  imports: [
    DatabaseModule,
    BullBoardModule.forRoot({ route: '/admin/queues', adapter: FastifyAdapter }),
    BullBoardModule.forFeature(
      ...Object.values(QueueName).map((name) => ({ name, adapter: BullMQAdapter })),
    ),
  ],
  controllers: [AdminTasksController, AdminLeadsController],
  providers: [AdminTasksService, LeadCsvService],
})
export class AdminModule {}
