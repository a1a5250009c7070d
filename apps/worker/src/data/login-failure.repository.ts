import { Injectable } from '@nestjs/common';
import { Db } from './db';

/** Failed logins within a window, as the throttle weighs them. */
export interface LoginFailureCounts {
  /** Of this login from this address. */
  pair: number;
  /** Seconds until the pair's oldest failure leaves the window (0 when none). */
  pairWaitSeconds: number;
  /** Of this login from any address. */
  login: number;
  /** From this address, for any login. */
  address: number;
  /** Seconds until the address's oldest failure leaves the window (0 when none). */
  addressWaitSeconds: number;
}

const COUNTS_SQL = `
SELECT count(*) FILTER (WHERE login = $1 AND ip = $2)::int AS pair,
       count(*) FILTER (WHERE login = $1)::int AS by_login,
       count(*) FILTER (WHERE ip = $2)::int AS by_ip,
       coalesce(extract(epoch FROM min(at) FILTER (WHERE login = $1 AND ip = $2) + make_interval(mins => $3::int) - now()), 0)
         AS pair_wait,
       coalesce(extract(epoch FROM min(at) FILTER (WHERE ip = $2) + make_interval(mins => $3::int) - now()), 0) AS ip_wait
  FROM login_failures
 WHERE at > now() - make_interval(mins => $3::int) AND (login = $1 OR ip = $2)`;

/** The `login_failures` table: one row per failed login, shared by every worker process. */
@Injectable()
export class LoginFailureRepository {
  constructor(private readonly db: Db) {}

  async counts(login: string, ip: string, windowMinutes: number): Promise<LoginFailureCounts> {
    const [row]: { pair: number; by_login: number; by_ip: number; pair_wait: string; ip_wait: string }[] = await this.db.query(
      COUNTS_SQL,
      [login, ip, windowMinutes],
    );
    return {
      pair: row.pair,
      pairWaitSeconds: Number(row.pair_wait),
      login: row.by_login,
      address: row.by_ip,
      addressWaitSeconds: Number(row.ip_wait),
    };
  }

  async record(login: string, ip: string): Promise<void> {
    await this.db.query(`INSERT INTO login_failures (login, ip) VALUES ($1, $2)`, [login, ip]);
  }

  /** Forgets the failures of `login` from `ip` (the ones from other addresses stay counted). */
  async clear(login: string, ip: string): Promise<void> {
    await this.db.query(`DELETE FROM login_failures WHERE login = $1 AND ip = $2`, [login, ip]);
  }
}
