import { Module } from '@nestjs/common';
import { DataModule } from '../data/data.module';
import { NotifyModule } from '../notify/notify.module';
import { ReportingModule } from '../reporting/reporting.module';
import { SlaModule } from '../sla/sla.module';
import { LeadErasureModule } from './lead-erasure.module';
import { MaintenanceProcessor } from './maintenance.processor';
import { MaintenanceScheduler } from './maintenance.scheduler';
import { RetentionService } from './retention.service';
import { SweeperService } from './sweeper.service';
import { WeeklyReviewRobots } from './weekly-review-robots.service';
import { WeeklyReviewService } from './weekly-review.service';

/** Periodic housekeeping: re-driving stuck work, SLA checks and retention. */
@Module({
  imports: [DataModule, LeadErasureModule, SlaModule, NotifyModule, ReportingModule],
  providers: [
    MaintenanceScheduler,
    MaintenanceProcessor,
    SweeperService,
    RetentionService,
    WeeklyReviewService,
    WeeklyReviewRobots,
  ],
})
export class MaintenanceModule {}
