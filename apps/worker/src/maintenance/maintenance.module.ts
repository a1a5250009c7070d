import { Module } from '@nestjs/common';
import { LeadsModule } from '../leads/leads.module';
import { SlaModule } from '../sla/sla.module';
import { MaintenanceProcessor } from './maintenance.processor';
import { MaintenanceScheduler } from './maintenance.scheduler';
import { RetentionService } from './retention.service';
import { SweeperService } from './sweeper.service';

/** Periodic housekeeping: re-driving stuck work, SLA checks and retention. */
@Module({
  imports: [LeadsModule, SlaModule],
  providers: [MaintenanceScheduler, MaintenanceProcessor, SweeperService, RetentionService],
})
export class MaintenanceModule {}
