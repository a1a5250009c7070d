/**
 * Staff accounts in Postgres and who owns each lead: accounts managed over
 * the API (admins), roles (sales see and act on their own and unassigned
 * tasks, cannot export or manage staff; managers reassign and export),
 * sessions from the login form, the browser/script split of 401s, cross-site
 * refusal, assignment at arrival (round robin, fair across two worker
 * processes), returning customers, hand-over on deactivation (history,
 * emails, ended sessions), the audit log, and login throttling.
 */
import { randomInt } from 'node:crypto';
import type { AppProcess } from '../support/apps';
import { basicAuth, get, postForm, postJson, request, BROWSER_ACCEPT, type HttpResult } from '../support/http';
import { ADMIN_PASSWORD, ADMIN_USER, startStack, validLead, waitFor, type Stack } from '../support/stack';
import { adminGet, adminSend, type Account } from '../support/staff';
import { sleep } from '../support/wait';

jest.setTimeout(120_000);

const ADMIN: Account = { name: ADMIN_USER, password: ADMIN_PASSWORD };
const WORKER_ENV = { ASSIGNMENT: 'round-robin', RETURNING_CUSTOMER_DAYS: '730', LOGIN_MAX_FAILURES: '5' };

let stack: Stack;
let second: AppProcess | null = null;

beforeAll(async () => {
  stack = await startStack({ workerEnv: WORKER_ENV });
});

afterAll(async () => {
  await second?.stop().catch(() => second?.kill());
  await stack?.stop();
});

/** A phone number of its own, so no lead looks like a returning customer by accident. */
const uniquePhone = () => `139${String(randomInt(0, 99_999_999)).padStart(8, '0')}`;

async function addStaff(
  login: string,
  role: 'sales' | 'manager' | 'admin',
  extra: Record<string, unknown> = {},
): Promise<Account> {
  const password = `${login}-Pa55-word`;
  const res = await adminSend(stack, 'POST', '/admin/staff', { login, name: `名字 ${login}`, role, password, ...extra });
  expect(res.status).toBe(201);
  return { name: login, password };
}

/** Posts a lead and waits for its task; returns the ids and the owner chosen at arrival. */
async function lead(overrides: Record<string, unknown> = {}): Promise<{ leadId: string; taskId: string; owner: string | null }> {
  const res = await postJson(stack.leadsUrl, validLead({ phone: uniquePhone(), ...overrides }));
  expect(res.status).toBe(202);
  const leadId: string = res.json().id;
  const [task] = await stack.waitForRows<{ id: string; assignee: string | null }>(
    'SELECT id, assignee FROM follow_up_tasks WHERE lead_id = $1',
    [leadId],
    20000,
  );
  return { leadId, taskId: task.id, owner: task.assignee };
}

async function setEligible(logins: string[]): Promise<void> {
  // Everyone else stops receiving leads, so the test knows the rotation.
  await stack.db.query(`UPDATE staff SET receives_leads = (login = ANY($1::text[]))`, [logins]);
}

/** Logs in with the form; returns the session cookie. */
async function login(who: Account): Promise<string> {
  const res = await postForm(`${stack.adminUrl}/admin/login`, { login: who.name, password: who.password, next: '/admin' });
  expect(res.status).toBe(303);
  const cookie = res.headers.get('set-cookie')!;
  expect(cookie).toMatch(/HttpOnly/);
  expect(cookie).toMatch(/SameSite=Lax/);
  return cookie.split(';', 1)[0];
}

const withCookie = (cookie: string, extra: Record<string, string> = {}) => ({
  headers: { cookie, accept: 'application/json', ...extra },
});

