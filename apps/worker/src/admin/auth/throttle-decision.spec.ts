import type { LoginFailureCounts } from '../../data/login-failure.repository';
import { ADDRESS_FACTOR, BASE_DELAY_MS, decideLoginAttempt, MAX_DELAY_MS } from './throttle-decision';

const none: LoginFailureCounts = { pair: 0, pairWaitSeconds: 0, login: 0, address: 0, addressWaitSeconds: 0 };
const counts = (c: Partial<LoginFailureCounts>): LoginFailureCounts => ({ ...none, ...c });

describe('decideLoginAttempt', () => {
  it('lets a clean attempt through at once', () => {
    expect(decideLoginAttempt(none, 5)).toEqual({ refuse: false, delayMs: 0 });
  });

  it('refuses a login from an address that failed it max times, until the oldest failure ages out', () => {
    expect(decideLoginAttempt(counts({ pair: 4, login: 4, address: 4 }), 5)).toEqual({ refuse: false, delayMs: 0 });
    expect(decideLoginAttempt(counts({ pair: 5, pairWaitSeconds: 612.3, login: 5, address: 5 }), 5)).toEqual({
      refuse: true,
      retryAfterSeconds: 613,
    });
  });

  it('never answers Retry-After 0', () => {
    expect(decideLoginAttempt(counts({ pair: 5, pairWaitSeconds: 0.01, login: 5, address: 5 }), 5)).toEqual({
      refuse: true,
      retryAfterSeconds: 1,
    });
  });

  it('never refuses an address that has not failed the login, however often others did: it only slows it down', () => {
    for (const login of [5, 6, 50, 10_000]) {
      const d = decideLoginAttempt(counts({ login }), 5);
      expect(d.refuse).toBe(false);
    }
  });

  it('slows a login failed from many addresses more with each failure, up to a few seconds', () => {
    const delays = [4, 5, 6, 7, 8, 9, 100].map((login) => {
      const d = decideLoginAttempt(counts({ login, pair: 1 }), 5);
      return d.refuse ? NaN : d.delayMs;
    });
    expect(delays).toEqual([0, BASE_DELAY_MS, BASE_DELAY_MS * 2, BASE_DELAY_MS * 4, MAX_DELAY_MS, MAX_DELAY_MS, MAX_DELAY_MS]);
  });

  it('refuses an address failing across many logins, but only well past the per-login limit', () => {
    expect(decideLoginAttempt(counts({ address: 5 * ADDRESS_FACTOR - 1 }), 5).refuse).toBe(false);
    expect(decideLoginAttempt(counts({ address: 5 * ADDRESS_FACTOR, addressWaitSeconds: 30 }), 5)).toEqual({
      refuse: true,
      retryAfterSeconds: 30,
    });
  });

  it('takes the longer wait when both the pair and the address are over', () => {
    const d = decideLoginAttempt(counts({ pair: 5, pairWaitSeconds: 10, address: 20, addressWaitSeconds: 99 }), 5);
    expect(d).toEqual({ refuse: true, retryAfterSeconds: 99 });
  });

  it('does nothing when LOGIN_MAX_FAILURES is 0', () => {
    expect(decideLoginAttempt(counts({ pair: 99, login: 99, address: 99, pairWaitSeconds: 9 }), 0)).toEqual({
      refuse: false,
      delayMs: 0,
    });
  });
});
