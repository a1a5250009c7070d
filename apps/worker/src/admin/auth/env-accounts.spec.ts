import { adminEnabled, envAccounts } from './env-accounts';

const HASH = '$2b$04$abcdefghijklmnopqrstuuJ0y9p6Ck0cU0l3bX7t0s8u3J1kS9h2a';

describe('envAccounts', () => {
  it('is empty, and admin closed, without ADMIN_PASSWORD, whatever STAFF_USERS says', () => {
    const settings = { ADMIN_USER: 'admin', STAFF_USERS: 'li:pw' };
    expect(envAccounts(settings)).toEqual([]);
    expect(adminEnabled(settings)).toBe(false);
  });

  it('lists the admin first, then the sales staff with their emails, and tells hashes from passwords', () => {
    const accounts = envAccounts({
      ADMIN_USER: 'boss',
      ADMIN_PASSWORD: 'secret',
      STAFF_USERS: ` li:plain , wang:${HASH}`,
      STAFF_EMAILS: 'li:li@example.com,boss:boss@example.com',
    });
    expect(accounts).toEqual([
      { login: 'boss', role: 'admin', secret: 'secret', hashed: false, email: 'boss@example.com' },
      { login: 'li', role: 'sales', secret: 'plain', hashed: false, email: 'li@example.com' },
      { login: 'wang', role: 'sales', secret: HASH, hashed: true, email: null },
    ]);
  });

  it('skips entries without a password and the admin named again; a login named twice keeps its last password', () => {
    const accounts = envAccounts({ ADMIN_USER: 'admin', ADMIN_PASSWORD: 'a', STAFF_USERS: 'li:1,admin:x,zhao,li:2' });
    expect(accounts.map((a) => [a.login, a.secret])).toEqual([
      ['admin', 'a'],
      ['li', '2'],
    ]);
  });
});