describe('accounts and roles', () => {
  let sales: Account;
  let sales2: Account;
  let manager: Account;

  beforeAll(async () => {
    sales = await addStaff('zhao.sales', 'sales', { email: 'zhao@example.com', mobile: '+86 139 0000 0001' });
    sales2 = await addStaff('qian.sales', 'sales');
    manager = await addStaff('sun.manager', 'manager', { receivesLeads: false });
  });

  it('admins add people; a login is taken once; nobody sees a password hash', async () => {
    const again = await adminSend(stack, 'POST', '/admin/staff', {
      login: sales.name,
      name: 'x',
      role: 'sales',
      password: 'another-Pa55',
    });
    expect(again.status).toBe(409);
    const list = await adminGet(stack, '/admin/staff', manager);
    expect(list.status).toBe(200);
    expect(list.json().items).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          login: sales.name,
          role: 'sales',
          email: 'zhao@example.com',
          active: true,
          onDuty: true,
          receivesLeads: true,
        }),
        expect.objectContaining({ login: ADMIN_USER, role: 'admin', receivesLeads: false }),
      ]),
    );
    expect(list.text).not.toContain('$2');
    expect(list.text).not.toContain(sales.password);
  });

  it('sales cannot manage staff or export; managers export but do not manage staff', async () => {
    expect((await adminGet(stack, '/admin/staff', sales)).status).toBe(403);
    expect(
      (
        await adminSend(
          stack,
          'POST',
          '/admin/staff',
          { login: 'x1', name: 'x', role: 'admin', password: 'long-enough-1' },
          sales,
        )
      ).status,
    ).toBe(403);
    expect((await adminSend(stack, 'PATCH', `/admin/staff/${sales2.name}`, { role: 'admin' }, sales)).status).toBe(403);
    expect((await adminGet(stack, '/admin/leads.csv', sales)).status).toBe(403);
    expect((await adminGet(stack, '/admin/leads.csv', manager)).status).toBe(200);
    expect((await adminSend(stack, 'PATCH', `/admin/staff/${sales.name}`, { role: 'manager' }, manager)).status).toBe(403);
    expect((await adminGet(stack, '/admin/audit', manager)).status).toBe(403);
  });

  it('anyone may change their own on-duty flag and password (which ends their other sessions)', async () => {
    const cookie = await login(sales2);
    expect((await adminSend(stack, 'PATCH', `/admin/staff/${sales2.name}`, { onDuty: false }, sales2)).status).toBe(200);
    expect((await adminGet(stack, '/admin/me', sales2)).json()).toMatchObject({
      name: sales2.name,
      accountRole: 'sales',
      onDuty: false,
    });
    expect((await adminSend(stack, 'PATCH', `/admin/staff/${sales2.name}`, { onDuty: true }, sales2)).status).toBe(200);
    const changed = { ...sales2, password: 'a-New-Pa55-word' };
    expect((await adminSend(stack, 'PATCH', `/admin/staff/${sales2.name}`, { password: changed.password }, sales2)).status).toBe(
      200,
    );
    expect((await get(`${stack.adminUrl}/admin/me`, withCookie(cookie))).status).toBe(401);
    expect((await adminGet(stack, '/admin/me', changed)).status).toBe(200);
    sales2.password = changed.password;
  });

  it('sales act on their own and unassigned tasks only; managers reassign anyone’s', async () => {
    await setEligible([sales.name]);
    const mine = await lead();
    expect(mine.owner).toBe(sales.name);
    // Someone else's task: not listed for sales2, and answered as missing.
    const listed = (await adminGet(stack, '/admin/tasks?limit=200', sales2)).json().items.map((t: any) => t.id);
    expect(listed).not.toContain(mine.taskId);
    expect((await adminSend(stack, 'PATCH', `/admin/tasks/${mine.taskId}`, { note: 'x' }, sales2)).status).toBe(404);
    // The owner sees it with their display name.
    const own = (await adminGet(stack, '/admin/tasks?limit=200', sales)).json().items.find((t: any) => t.id === mine.taskId);
    expect(own).toMatchObject({ assignee: sales.name, assigneeName: `名字 ${sales.name}` });
    // A manager hands it to sales2; the audit log records the reassignment.
    const moved = await adminSend(stack, 'PATCH', `/admin/tasks/${mine.taskId}`, { assignee: sales2.name }, manager);
    expect(moved.status).toBe(200);
    expect(moved.json().assignee).toBe(sales2.name);
    const audit = (await adminGet(stack, '/admin/audit')).json().items;
    expect(audit).toEqual(
      expect.arrayContaining([expect.objectContaining({ actor: manager.name, action: 'task.reassigned', subject: mine.taskId })]),
    );
  });

  it('per-person counts for managers', async () => {
    const items = (await adminGet(stack, '/admin/staff', manager)).json().items;
    const s2 = items.find((p: any) => p.login === sales2.name);
    expect(s2.open + s2.inProgress).toBeGreaterThanOrEqual(1);
    expect(typeof s2.overdue).toBe('number');
  });
});

