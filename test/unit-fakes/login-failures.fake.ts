import type { LoginFailureCounts, LoginFailureRepository } from '../../apps/worker/src/data/login-failure.repository';

/**
 * The `login_failures` table in memory, on a clock the spec moves
 * (`now`, ms), counting as the SQL does: failures inside the window, and
 * the seconds until the oldest one of the pair (or address) leaves it.
 */
export class InMemoryLoginFailures {
  readonly rows: { login: string; ip: string; at: number }[] = [];
  now = Date.parse('2026-03-02T02:00:00Z');

  async counts(login: string, ip: string, windowMinutes: number): Promise<LoginFailureCounts> {
    const window = windowMinutes * 60_000;
    const live = this.rows.filter((r) => r.at > this.now - window && (r.login === login || r.ip === ip));
    const pair = live.filter((r) => r.login === login && r.ip === ip);
    const byIp = live.filter((r) => r.ip === ip);
    const wait = (rows: typeof live) => (rows.length ? (Math.min(...rows.map((r) => r.at)) + window - this.now) / 1000 : 0);
    return {
      pair: pair.length,
      pairWaitSeconds: wait(pair),
      login: live.filter((r) => r.login === login).length,
      address: byIp.length,
      addressWaitSeconds: wait(byIp),
    };
  }

  async record(login: string, ip: string): Promise<void> {
    this.rows.push({ login, ip, at: this.now });
  }

  async clear(login: string, ip: string): Promise<void> {
    for (let i = this.rows.length - 1; i >= 0; i--)
      if (this.rows[i].login === login && this.rows[i].ip === ip) this.rows.splice(i, 1);
  }

  asRepository(): LoginFailureRepository {
    return this as unknown as LoginFailureRepository;
  }
}
