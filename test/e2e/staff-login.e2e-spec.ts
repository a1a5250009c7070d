/**
 * Logging in: the throttle shuts out the address that keeps failing a login,
 * never the account's owner elsewhere (the form and HTTP Basic alike), and
 * failures from many addresses never lock an account. The client address
 * comes from X-Forwarded-For through TRUST_PROXY=1, as behind a proxy.
 */
import { get, postForm, type HttpResult } from '../support/http';
import { startStack, type Stack } from '../support/stack';
import { adminSend, authOf, type Account } from '../support/staff';

jest.setTimeout(90_000);

let stack: Stack;

beforeAll(async () => {
  stack = await startStack({ gateway: false, workerEnv: { LOGIN_MAX_FAILURES: '5', TRUST_PROXY: '1' } });
});

afterAll(async () => {
  await stack?.stop();
});

async function addStaff(login: string): Promise<Account> {
  const password = `${login}-Pa55-word`;
  const res = await adminSend(stack, 'POST', '/admin/staff', { login, name: login, role: 'sales', password });
  expect(res.status).toBe(201);
  return { name: login, password };
}

const from = (ip: string) => ({ 'x-forwarded-for': ip });

function formLogin(who: Account, password: string, ip: string): Promise<HttpResult> {
  return postForm(`${stack.adminUrl}/admin/login`, { login: who.name, password, next: '/admin' }, { headers: from(ip) });
}

function basicGet(who: Account, password: string, ip: string): Promise<HttpResult> {
  return get(`${stack.adminUrl}/admin/me`, { headers: { ...authOf({ name: who.name, password }), ...from(ip) } });
}

describe('the login throttle', () => {
  it('refuses the address that failed 5 times, even with the right password, while another address logs in', async () => {
    const target = await addStaff('lt.target');
    const other = await addStaff('lt.other');
    const attacker = '203.0.113.7';
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) statuses.push((await formLogin(target, 'wrong-password', attacker)).status);
    expect(statuses).toEqual([401, 401, 401, 401, 401]);

    const refused = await formLogin(target, target.password, attacker);
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(refused.headers.get('set-cookie')).toBeNull();
    expect((await basicGet(target, target.password, attacker)).status).toBe(429);

    // The owner, from their own address: in, by the form and by Basic.
    const owner = await formLogin(target, target.password, '198.51.100.20');
    expect(owner.status).toBe(303);
    expect(owner.headers.get('set-cookie')).toMatch(/^lead_admin_session=/);
    const script = await basicGet(target, target.password, '198.51.100.21');
    expect(script.status).toBe(200);
    expect(script.json().name).toBe(target.name);
    // The failing address is shut out of that login only.
    expect((await formLogin(other, other.password, attacker)).status).toBe(303);
    // And the owner's success did not reopen it for the attacker.
    expect((await formLogin(target, target.password, attacker)).status).toBe(429);
  });

  it('counts HTTP Basic failures the same way', async () => {
    const target = await addStaff('lt.basic');
    const script = '203.0.113.8';
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) statuses.push((await basicGet(target, 'wrong-password', script)).status);
    expect(statuses).toEqual([401, 401, 401, 401, 401]);
    expect((await basicGet(target, target.password, script)).status).toBe(429);
    expect((await formLogin(target, target.password, script)).status).toBe(429);
    expect((await basicGet(target, target.password, '198.51.100.30')).status).toBe(200);
  });

  it('never locks an account that many addresses failed: the right password still gets in', async () => {
    const target = await addStaff('lt.spread');
    for (let i = 1; i <= 7; i++) expect((await formLogin(target, 'wrong-password', `192.0.2.${i}`)).status).toBe(401);
    const { rows } = await stack.db.query(`SELECT count(*)::int AS n FROM login_failures WHERE login = $1`, [target.name]);
    expect(rows[0].n).toBe(7);
    expect((await formLogin(target, target.password, '192.0.2.100')).status).toBe(303);
    expect((await formLogin(target, target.password, '192.0.2.1')).status).toBe(303);
  });
});
