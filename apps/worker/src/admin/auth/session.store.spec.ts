import { workerConfig } from '../../../../../test/unit-fakes/worker-config';
import type { Db } from '../../data/db';
import { SessionRepository } from '../../data/session.repository';
import { hashToken, SessionStore } from './session.store';

/**
 * What the store asks Postgres, and how it reads the answer. Which sessions
 * are still good (idle limit, absolute lifetime, remembered phones) is the
 * SQL's decision, run against Postgres in the staff-session e2e and browser
 * specs; here: that it gets the configured limits, in the right places.
 */
describe('SessionStore', () => {
  let queries: { sql: string; params: unknown[] }[];
  let answer: unknown[];
  let store: SessionStore;

  beforeEach(() => {
    queries = [];
    answer = [];
    const db = {
      query: async (sql: string, params: unknown[]) => {
        queries.push({ sql, params });
        return answer;
      },
    };
    store = new SessionStore(
      new SessionRepository(db as unknown as Db),
      workerConfig({ SESSION_IDLE_MINUTES: '45', SESSION_MAX_HOURS: '12', SESSION_REMEMBER_DAYS: '14' }),
    );
  });

  it('stores only a hash of a fresh random token, with the client and the remember flag', async () => {
    const token = await store.create('li', { ip: '203.0.113.5', userAgent: 'phone' }, true);
    const other = await store.create('li', { ip: '203.0.113.5', userAgent: null });
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(other).not.toBe(token);
    expect(queries[0].params).toEqual([hashToken(token), 'li', '203.0.113.5', 'phone', true]);
    expect(queries[1].params).toEqual([hashToken(other), 'li', '203.0.113.5', null, false]);
    expect(JSON.stringify(queries)).not.toContain(token);
  });

  it('resumes by hash with the idle minutes, max hours and remember days, in that order', async () => {
    answer = [{ token_hash: 'h1', login: 'li', name: '李雷', role: 'sales' }];
    expect(await store.resume('tok')).toEqual({ login: 'li', displayName: '李雷', role: 'sales', tokenHash: 'h1' });
    expect(queries[0].params).toEqual([hashToken('tok'), 45, 12, 14]);
    // The idle limit is in minutes and the lifetime in hours, except for remembered phones (days, both).
    expect(queries[0].sql).toMatch(
      /last_seen_at > now\(\) - CASE WHEN s\.remember THEN make_interval\(days => \$4::int\) ELSE make_interval\(mins => \$2::int\)/,
    );
    expect(queries[0].sql).toMatch(
      /created_at > now\(\) - CASE WHEN s\.remember THEN make_interval\(days => \$4::int\) ELSE make_interval\(hours => \$3::int\)/,
    );
    // Only active accounts' sessions resume.
    expect(queries[0].sql).toMatch(/JOIN staff a ON a\.login = s\.login AND a\.active/);
  });

  it('answers null for a session Postgres no longer returns (ended, idled out, too old, account gone)', async () => {
    answer = [];
    expect(await store.resume('tok')).toBeNull();
  });

  it('ends one session, or all of a login but the one making the change', async () => {
    await store.end('h1');
    await store.endAllOf('li', 'h2');
    await store.endAllOf('wang');
    expect(queries.map((q) => q.params)).toEqual([['h1'], ['li', 'h2'], ['wang', null]]);
  });

  it('reports the cookie lifetimes from the config', () => {
    expect([store.maxHours, store.rememberDays]).toEqual([12, 14]);
  });

  it('hashes tokens the same way every time, and differently per token', () => {
    expect(hashToken('a')).toBe(hashToken('a'));
    expect(hashToken('a')).not.toBe(hashToken('b'));
    expect(hashToken('a')).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });
});
