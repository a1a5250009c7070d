import { Injectable } from '@nestjs/common';
import { setTimeout as sleep } from 'node:timers/promises';
import { InjectConfig, WorkerConfig } from '@app/config';
import { LoginFailureRepository } from '../../data/login-failure.repository';
import { decideLoginAttempt } from './throttle-decision';

const WINDOW_MINUTES = 15;

/**
 * Failed logins within 15 minutes, kept in Postgres so every worker process
 * counts the same ones, weighed by decideLoginAttempt: LOGIN_MAX_FAILURES
 * from one address refuse that login from that address (429), failures from
 * everywhere only slow the login down.
 */
@Injectable()
export class LoginThrottle {
  constructor(
    private readonly failures: LoginFailureRepository,
    @InjectConfig() private readonly config: WorkerConfig,
  ) {}

  /**
   * Seconds the caller must wait before trying again (refused), or 0 when
   * the attempt may go on; a slowed attempt returns 0 after its delay, unless
   * `slow` is false (a password already verified moments ago).
   */
  async admit(login: string, ip: string, slow = true): Promise<number> {
    const max = this.config.LOGIN_MAX_FAILURES;
    if (max === 0) return 0;
    const decision = decideLoginAttempt(await this.failures.counts(login, ip, WINDOW_MINUTES), max);
    if (decision.refuse) return decision.retryAfterSeconds;
    if (slow && decision.delayMs > 0) await sleep(decision.delayMs);
    return 0;
  }

  async recordFailure(login: string, ip: string): Promise<void> {
    if (this.config.LOGIN_MAX_FAILURES === 0) return;
    await this.failures.record(login.slice(0, 200), ip);
  }

  /** A correct password clears its address's failures of the login; others' failures keep counting. */
  async recordSuccess(login: string, ip: string): Promise<void> {
    if (this.config.LOGIN_MAX_FAILURES === 0) return;
    await this.failures.clear(login, ip);
  }
}
