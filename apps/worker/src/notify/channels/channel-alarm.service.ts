import { Inject, Injectable } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { InjectPinoLogger, PinoLogger } from 'nestjs-pino';
import type { ChannelDestination } from '@app/config';
import type { DeliveryOutcome } from './chat-channel';
import { ROBOT_BUDGET_PREFIX, ROBOT_BUDGET_REDIS } from './robot-budget.service';

/** How long one error-level line stands for a destination's problem (then it is logged again). */
const ALARM_TTL_MS = 60 * 60_000;

/**
 * A robot with a wrong secret or keyword fails every message until staff
 * fix it: the first failure of each reason is logged at error level (once
 * across all worker processes, through Redis), the repeats at debug.
 */
@Injectable()
export class ChannelAlarm {
  constructor(
    @Inject(ROBOT_BUDGET_REDIS) private readonly redis: Redis,
    @Inject(ROBOT_BUDGET_PREFIX) private readonly prefix: string,
    @InjectPinoLogger(ChannelAlarm.name) private readonly logger: PinoLogger,
  ) {}

  async raise(destination: ChannelDestination, outcome: DeliveryOutcome): Promise<void> {
    const key = `${this.prefix}:channel-alarm:${destination.id}:${outcome.reason}`;
    const first = (await this.redis.set(key, '1', 'PX', ALARM_TTL_MS, 'NX')) === 'OK';
    const entry = { destination: destination.label, reason: outcome.reason, detail: outcome.detail };
    if (first) this.logger.error(entry, 'chat destination misconfigured: fix the robot or its URL; retrying meanwhile');
    else this.logger.debug(entry, 'chat destination still misconfigured');
  }
}
