import { Injectable } from '@nestjs/common';
import { InjectPinoLogger, PinoLogger } from 'nestjs-pino';
import { SpamPhraseRepository } from '../../data/spam-phrase.repository';

/** How long a worker scores with the phrases it has before reading the list again. */
export const PHRASES_RELOAD_SECONDS = 30;

/**
 * The admins' spam phrases as every worker's scorer uses them: read from
 * Postgres at most every PHRASES_RELOAD_SECONDS (so an edit on any worker
 * applies everywhere within a minute), at once on the worker that made the
 * edit; with Postgres unreachable, the copy in memory.
 */
@Injectable()
export class SpamPhraseList {
  private phrases: readonly string[] = [];
  private readAt = 0;

  constructor(
    private readonly repository: SpamPhraseRepository,
    @InjectPinoLogger(SpamPhraseList.name) private readonly logger: PinoLogger,
  ) {}

  async current(now = Date.now()): Promise<readonly string[]> {
    if (now - this.readAt < PHRASES_RELOAD_SECONDS * 1000) return this.phrases;
    this.readAt = now;
    try {
      this.phrases = await this.repository.phrases();
    } catch (err) {
      this.logger.warn({ err: (err as Error).message }, 'spam phrases not reloaded; scoring with the copy in memory');
    }
    return this.phrases;
  }

  /** This worker changed the list: the next score reads it. */
  changed(): void {
    this.readAt = 0;
  }
}
