import { InMemoryLoginFailures } from '../../../../../test/unit-fakes/login-failures.fake';
import { workerConfig } from '../../../../../test/unit-fakes/worker-config';
import { LoginThrottle } from './login-throttle';

describe('LoginThrottle', () => {
  let failures: InMemoryLoginFailures;
  let throttle: LoginThrottle;
  const HOME = '203.0.113.1';
  const STRANGER = '198.51.100.9';

  beforeEach(() => {
    failures = new InMemoryLoginFailures();
    throttle = new LoginThrottle(failures.asRepository(), workerConfig({ LOGIN_MAX_FAILURES: '3' }));
  });

  async function fail(login: string, ip: string, times: number) {
    for (let i = 0; i < times; i++) await throttle.recordFailure(login, ip);
  }

  it('lets attempts through until LOGIN_MAX_FAILURES from one address, then refuses that address until the oldest failure is 15 minutes old', async () => {
    await fail('li', STRANGER, 2);
    expect(await throttle.admit('li', STRANGER)).toBe(0);
    failures.now += 5 * 60_000;
    await fail('li', STRANGER, 1);
    expect(await throttle.admit('li', STRANGER, false)).toBe(10 * 60);
    failures.now += 10 * 60_000 + 1000;
    expect(await throttle.admit('li', STRANGER, false)).toBe(0);
  });

  it("never shuts the account's owner out from their own address", async () => {
    await fail('li', STRANGER, 5);
    expect(await throttle.admit('li', STRANGER, false)).toBeGreaterThan(0);
    expect(await throttle.admit('li', HOME, false)).toBe(0);
  });

  it('refuses an address failing across many accounts at four times the limit', async () => {
    for (const login of ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j', 'k']) await fail(login, STRANGER, 1);
    expect(await throttle.admit('z', STRANGER, false)).toBe(0);
    await fail('l', STRANGER, 1);
    expect(await throttle.admit('z', STRANGER, false)).toBe(15 * 60);
  });

  it('slows an attempt on a login failing from everywhere, and skips the wait for a password verified moments ago', async () => {
    await fail('li', '10.0.0.1', 1);
    await fail('li', '10.0.0.2', 1);
    await fail('li', '10.0.0.3', 1);
    let done = false;
    const slowed = throttle.admit('li', HOME).then((wait) => {
      done = true;
      return wait;
    });
    // Slowed (500 ms for the first failure over the limit), not refused.
    await new Promise((r) => setImmediate(r));
    expect(done).toBe(false);
    expect(await slowed).toBe(0);
    expect(await throttle.admit('li', HOME, false)).toBe(0);
  });

  it("a success clears that address's failures of the login only", async () => {
    await fail('li', HOME, 2);
    await fail('li', STRANGER, 2);
    await throttle.recordSuccess('li', HOME);
    expect(failures.rows.map((r) => r.ip)).toEqual([STRANGER, STRANGER]);
  });

  it('keeps at most 200 characters of a login typed', async () => {
    await throttle.recordFailure('x'.repeat(500), HOME);
    expect(failures.rows[0].login).toHaveLength(200);
  });

  it('does nothing at all with LOGIN_MAX_FAILURES=0', async () => {
    const off = new LoginThrottle(failures.asRepository(), workerConfig({ LOGIN_MAX_FAILURES: '0' }));
    await off.recordFailure('li', STRANGER);
    expect(failures.rows).toEqual([]);
    failures.rows.push(...Array.from({ length: 50 }, () => ({ login: 'li', ip: STRANGER, at: failures.now })));
    expect(await off.admit('li', STRANGER)).toBe(0);
    await off.recordSuccess('li', STRANGER);
    expect(failures.rows).toHaveLength(50);
  });
});
