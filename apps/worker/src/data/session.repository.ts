import { Injectable } from '@nestjs/common';
import type { StaffRole } from './staff-account';
import { Db } from './db';

/** A live session's row and its account. */
export interface SessionOwner {
  login: string;
  displayName: string;
  role: StaffRole;
  tokenHash: string;
}

/** How long a session lives: idle and absolute limits, and both for a remembered phone. */
export interface SessionLimits {
  idleMinutes: number;
  maxHours: number;
  rememberDays: number;
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

/** The `staff_sessions` table: board sessions, server-side, keyed by a hash of their token. */
@Injectable()
export class SessionRepository {
  constructor(private readonly db: Db) {}

  async insert(
    tokenHash: string,
    login: string,
    client: { ip: string; userAgent: string | null },
    remember: boolean,
  ): Promise<void> {
    await this.db.query(`INSERT INTO staff_sessions (token_hash, login, ip, user_agent, remember) VALUES ($1, $2, $3, $4, $5)`, [
      tokenHash,
      login,
      client.ip,
      client.userAgent,
      remember,
    ]);
  }

  async resume(tokenHash: string, limits: SessionLimits): Promise<SessionOwner | null> {
    const rows = await this.db.query<{ token_hash: string; login: string; name: string; role: StaffRole }>(RESUME_SQL, [
      tokenHash,
      limits.idleMinutes,
      limits.maxHours,
      limits.rememberDays,
    ]);
    return rows.length
      ? { login: rows[0].login, displayName: rows[0].name, role: rows[0].role, tokenHash: rows[0].token_hash }
      : null;
  }

  async delete(tokenHash: string): Promise<void> {
    await this.db.query(`DELETE FROM staff_sessions WHERE token_hash = $1`, [tokenHash]);
  }

  /** Deletes every session of `login` except `keep`. */
  async deleteAllOf(login: string, keep: string | null): Promise<void> {
    await this.db.query(`DELETE FROM staff_sessions WHERE login = $1 AND token_hash IS DISTINCT FROM $2`, [login, keep]);
  }
}
