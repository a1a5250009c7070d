import { checkForm, credentialVersion, linkScope, readLink, signForm, signLink, type LinkClaims } from './link-token';

const SECRET = 'a-test-secret-that-is-long-enough-0123';
const LEAD = '0b6c0e9a-5c1d-4e0f-9a7b-1c2d3e4f5a6b';
const OTHER_LEAD = '1f2e3d4c-5b6a-4978-8a9b-0c1d2e3f4a5b';
const NOW = new Date('2026-03-02T01:00:00Z');
const credential = credentialVersion(SECRET, '$2b$10$hash-of-alice');

const claims = (over: Partial<LinkClaims> = {}): LinkClaims => ({
  leadId: LEAD,
  login: 'alice',
  expiresAt: new Date(NOW.getTime() + 72 * 3600_000),
  credential,
  ...over,
});

describe('personal link tokens', () => {
  it('reads back what was signed, in a compact url-safe token', () => {
    const token = signLink(SECRET, claims());
    expect(token).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(token.length).toBeLessThan(100);
    const read = readLink(SECRET, token, NOW);
    expect(read).toEqual({
      ok: true,
      claims: { ...claims(), expiresAt: new Date(Math.floor(claims().expiresAt.getTime() / 1000) * 1000) },
    });
  });

  it('refuses a token with any byte changed, or signed with another secret', () => {
    const token = signLink(SECRET, claims());
    const raw = Buffer.from(token, 'base64url');
    for (const at of [1, 18, 25, raw.length - 40, raw.length - 1]) {
      const tampered = Buffer.from(raw);
      tampered[at] ^= 0x01;
      expect(readLink(SECRET, tampered.toString('base64url'), NOW)).toEqual({ ok: false, reason: 'forged' });
    }
    expect(readLink('another-secret-of-enough-length-xxxxxx', token, NOW)).toEqual({ ok: false, reason: 'forged' });
    // Another login spliced into a valid token's body is a forgery too.
    const bob = signLink(SECRET, claims({ login: 'bob' }));
    const spliced = Buffer.concat([Buffer.from(bob, 'base64url').subarray(0, -32), raw.subarray(-32)]);
    expect(readLink(SECRET, spliced.toString('base64url'), NOW)).toEqual({ ok: false, reason: 'forged' });
  });

  it('refuses garbage as malformed', () => {
    for (const bad of ['', 'abc', 'not a token!', 'A'.repeat(700), Buffer.alloc(80).toString('base64url')]) {
      expect(readLink(SECRET, bad, NOW)).toMatchObject({ ok: false, reason: 'malformed' });
    }
  });

  it('says expired once the expiry has passed, and only for a genuine token', () => {
    const token = signLink(SECRET, claims({ expiresAt: new Date(NOW.getTime() - 1000) }));
    expect(readLink(SECRET, token, NOW)).toEqual({ ok: false, reason: 'expired', leadId: expect.any(String) });
    expect(readLink(SECRET, token, new Date(NOW.getTime() - 5000))).toMatchObject({ ok: true });
  });

  it('acts only on its lead, for its active account with the same password', () => {
    const c = claims();
    expect(linkScope(c, LEAD, { active: true, credential })).toBe('ok');
    expect(linkScope(c, LEAD.toUpperCase(), { active: true, credential })).toBe('ok');
    expect(linkScope(c, OTHER_LEAD, { active: true, credential })).toBe('other-lead');
    expect(linkScope(c, LEAD, { active: false, credential })).toBe('revoked');
    expect(linkScope(c, LEAD, null)).toBe('revoked');
    const changed = credentialVersion(SECRET, '$2b$10$new-hash-of-alice');
    expect(changed).not.toBe(credential);
    expect(linkScope(c, LEAD, { active: true, credential: changed })).toBe('revoked');
  });

  it('names the login it was made for: a token for bob is not alice', () => {
    const read = readLink(SECRET, signLink(SECRET, claims({ login: 'bob' })), NOW);
    expect(read.ok && read.claims.login).toBe('bob');
  });
});

describe('action page form tokens', () => {
  const token = signLink(SECRET, claims());
  const form = signForm(SECRET, token, 'nonce-abcdefgh', NOW);
  const HOUR = 3600_000;

  it('accepts the form of a page rendered for this link, while fresh', () => {
    expect(checkForm(SECRET, token, form, new Date(NOW.getTime() + 60_000), HOUR)).toBe(true);
    expect(checkForm(SECRET, token, form, new Date(NOW.getTime() + 2 * HOUR), HOUR)).toBe(false);
  });

  it('refuses a form of another link, a changed nonce, another secret or garbage', () => {
    const other = signLink(SECRET, claims({ leadId: OTHER_LEAD }));
    expect(checkForm(SECRET, other, form, NOW, HOUR)).toBe(false);
    expect(checkForm(SECRET, token, form.replace('nonce-abcdefgh', 'nonce-abcdefgX'), NOW, HOUR)).toBe(false);
    expect(checkForm('another-secret-of-enough-length-xxxxxx', token, form, NOW, HOUR)).toBe(false);
    for (const bad of [undefined, '', 'a.b.c', `${form}.x`, 42]) expect(checkForm(SECRET, token, bad, NOW, HOUR)).toBe(false);
  });
});
