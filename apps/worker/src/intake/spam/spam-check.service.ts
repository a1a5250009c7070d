import { Injectable } from '@nestjs/common';
import { InjectConfig, WorkerConfig } from '@app/config';
import { LeadReceivedPayload } from '@app/contracts';
import { SpamMark } from '../../data/lead.repository';
import { SpamRepository } from '../../data/spam.repository';
import { isDisposableDomain } from './disposable-domains';
import { SpamFloodService } from './spam-flood.service';
import { SpamModelService } from './spam-model.service';
import { SpamPhraseList } from './spam-phrase-list';
import { scoreLead } from './spam-scorer';

/** Scores a lead before it is stored, with what Postgres knows of its contact; decides quarantine. */
@Injectable()
export class SpamCheck {
  constructor(
    private readonly spam: SpamRepository,
    private readonly models: SpamModelService,
    private readonly flood: SpamFloodService,
    private readonly phrases: SpamPhraseList,
    @InjectConfig() private readonly config: WorkerConfig,
  ) {}

  async check(payload: LeadReceivedPayload): Promise<SpamMark> {
    const f = payload.fields;
    const [facts, model, phrases] = await Promise.all([
      this.spam.contactFacts({ phone: f.phone, email: f.email, ip: payload.context.ip }, payload.id),
      this.models.current(),
      this.phrases.current(),
    ]);
    const verdict = scoreLead(
      {
        name: f.name,
        company: f.company,
        email: f.email,
        requirement: f.requirement,
        contactLeadsToday: facts.leadsToday,
        contactMarkedSpam: facts.markedSpam,
        captchaUnverified: payload.context.captcha === 'unverified',
      },
      { model, isDisposableDomain, phrases },
    );
    // A blocked contact still got its 202 (a bot learns nothing); here it is held whatever it scores.
    const quarantined = !!facts.blocked || verdict.score >= this.config.SPAM_THRESHOLD;
    this.flood.record(quarantined);
    if (facts.blocked) return { ...verdict, reasons: [`blocked:${facts.blocked}`, ...verdict.reasons], quarantined };
    return { ...verdict, quarantined };
  }
}