describe('sessions, browsers and scripts', () => {
  let person: Account;

  beforeAll(async () => {
    person = await addStaff('li.session', 'sales');
  });

  it('a browser navigating without a session goes to the login page; its fetch gets a 401 without a Basic challenge', async () => {
    const nav = await get(`${stack.adminUrl}/admin?tab=mine`, { headers: { accept: BROWSER_ACCEPT } });
    expect(nav.status).toBe(303);
    expect(nav.headers.get('location')).toBe(`/admin/login?next=${encodeURIComponent('/admin?tab=mine')}`);
    expect(nav.headers.get('www-authenticate')).toBeNull();
    const xhr = await get(`${stack.adminUrl}/admin/tasks`, {
      headers: { 'sec-fetch-site': 'same-origin', 'sec-fetch-dest': 'empty' },
    });
    expect(xhr.status).toBe(401);
    expect(xhr.headers.get('www-authenticate')).toBeNull();
    // A script is still told to use Basic.
    const script = await get(`${stack.adminUrl}/admin/tasks`);
    expect(script.status).toBe(401);
    expect(script.headers.get('www-authenticate')).toMatch(/^Basic /);
    const page = await get(`${stack.adminUrl}/admin/login`, { headers: { accept: BROWSER_ACCEPT } });
    expect(page.status).toBe(200);
    expect(page.text).toContain('name="password"');
    expect(page.headers.get('cache-control')).toBe('no-store');
  });

  it('logs in with the form, works with the cookie, logs out, and the cookie is dead', async () => {
    const wrong = await postForm(
      `${stack.adminUrl}/admin/login`,
      { login: person.name, password: 'nope-nope-nope' },
      { headers: { accept: BROWSER_ACCEPT } },
    );
    expect(wrong.status).toBe(401);
    expect(wrong.text).toContain('账号或密码不正确');
    const cookie = await login(person);
    expect((await get(`${stack.adminUrl}/admin/me`, withCookie(cookie))).json()).toMatchObject({
      name: person.name,
      role: 'staff',
      accountRole: 'sales',
    });
    const out = await request('POST', `${stack.adminUrl}/admin/logout`, '', { headers: { cookie, origin: stack.adminUrl } });
    expect(out.status).toBe(303);
    expect(out.headers.get('location')).toBe('/admin/login?out=1');
    expect((await get(`${stack.adminUrl}/admin/me`, withCookie(cookie))).status).toBe(401);
    const { rows } = await stack.db.query(`SELECT action FROM audit_log WHERE subject = $1 ORDER BY id`, [person.name]);
    expect(rows.map((r) => r.action)).toEqual(expect.arrayContaining(['login.failed', 'login.ok', 'logout']));
  });

  it('never sends a visitor elsewhere after logging in', async () => {
    for (const next of ['//evil.example/admin', 'https://evil.example/', '/\\evil.example']) {
      const res = await postForm(`${stack.adminUrl}/admin/login`, { login: person.name, password: person.password, next });
      expect(res.headers.get('location')).toBe('/admin');
    }
  });
});

