import { Injectable } from '@nestjs/common';
import { InjectPinoLogger, PinoLogger } from 'nestjs-pino';
import { SpamRepository, Verdict } from '../../data/spam.repository';
import { BayesModel, isBayesModel, train } from './naive-bayes';
import seed from './spam-seed-model.json';

/** How long a worker scores with the model it has before asking Postgres whether staff taught it since. */
const RELOAD_SECONDS = 30;

/** A fresh copy of the shipped model (trained on test/fixtures/spam-corpus.json by `npm run spam:train`). */
export const seedModel = (): BayesModel => structuredClone(seed) as BayesModel;

/**
 * The Bayes model every worker shares: the row in spam_model once staff
 * gave a verdict, the shipped one before. Each worker keeps a copy and
 * checks the row's version at most every RELOAD_SECONDS, so a verdict
 * reaches every worker within a minute; with Postgres unreachable it keeps
 * scoring with the copy it has.
 */
@Injectable()
export class SpamModelService {
  private model: BayesModel = seedModel();
  private version: number | null = null;
  private checkedAt = 0;

  constructor(
    private readonly spam: SpamRepository,
    @InjectPinoLogger(SpamModelService.name) private readonly logger: PinoLogger,
  ) {}

  async current(): Promise<BayesModel> {
    if (Date.now() - this.checkedAt < RELOAD_SECONDS * 1000) return this.model;
    this.checkedAt = Date.now();
    try {
      const version = await this.spam.modelVersion();
      if (version !== null && version !== this.version) {
        const stored = await this.spam.loadModel();
        if (stored && isBayesModel(stored.model)) {
          this.model = stored.model;
          this.version = stored.version;
        }
      }
    } catch (err) {
      this.logger.warn({ err: (err as Error).message }, 'spam model not reloaded; scoring with the copy in memory');
    }
    return this.model;
  }

  /** Teaches the shared model one verdict (moving the lead's words if staff changed their mind); false when nothing changed. */
  async learn(leadId: string, verdict: Verdict, tokens: string[], actor: string): Promise<boolean> {
    const changed = await this.spam.recordVerdict(leadId, verdict, tokens, actor, seedModel, (stored, previous) => {
      const model = isBayesModel(stored) ? stored : seedModel();
      if (previous) train(model, previous.tokens, previous.verdict, -1);
      return train(model, tokens, verdict);
    });
    if (changed) this.checkedAt = 0;
    return changed;
  }
}
