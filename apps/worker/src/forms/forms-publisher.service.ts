import { Inject, Injectable, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { InjectPinoLogger, PinoLogger } from 'nestjs-pino';
import { formsChangedChannel, formsSnapshotKey } from '@app/contracts';
import { FormRepository } from '../data/form.repository';

export const FORMS_REDIS = Symbol('FORMS_REDIS');
export const FORMS_PREFIX = Symbol('FORMS_PREFIX');

// Written only when newer than what Redis holds (the revision leads the
// JSON text), so a slow publisher never puts an older snapshot back; the
// change message goes out in the same step.
const PUBLISH_SCRIPT = `
local current = redis.call('GET', KEYS[1])
if current then
  local held = tonumber(string.match(current, '^{"revision":(%d+)'))
  if held and held >= tonumber(ARGV[1]) then return 0 end
end
redis.call('SET', KEYS[1], ARGV[2])
redis.call('PUBLISH', ARGV[3], ARGV[1])
return 1`;

/** Re-publishing now and then heals a snapshot lost with Redis's data, at the cost of one GET. */
const REPUBLISH_MS = 60_000;

/**
 * The forms the gateways serve, published to Redis: at boot, after every
 * change, and once a minute. Gateways never read Postgres; this snapshot is
 * all they know.
 */
@Injectable()
export class FormsPublisher implements OnApplicationBootstrap, OnApplicationShutdown {
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly forms: FormRepository,
    @Inject(FORMS_REDIS) private readonly redis: Redis,
    @Inject(FORMS_PREFIX) private readonly prefix: string,
    @InjectPinoLogger(FormsPublisher.name) private readonly logger: PinoLogger,
  ) {}

  onApplicationBootstrap(): void {
    void this.publishQuietly();
    this.timer = setInterval(() => void this.publishQuietly(), REPUBLISH_MS);
    this.timer.unref();
  }

  /** Writes the newest snapshot; true when Redis held an older one (or none). */
  async publish(): Promise<boolean> {
    const snapshot = await this.forms.snapshot();
    const written = await this.redis.eval(
      PUBLISH_SCRIPT,
      1,
      formsSnapshotKey(this.prefix),
      snapshot.revision,
      JSON.stringify({ revision: snapshot.revision, forms: snapshot.forms }),
      formsChangedChannel(this.prefix),
    );
    return written === 1;
  }

  /** A failed publish is retried by the next change or the minute's republish; the gateways keep the last one. */
  async publishQuietly(): Promise<void> {
    try {
      if (await this.publish()) this.logger.info('forms snapshot published');
    } catch (err) {
      this.logger.warn({ err: (err as Error).message }, 'forms snapshot not published');
    }
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    if (this.redis.status === 'wait' || this.redis.status === 'end') return;
    await this.redis.quit().catch(() => this.redis.disconnect());
  }
}