describe('cross-site requests', () => {
  it('refuses a state change from another origin, with or without credentials; scripts are judged by credentials', async () => {
    const { leadId, taskId } = await lead();
    const before = (await stack.db.query('SELECT count(*)::int AS n FROM notifications WHERE lead_id = $1', [leadId])).rows[0].n;
    const cookie = await login(ADMIN);
    for (const headers of <Record<string, string>[]>[
      { origin: 'https://evil.example', cookie },
      { origin: 'https://evil.example', ...basicAuth(ADMIN_USER, ADMIN_PASSWORD) },
      { 'sec-fetch-site': 'cross-site', cookie },
      { origin: 'null', cookie },
    ]) {
      expect((await request('POST', `${stack.adminUrl}/admin/leads/${leadId}/resend`, '', { headers })).status).toBe(403);
      const patch = await request('PATCH', `${stack.adminUrl}/admin/tasks/${taskId}`, JSON.stringify({ status: 'cancelled' }), {
        headers: { ...headers, 'content-type': 'application/json' },
      });
      expect(patch.status).toBe(403);
    }
    const after = (await stack.db.query('SELECT count(*)::int AS n FROM notifications WHERE lead_id = $1', [leadId])).rows[0].n;
    expect(after).toBe(before);
    expect((await stack.db.query('SELECT status FROM follow_up_tasks WHERE id = $1', [taskId])).rows[0].status).toBe('open');
    // Same origin with the cookie, and a script with Basic (no Origin): accepted.
    const own = await request('POST', `${stack.adminUrl}/admin/leads/${leadId}/resend`, '', {
      headers: { origin: stack.adminUrl, cookie },
    });
    expect(own.status).toBe(202);
    expect((await adminSend(stack, 'POST', `/admin/leads/${leadId}/resend`, undefined)).status).toBe(202);
  });
});

describe('assignment at arrival', () => {
  it('round robin over three people with two worker processes: 30 leads, 10 each', async () => {
    const people = ['rr.a', 'rr.b', 'rr.c'];
    for (const p of people) await addStaff(p, 'sales');
    await setEligible(people);
    second = await stack.startExtraWorker();
    const posted = await Promise.all(
      Array.from({ length: 30 }, () =>
        postJson(stack.leadsUrl, validLead({ phone: uniquePhone() })).then((r) => r.json().id as string),
      ),
    );
    const rows = await waitFor(
      async () => {
        const { rows } = await stack.db.query(`SELECT assignee FROM follow_up_tasks WHERE lead_id = ANY($1::uuid[])`, [posted]);
        return rows.length === 30 ? rows : null;
      },
      60000,
      '30 tasks',
    );
    const counts: Record<string, number> = {};
    for (const r of rows) counts[r.assignee] = (counts[r.assignee] ?? 0) + 1;
    expect(counts).toEqual({ 'rr.a': 10, 'rr.b': 10, 'rr.c': 10 });
    const { rows: events } = await stack.db.query(
      `SELECT e.actor, e.action, e.note FROM task_events e JOIN follow_up_tasks t ON t.id = e.task_id WHERE t.lead_id = ANY($1::uuid[])`,
      [posted],
    );
    expect(events).toHaveLength(30);
    expect(events.every((e) => e.action === 'assigned' && e.note === 'round-robin')).toBe(true);
  });

  it('nobody eligible: the task stays unassigned', async () => {
    await setEligible([]);
    expect((await lead()).owner).toBeNull();
  });

  it('a returning customer reaches the same owner; when that owner left, round robin', async () => {
    const first = await addStaff('ret.first', 'sales');
    const other = await addStaff('ret.other', 'sales');
    await setEligible([first.name]);
    const phone = uniquePhone();
    const a = await lead({ phone, email: `ret.${phone}@example.com` });
    expect(a.owner).toBe(first.name);
    await setEligible([other.name]);
    // Same email in another case, another phone: still the same person.
    const b = await lead({ email: `RET.${phone}@example.com` });
    expect(b.owner).toBe(first.name);
    const history = (await adminGet(stack, `/admin/leads/${b.leadId}`)).json();
    expect(history.customer.returning).toBe(true);
    expect(history.customer.earlier).toEqual([
      expect.objectContaining({ id: a.leadId, owner: first.name, ownerName: `名字 ${first.name}` }),
    ]);
    expect(history.task.history[0]).toMatchObject({ action: 'assigned', toAssignee: first.name, note: 'returning-customer' });
    const customers = await adminGet(stack, `/admin/customers?phone=${phone}`);
    expect(customers.json().leads.map((l: any) => l.id)).toEqual([a.leadId]);

    // The first owner closes both and leaves: the next lead goes round robin.
    for (const t of [a, b]) {
      expect(
        (await adminSend(stack, 'PATCH', `/admin/tasks/${t.taskId}`, { status: 'done', note: '已成交' }, first)).status,
      ).toBe(200);
    }
    expect((await adminSend(stack, 'PATCH', `/admin/staff/${first.name}`, { active: false })).status).toBe(200);
    const c = await lead({ phone });
    expect(c.owner).toBe(other.name);
    // Past work stays theirs.
    const { rows } = await stack.db.query(`SELECT assignee FROM follow_up_tasks WHERE id = ANY($1::uuid[])`, [
      [a.taskId, b.taskId],
    ]);
    expect(rows.map((r) => r.assignee)).toEqual([first.name, first.name]);
  });
});

