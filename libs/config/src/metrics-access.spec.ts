import { bearerToken, MetricsAccess } from './metrics-access';

const TOKEN = 'prometheus-scrape-token-0123';
const bearer = (token: string) => `Bearer ${token}`;

function accessAt(start: number, options: Partial<ConstructorParameters<typeof MetricsAccess>[0]> = {}) {
  const clock = { now: start };
  const access = new MetricsAccess({ token: TOKEN, isPublic: false, now: () => clock.now, ...options });
  return { access, clock };
}

describe('bearerToken', () => {
  it.each([
    ['Bearer abc', 'abc'],
    ['bearer abc', 'abc'],
    ['Bearer   abc  ', 'abc'],
  ])('reads %p', (header, token) => {
    expect(bearerToken(header)).toBe(token);
  });

  it.each([undefined, '', 'Bearer', 'Bearer ', 'Basic YWRtaW46cHc=', 'Bearer a b', 'Bearerabc'])('finds none in %p', (header) => {
    expect(bearerToken(header)).toBeNull();
  });
});

describe('MetricsAccess', () => {
  it('lets anyone in when public, token or not', () => {
    const access = new MetricsAccess({ isPublic: true });
    expect(access.check(undefined, '1.2.3.4')).toEqual({ kind: 'open' });
    expect(new MetricsAccess({ isPublic: true, token: TOKEN }).check('Bearer wrong', '1.2.3.4')).toEqual({ kind: 'open' });
  });

  it('is closed to everyone without a token, whatever they send', () => {
    const access = new MetricsAccess({ isPublic: false });
    expect(access.enabled).toBe(false);
    expect(access.check(bearer(''), '1.2.3.4')).toEqual({ kind: 'closed' });
    expect(access.check('Basic YWRtaW46cGFzc3dvcmQ=', '1.2.3.4')).toEqual({ kind: 'closed' });
  });

  it('accepts the token and refuses anything else, Basic credentials included', () => {
    const { access } = accessAt(0);
    expect(access.check(bearer(TOKEN), 'a')).toEqual({ kind: 'ok' });
    expect(access.check(bearer(`${TOKEN}x`), 'a')).toEqual({ kind: 'unauthorized' });
    expect(access.check(bearer(TOKEN.slice(0, -1)), 'a')).toEqual({ kind: 'unauthorized' });
    expect(access.check(`Basic ${Buffer.from(`admin:${TOKEN}`).toString('base64')}`, 'a')).toEqual({ kind: 'unauthorized' });
    expect(access.check(undefined, 'a')).toEqual({ kind: 'unauthorized' });
  });

  it('refuses a client after 10 failures in a minute, even with the right token, until the minute ends', () => {
    const { access, clock } = accessAt(120_000 + 15_000);
    for (let i = 0; i < 10; i++) expect(access.check(bearer(`guess-${i}`), 'attacker').kind).toBe('unauthorized');
    expect(access.check(bearer('guess-10'), 'attacker')).toEqual({ kind: 'throttled', retryAfterSeconds: 45 });
    expect(access.check(bearer(TOKEN), 'attacker')).toEqual({ kind: 'throttled', retryAfterSeconds: 45 });
    // Another client is not affected.
    expect(access.check(bearer(TOKEN), 'prometheus')).toEqual({ kind: 'ok' });

    clock.now = 180_000 - 500;
    expect(access.check(bearer(TOKEN), 'attacker')).toEqual({ kind: 'throttled', retryAfterSeconds: 1 });
    clock.now = 180_000;
    expect(access.check(bearer(TOKEN), 'attacker')).toEqual({ kind: 'ok' });
  });

  it('does not count successes against the limit', () => {
    const { access } = accessAt(0);
    for (let i = 0; i < 50; i++) expect(access.check(bearer(TOKEN), 'prometheus').kind).toBe('ok');
  });

  it('makes clients beyond its table share one count, so many addresses buy no more guesses', () => {
    const { access } = accessAt(0, { maxClients: 3, maxFailuresPerMinute: 2 });
    for (const client of ['a', 'b', 'c']) access.check(bearer('x'), client);
    expect(access.check(bearer('x'), 'd').kind).toBe('unauthorized');
    expect(access.check(bearer('x'), 'e').kind).toBe('unauthorized');
    expect(access.check(bearer('x'), 'f').kind).toBe('throttled');
    // Clients already counted keep their own count.
    expect(access.check(bearer('x'), 'a').kind).toBe('unauthorized');
  });
});
