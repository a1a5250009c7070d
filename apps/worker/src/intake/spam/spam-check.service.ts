import { Injectable } from '@nestjs/common';
import { InjectConfig, WorkerConfig } from '@app/config';
import { LeadReceivedPayload } from '@app/contracts';
import type { ContactFacts, SpamMark } from '../../data/lead.repository';
import { isDisposableDomain } from './disposable-domains';
import { SpamFloodService } from './spam-flood.service';
import { SpamModelService } from './spam-model.service';
import { SpamPhraseList } from './spam-phrase-list';
import { CONTACT_FREQUENCY_FROM } from './spam-signals';
import { scoreLead } from './spam-scorer';

/** A contact Postgres knows nothing against: how a lead is scored before its contact's history is read. */
const NO_HISTORY: ContactFacts = { leadsToday: 0, markedSpam: false, blocked: null };

/** Scores a lead before it is stored, with what Postgres knows of its contact; decides quarantine. */
@Injectable()
export class SpamCheck {
  constructor(
    private readonly models: SpamModelService,
    private readonly flood: SpamFloodService,
    private readonly phrases: SpamPhraseList,
    @InjectConfig() private readonly config: WorkerConfig,
  ) {}

  /**
   * The lead's mark given its contact's `history`. Without one it is scored
   * as a contact with no history, and the mark says for which contacts that
   * holds (`contactLeadsBelow`): the store reads the history in the same
   * round trip and hands it back when it counts, for a second check.
   */
  async check(payload: LeadReceivedPayload, history?: ContactFacts): Promise<SpamMark> {
    const f = payload.fields;
    const facts = history ?? NO_HISTORY;
    const [model, phrases] = await Promise.all([this.models.current(), this.phrases.current()]);
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
    const reasons = facts.blocked ? [`blocked:${facts.blocked}`, ...verdict.reasons] : verdict.reasons;
    // Fewer leads than that, no spam verdict and no block score exactly as no history does.
    return history
      ? { ...verdict, reasons, quarantined }
      : { ...verdict, reasons, quarantined, contactLeadsBelow: CONTACT_FREQUENCY_FROM };
  }

  /** Counts the lead's final mark towards the share of spam the gateways' captcha watches. */
  settled(mark: SpamMark): void {
    this.flood.record(mark.quarantined);
  }
}