describe('hand-over on deactivation', () => {
  it('hands every open task to the successor with history, tells them, and ends the leaver’s sessions', async () => {
    const leaver = await addStaff('ho.leaver', 'sales');
    const successor = await addStaff('ho.next', 'sales', { email: 'ho.next@example.com' });
    await setEligible([leaver.name]);
    const tasks = [await lead(), await lead(), await lead()];
    expect(tasks.every((t) => t.owner === leaver.name)).toBe(true);
    expect((await adminSend(stack, 'PATCH', `/admin/tasks/${tasks[1].taskId}`, { status: 'in_progress' }, leaver)).status).toBe(
      200,
    );
    const cookie = await login(leaver);
    expect((await get(`${stack.adminUrl}/admin/me`, withCookie(cookie))).status).toBe(200);

    const res = await adminSend(stack, 'PATCH', `/admin/staff/${leaver.name}`, { active: false, successor: successor.name });
    expect(res.status).toBe(200);
    expect(res.json()).toMatchObject({ staff: { login: leaver.name, active: false }, notified: 1 });
    expect(res.json().handedOver).toHaveLength(3);

    const { rows } = await stack.db.query(`SELECT id, assignee, status FROM follow_up_tasks WHERE id = ANY($1::uuid[])`, [
      tasks.map((t) => t.taskId),
    ]);
    expect(rows.every((r) => r.assignee === successor.name)).toBe(true);
    expect(rows.find((r) => r.id === tasks[1].taskId).status).toBe('in_progress');
    for (const t of tasks) {
      const history = (await adminGet(stack, `/admin/leads/${t.leadId}`)).json().task.history;
      expect(history.at(-1)).toMatchObject({
        action: 'handed-over',
        fromAssignee: leaver.name,
        toAssignee: successor.name,
        note: `handed over from ${leaver.name}`,
      });
    }
    const mail = await stack.sink.waitFor((m) => m.header('x-lead-notice') === 'handover', 15000, 'the hand-over email');
    expect(mail.envelopeTo).toEqual(['ho.next@example.com']);
    expect(mail.mail.text).toContain(`/admin/board/leads/${tasks[0].leadId}`);
    // Their session and their password are dead at once.
    expect((await get(`${stack.adminUrl}/admin/me`, withCookie(cookie))).status).toBe(401);
    expect((await adminGet(stack, '/admin/me', leaver)).status).toBe(401);
    const form = await postForm(`${stack.adminUrl}/admin/login`, { login: leaver.name, password: leaver.password });
    expect(form.status).toBe(401);
    const audit = (await adminGet(stack, `/admin/audit?from=${new Date(Date.now() - 3600_000).toISOString()}`)).json().items;
    expect(audit).toEqual(
      expect.arrayContaining([expect.objectContaining({ action: 'staff.deactivated', subject: leaver.name, actor: ADMIN_USER })]),
    );
  });

  it('without a successor, round robin; with nobody eligible, refused and nothing changes', async () => {
    const leaver = await addStaff('ho.rr', 'sales');
    const x = await addStaff('ho.x', 'sales');
    const y = await addStaff('ho.y', 'sales');
    await setEligible([leaver.name]);
    const tasks = [await lead(), await lead()];
    await setEligible([]);
    const refused = await adminSend(stack, 'PATCH', `/admin/staff/${leaver.name}`, { active: false });
    expect(refused.status).toBe(409);
    expect((await stack.db.query(`SELECT active FROM staff WHERE login = $1`, [leaver.name])).rows[0].active).toBe(true);
    await setEligible([x.name, y.name]);
    const res = await adminSend(stack, 'PATCH', `/admin/staff/${leaver.name}`, { active: false });
    expect(res.status).toBe(200);
    const { rows } = await stack.db.query(`SELECT assignee FROM follow_up_tasks WHERE id = ANY($1::uuid[])`, [
      tasks.map((t) => t.taskId),
    ]);
    expect(rows.map((r) => r.assignee).sort()).toEqual([x.name, y.name]);
  });
});

