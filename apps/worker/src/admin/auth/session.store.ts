import { Injectable } from '@nestjs/common';
import { createHash, randomBytes } from 'node:crypto';
import { InjectConfig, WorkerConfig } from '@app/config';
import { SessionOwner, SessionRepository } from '../../data/session.repository';

export type { SessionOwner } from '../../data/session.repository';

/** Only a hash of the token is stored, so a leaked table opens no session. */
export const hashToken = (token: string): string => createHash('sha256').update(token).digest('base64url');

/** Board sessions: server-side (SessionRepository), so ending one takes effect at once. */
@Injectable()
export class SessionStore {
  constructor(
    private readonly sessions: SessionRepository,
    @InjectConfig() private readonly config: WorkerConfig,
  ) {}

  /** The absolute lifetime, which is also the cookie's. */
  get maxHours(): number {
    return this.config.SESSION_MAX_HOURS;
  }

  /** A remembered phone's session lifetime (and idle limit), in days. */
  get rememberDays(): number {
    return this.config.SESSION_REMEMBER_DAYS;
  }

  /** Starts a session (`remember`: for SESSION_REMEMBER_DAYS); returns the token for the cookie. */
  async create(login: string, client: { ip: string; userAgent: string | null }, remember = false): Promise<string> {
    const token = randomBytes(32).toString('base64url');
    await this.sessions.insert(hashToken(token), login, client, remember);
    return token;
  }

  async resume(token: string): Promise<SessionOwner | null> {
    return this.sessions.resume(hashToken(token), {
      idleMinutes: this.config.SESSION_IDLE_MINUTES,
      maxHours: this.config.SESSION_MAX_HOURS,
      rememberDays: this.config.SESSION_REMEMBER_DAYS,
    });
  }

  async end(tokenHash: string): Promise<void> {
    await this.sessions.delete(tokenHash);
  }

  /** Ends every session of `login` except `keep` (the one making the change, if any). */
  async endAllOf(login: string, keep: string | null = null): Promise<void> {
    await this.sessions.deleteAllOf(login, keep);
  }
}
