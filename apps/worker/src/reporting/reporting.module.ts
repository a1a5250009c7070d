import { Module } from '@nestjs/common';
import { DataModule } from '../data/data.module';
import { ReportRollupService } from './report-rollup.service';

/** The reports' arithmetic and their per-day rollup, shared by the reports pages (admin) and the maintenance job. */
@Module({
  imports: [DataModule],
  providers: [ReportRollupService],
  exports: [ReportRollupService],
})
export class ReportingModule {}
