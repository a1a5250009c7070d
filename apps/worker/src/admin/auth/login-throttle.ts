import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { InjectConfig, WorkerConfig } from '@app/config';

const WINDOW_MINUTES = 15;

// Failures of this login or from this IP in the window, and when the oldest
// of each leaves it (which is when one more attempt is allowed).
const CHECK_SQL = `
SELECT count(*) FILTER (WHERE login = $1)::int AS by_login,
       count(*) FILTER (WHERE ip = $2)::int AS by_ip,
       extract(epoch FROM min(at) FILTER (WHERE login = $1) + make_interval(mins => $3::int) - now()) AS login_wait,
       extract(epoch FROM min(at) FILTER (WHERE ip = $2) + make_interval(mins => $3::int) - now()) AS ip_wait
  FROM login_failures
 WHERE at > now() - make_interval(mins => $3::int) AND (login = $1 OR ip = $2)`;

/**
 * LOGIN_MAX_FAILURES failed logins per account or per client IP within 15
 * minutes, then 429 until the oldest failure ages out. Kept in Postgres, so
 * every worker process counts the same failures.
 */
@Injectable()
export class LoginThrottle {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @InjectConfig() private readonly config: WorkerConfig,
  ) {}

  /** Seconds to wait before the next attempt, or 0 when one is allowed now. */
  async waitSeconds(login: string, ip: string): Promise<number> {
    const max = this.config.LOGIN_MAX_FAILURES;
    if (max === 0) return 0;
    const [row]: { by_login: number; by_ip: number; login_wait: string | null; ip_wait: string | null }[] = await this.db.query(
      CHECK_SQL,
      [login, ip, WINDOW_MINUTES],
    );
    const waits = [row.by_login >= max ? row.login_wait : null, row.by_ip >= max ? row.ip_wait : null]
      .filter((w): w is string => w !== null)
      .map(Number);
    return waits.length ? Math.max(1, Math.ceil(Math.max(...waits))) : 0;
  }

  async recordFailure(login: string, ip: string): Promise<void> {
    if (this.config.LOGIN_MAX_FAILURES === 0) return;
    await this.db.query(`INSERT INTO login_failures (login, ip) VALUES ($1, $2)`, [login.slice(0, 200), ip]);
  }

  /** A correct password clears the account's count (the IP's stays). */
  async recordSuccess(login: string): Promise<void> {
    if (this.config.LOGIN_MAX_FAILURES === 0) return;
    await this.db.query(`DELETE FROM login_failures WHERE login = $1`, [login]);
  }
}