describe('reactivation', () => {
  it('PATCH active: true lets a deactivated person sign in again, recorded as staff.reactivated; tasks stay handed over', async () => {
    const back = await addStaff('re.back', 'sales');
    const keeper = await addStaff('re.keeper', 'sales');
    await setEligible([back.name]);
    const task = await lead();
    expect(task.owner).toBe(back.name);
    expect((await adminSend(stack, 'PATCH', `/admin/staff/${back.name}`, { active: false, successor: keeper.name })).status).toBe(
      200,
    );
    expect((await adminGet(stack, '/admin/me', back)).status).toBe(401);
    // Only admins bring someone back.
    const manager = await addStaff('re.manager', 'manager');
    const refused = await adminSend(stack, 'PATCH', `/admin/staff/${back.name}`, { active: true }, manager);
    expect(refused.status).toBe(403);
    expect(refused.json()).toMatchObject({ code: 'admins-only' });

    const res = await adminSend(stack, 'PATCH', `/admin/staff/${back.name}`, { active: true });
    expect(res.status).toBe(200);
    expect(res.json().staff).toMatchObject({ login: back.name, active: true, deactivatedAt: null });
    expect((await adminGet(stack, '/admin/me', back)).status).toBe(200);
    const { rows } = await stack.db.query('SELECT assignee FROM follow_up_tasks WHERE id = $1', [task.taskId]);
    expect(rows[0].assignee).toBe(keeper.name);
    const audit = (await adminGet(stack, `/admin/audit?from=${new Date(Date.now() - 3600_000).toISOString()}`)).json().items;
    expect(audit).toEqual(
      expect.arrayContaining([expect.objectContaining({ action: 'staff.reactivated', subject: back.name, actor: ADMIN_USER })]),
    );
  });
});

describe('alerts name the owner', () => {
  it('the new-lead alert names the owner by display name, and tells managers when nobody was on duty', async () => {
    const owner = await addStaff('al.owner', 'sales');
    await setEligible([owner.name]);
    const owned = await lead();
    expect(owned.owner).toBe(owner.name);
    const mail = await stack.sink.waitForLead(owned.leadId);
    expect(mail.mail.text).toContain(`负责人 Assignee:\n  名字 ${owner.name} (${owner.name})`);
    expect(mail.mail.html).toContain(`名字 ${owner.name} (${owner.name})`);

    await setEligible([]);
    const nobody = await lead();
    expect(nobody.owner).toBeNull();
    const unassigned = await stack.sink.waitForLead(nobody.leadId);
    expect(unassigned.mail.text).toContain('未分配:当前没有值班的销售,请经理分配');
  });
});

