import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { createHash, randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { InjectConfig, WorkerConfig } from '@app/config';
import type { StaffRole } from '../../leads/staff.repository';

/** Only a hash of the token is stored, so a leaked table opens no session. */
export const hashToken = (token: string): string => createHash('sha256').update(token).digest('base64url');

export interface SessionOwner {
  login: string;
  name: string;
  role: StaffRole;
  tokenHash: string;
}

// A session is good while its account is active, it was used within the
// idle timeout and it is younger than the absolute lifetime (both
// SESSION_REMEMBER_DAYS for a remembered phone); using it moves
// last_seen_at, at most once a minute (no write per request).
const RESUME_SQL = `
WITH hit AS (
  SELECT s.token_hash, s.last_seen_at, a.login, a.name, a.role
    FROM staff_sessions s JOIN staff a ON a.login = s.login AND a.active
   WHERE s.token_hash = $1
     AND s.last_seen_at > now() - CASE WHEN s.remember THEN make_interval(days => $4::int) ELSE make_interval(mins => $2::int) END
     AND s.created_at > now() - CASE WHEN s.remember THEN make_interval(days => $4::int) ELSE make_interval(hours => $3::int) END
), touched AS (
  UPDATE staff_sessions SET last_seen_at = now()
   WHERE token_hash = (SELECT token_hash FROM hit WHERE last_seen_at < now() - interval '1 minute')
)
SELECT token_hash, login, name, role FROM hit`;

/** Board sessions (`staff_sessions`): server-side, so ending one takes effect at once. */
@Injectable()
export class SessionStore {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
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
    await this.db.query(`INSERT INTO staff_sessions (token_hash, login, ip, user_agent, remember) VALUES ($1, $2, $3, $4, $5)`, [
      hashToken(token),
      login,
      client.ip,
      client.userAgent,
      remember,
    ]);
    return token;
  }

  async resume(token: string): Promise<SessionOwner | null> {
    const rows: { token_hash: string; login: string; name: string; role: StaffRole }[] = await this.db.query(RESUME_SQL, [
      hashToken(token),
      this.config.SESSION_IDLE_MINUTES,
      this.config.SESSION_MAX_HOURS,
      this.config.SESSION_REMEMBER_DAYS,
    ]);
    return rows.length ? { login: rows[0].login, name: rows[0].name, role: rows[0].role, tokenHash: rows[0].token_hash } : null;
  }

  async end(tokenHash: string): Promise<void> {
    await this.db.query(`DELETE FROM staff_sessions WHERE token_hash = $1`, [tokenHash]);
  }

  /** Ends every session of `login` except `keep` (the one making the change, if any). */
  async endAllOf(login: string, keep: string | null = null): Promise<void> {
    await this.db.query(`DELETE FROM staff_sessions WHERE login = $1 AND token_hash IS DISTINCT FROM $2`, [login, keep]);
  }
}
