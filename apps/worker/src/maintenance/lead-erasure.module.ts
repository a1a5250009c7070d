import { Module } from '@nestjs/common';
import { DataModule } from '../data/data.module';
import { LeadErasure } from './lead-erasure.service';

/** Erasure on its own, for retention (consumer) and the staff's erase button (admin) alike. */
@Module({
  imports: [DataModule],
  providers: [LeadErasure],
  exports: [LeadErasure],
})
export class LeadErasureModule {}