describe('hand-over email through the ledger', () => {
  it('arrives once per new owner, with SMTP down at the hand-over and back later', async () => {
    const leaver = await addStaff('hl.leaver', 'sales');
    const next = await addStaff('hl.next', 'sales', { email: 'hl.next@example.com' });
    await setEligible([leaver.name]);
    const tasks = [await lead(), await lead()];
    expect(tasks.every((t) => t.owner === leaver.name)).toBe(true);
    const toNext = () => stack.sink.messages.filter((m) => m.envelopeTo.includes('hl.next@example.com'));

    await stack.sink.stop();
    try {
      const res = await adminSend(stack, 'PATCH', `/admin/staff/${leaver.name}`, { active: false, successor: next.name });
      expect(res.status).toBe(200);
      expect(res.json()).toMatchObject({ notified: 1 });
      // One ledger row per task, tried and not sent while SMTP is down.
      await waitFor(
        async () => {
          const { rows } = await stack.db.query(
            `SELECT status, attempts FROM notifications WHERE kind = 'handover' AND task_id = ANY($1::uuid[])`,
            [tasks.map((t) => t.taskId)],
          );
          return rows.length === 2 && rows.every((r) => r.status !== 'sent' && r.attempts >= 1) ? rows : null;
        },
        20000,
        'failed hand-over attempts',
      );
    } finally {
      await stack.sink.start();
    }
    const mail = await stack.sink.waitFor(
      (m) => m.header('x-lead-notice') === 'handover' && m.envelopeTo.includes('hl.next@example.com'),
      20000,
      'the hand-over email after SMTP came back',
    );
    for (const t of tasks) expect(mail.mail.text).toContain(`/admin/board/leads/${t.leadId}`);
    const { rows } = await stack.db.query(
      `SELECT dedupe_key, status, recipients FROM notifications WHERE kind = 'handover' AND task_id = ANY($1::uuid[])`,
      [tasks.map((t) => t.taskId)],
    );
    expect(rows).toHaveLength(2);
    for (const r of rows) {
      expect(r).toMatchObject({ status: 'sent', recipients: 'hl.next@example.com' });
      expect(r.dedupe_key).toMatch(/^email:handover:[0-9a-f-]{36}:[0-9a-f-]{36}$/);
    }
    // Exactly once: later sweeps and retries send nothing more.
    await sleep(3000);
    expect(toNext()).toHaveLength(1);
  });
});

describe('login throttling (last: it locks out 127.0.0.1)', () => {
  const wrongBasic = (who: string) => get(`${stack.adminUrl}/admin/tasks`, { headers: basicAuth(who, 'wrong-password') });

  it('6 wrong passwords in a row: the 6th is 429 with Retry-After, even with the right one; logged without the password', async () => {
    const target = await addStaff('th.target', 'sales');
    // Earlier tests failed a few logins from this IP; start the count afresh.
    await stack.db.query('DELETE FROM login_failures');
    const answers: HttpResult[] = [];
    for (let i = 0; i < 6; i++) answers.push(await wrongBasic(target.name));
    expect(answers.map((a) => a.status)).toEqual([401, 401, 401, 401, 401, 429]);
    const retryAfter = Number(answers[5].headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(15 * 60);
    // The right password does not get through now, by Basic or by the form.
    expect((await adminGet(stack, '/admin/tasks', target)).status).toBe(429);
    const form = await postForm(`${stack.adminUrl}/admin/login`, { login: target.name, password: target.password });
    expect(form.status).toBe(429);
    expect(form.headers.get('retry-after')).toBeTruthy();
    const { rows } = await stack.db.query(`SELECT action, detail::text AS detail FROM audit_log WHERE subject = $1`, [
      target.name,
    ]);
    expect(rows.filter((r) => r.action === 'login.failed')).toHaveLength(5);
    expect(rows.some((r) => r.action === 'login.throttled')).toBe(true);
    expect(JSON.stringify(rows)).not.toContain('wrong-password');
    expect(stack.worker.output()).not.toContain('wrong-password');
  });
});
