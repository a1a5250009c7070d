/**
 * Logging in: logins are case-insensitive (`Li` is `li`: phones capitalise
 * the first letter) and stored in lower case; the throttle shuts out the
 * address that keeps failing a login, never the account's owner elsewhere
 * (the form and HTTP Basic alike), and failures from many addresses never
 * lock an account. The client address comes from X-Forwarded-For through
 * TRUST_PROXY=1, as behind a proxy.
 */
import { BROWSER_ACCEPT, get, postForm, type HttpResult } from '../support/http';
import { startStack, type Stack } from '../support/stack';
import { adminSend, authOf, type Account } from '../support/staff';

jest.setTimeout(90_000);

let stack: Stack;
const CHEN_PASSWORD = 'Chen-Env-Pa55';

beforeAll(async () => {
  stack = await startStack({
    gateway: false,
    workerEnv: { LOGIN_MAX_FAILURES: '5', TRUST_PROXY: '1', STAFF_USERS: `Chen.Env:${CHEN_PASSWORD}` },
  });
});

afterAll(async () => {
  await stack?.stop();
});

async function addStaff(login: string): Promise<Account> {
  const password = `${login}-Pa55-word`;
  const res = await adminSend(stack, 'POST', '/admin/staff', { login, name: login, role: 'sales', password });
  expect(res.status).toBe(201);
  return { name: res.json().login, password };
}

const failuresOf = async (login: string): Promise<number> =>
  (await stack.db.query(`SELECT count(*)::int AS n FROM login_failures WHERE login = $1`, [login])).rows[0].n;

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
    expect(await failuresOf(target.name)).toBe(7);
    expect((await formLogin(target, target.password, '192.0.2.100')).status).toBe(303);
    expect((await formLogin(target, target.password, '192.0.2.1')).status).toBe(303);
  });
});

describe('logins in any case', () => {
  it('stores a new login in lower case and logs `Li.Case` in as `li.case`, by the form and by Basic', async () => {
    const li = await addStaff('Li.Case');
    expect(li.name).toBe('li.case');
    expect((await stack.db.query(`SELECT login FROM staff WHERE lower(login) = 'li.case'`)).rows).toEqual([{ login: 'li.case' }]);
    const ip = '198.51.100.40';
    const form = await formLogin({ ...li, name: 'Li.Case' }, li.password, ip);
    expect(form.status).toBe(303);
    const cookie = form.headers.get('set-cookie')!.split(';', 1)[0];
    const me = await get(`${stack.adminUrl}/admin/me`, { headers: { cookie, accept: 'application/json' } });
    expect(me.json()).toMatchObject({ name: 'li.case', accountRole: 'sales' });
    for (const typed of ['LI.CASE', 'li.case', 'lI.cAsE']) {
      const res = await basicGet({ ...li, name: typed }, li.password, ip);
      expect({ typed, status: res.status }).toEqual({ typed, status: 200 });
      expect(res.json().name).toBe('li.case');
    }
    // A capital is not a failure.
    expect(await failuresOf('li.case')).toBe(0);
    // The account is managed by its login in any case too.
    expect((await adminSend(stack, 'PATCH', '/admin/staff/Li.Case', { onDuty: false })).status).toBe(200);
    expect(
      (await adminSend(stack, 'POST', '/admin/staff', { login: 'LI.case', name: 'x', password: 'another-Pa55-word' })).status,
    ).toBe(409);
  });

  it('counts wrong passwords in any case as one login’s', async () => {
    const target = await addStaff('case.throttle');
    const ip = '203.0.113.9';
    for (const typed of ['Case.Throttle', 'CASE.THROTTLE', 'case.throttle', 'Case.throttle', 'case.Throttle']) {
      expect((await formLogin({ ...target, name: typed }, 'wrong-password', ip)).status).toBe(401);
    }
    expect(await failuresOf('case.throttle')).toBe(5);
    expect((await formLogin(target, target.password, ip)).status).toBe(429);
  });

  it('seeds an account from STAFF_USERS in lower case', async () => {
    const seeded = await stack.db.query(`SELECT login, role FROM staff WHERE lower(login) = 'chen.env'`);
    expect(seeded.rows).toEqual([{ login: 'chen.env', role: 'sales' }]);
    expect((await basicGet({ name: 'Chen.Env', password: CHEN_PASSWORD }, CHEN_PASSWORD, '198.51.100.41')).status).toBe(200);
  });

  it('asks phones not to capitalise or correct the login field', async () => {
    const page = await get(`${stack.adminUrl}/admin/login`, { headers: { accept: BROWSER_ACCEPT } });
    const input = /<input name="login"[^>]*>/.exec(page.text)?.[0] ?? '';
    expect(input).toContain('autocapitalize="none"');
    expect(input).toContain('autocorrect="off"');
    expect(input).toContain('spellcheck="false"');
  });

  it('gives a task to a login typed in any case under its stored spelling', async () => {
    const owner = await addStaff('Case.Owner');
    const { rows } = await stack.db.query(
      `INSERT INTO leads (id, name, requirement, received_at) VALUES (gen_random_uuid(), '客户', '报价', now()) RETURNING id`,
    );
    const task = await stack.db.query(`INSERT INTO follow_up_tasks (lead_id, due_at) VALUES ($1, now()) RETURNING id`, [
      rows[0].id,
    ]);
    const res = await adminSend(stack, 'PATCH', `/admin/tasks/${task.rows[0].id}`, { assignee: 'CASE.Owner' });
    expect(res.status).toBe(200);
    expect(res.json().assignee).toBe(owner.name);
  });
});
