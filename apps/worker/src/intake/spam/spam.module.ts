import { Module } from '@nestjs/common';
import { DataModule } from '../../data/data.module';
import { SpamCheck } from './spam-check.service';
import { SpamFloodService } from './spam-flood.service';
import { SpamModelService } from './spam-model.service';
import { SpamPhraseList } from './spam-phrase-list';

/** The spam score and the shared model: used by intake (score) and by the admin verdicts (teach). */
@Module({
  imports: [DataModule],
  providers: [SpamCheck, SpamModelService, SpamFloodService, SpamPhraseList],
  exports: [SpamCheck, SpamModelService, SpamPhraseList],
})
export class SpamModule {}
