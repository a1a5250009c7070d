/**
 * Bad input from staff and their scripts is a 400 (JSON for the API, a page
 * for the browser), never a 500: a `next` a Location header cannot carry,
 * tampered task-list cursors, dates Postgres cannot hold, NUL bytes in
 * filters, logins and fields, malformed ids and numbers.
 */
import { randomUUID } from 'node:crypto';
import { basicAuth, BROWSER_ACCEPT, get, postForm, type HttpResult } from '../support/http';
import { startStack, type Stack } from '../support/stack';
import { ADMIN, adminGet, adminSend, authOf, staffWorkerEnv, WANG } from '../support/staff';

jest.setTimeout(60_000);

let stack: Stack;

beforeAll(async () => {
  stack = await startStack({ gateway: false, workerEnv: staffWorkerEnv() });
});

afterAll(async () => {
  await stack?.stop();
});

const cursor = (text: string) => Buffer.from(text).toString('base64url');

function expectFieldError(res: HttpResult, field: string): void {
  expect({ status: res.status, field: res.json().errors?.[0]?.field }).toEqual({ status: 400, field });
}

describe('where a login sends the browser', () => {
  it('sends a `next` that is not a plain admin path to the board, with or without a session', async () => {
    const login = await postForm(`${stack.adminUrl}/admin/login`, {
      login: ADMIN.name,
      password: ADMIN.password,
      next: '/admin/Ā',
    });
    expect(login.status).toBe(303);
    expect(login.headers.get('location')).toBe('/admin');
    const cookie = login.headers.get('set-cookie')!.split(';', 1)[0];
    for (const next of ['/admin/%C4%80', '/admin/%25E0%25A4%25A', '/admin/%0D%0ASet-Cookie:%20x=1']) {
      const again = await get(`${stack.adminUrl}/admin/login?next=${next}`, { headers: { cookie, accept: BROWSER_ACCEPT } });
      expect({ next, status: again.status, location: again.headers.get('location') }).toEqual({
        next,
        status: 303,
        location: '/admin',
      });
    }
    // A good one is still followed.
    const good = await get(`${stack.adminUrl}/admin/login?next=${encodeURIComponent('/admin?tab=mine')}`, {
      headers: { cookie, accept: BROWSER_ACCEPT },
    });
    expect(good.headers.get('location')).toBe('/admin?tab=mine');
  });
});

describe('the JSON API', () => {
  it('refuses a task-list cursor with a non-UUID id or an impossible time', async () => {
    for (const c of [
      cursor('2026-01-01T00:00:00.000Z|not-a-uuid'),
      cursor(`-271821-04-20T00:00:00.000Z|${randomUUID()}`),
      cursor(`2026-01-01T00:00:00.000Z|${randomUUID()}\u0000`),
      'garbage',
    ]) {
      expectFieldError(await adminGet(stack, `/admin/tasks?cursor=${c}`), 'cursor');
    }
  });

  it('refuses export dates out of range or malformed, naming the field', async () => {
    expectFieldError(await adminGet(stack, '/admin/leads.csv?from=-271821-04-20'), 'from');
    expectFieldError(await adminGet(stack, '/admin/leads.csv?to=275760-09-13'), 'to');
    expectFieldError(await adminGet(stack, '/admin/leads.csv?from=2025-02-30'), 'from');
    expect((await adminGet(stack, '/admin/leads.csv?from=2025-01-01&to=2025-02-01T00:00:00%2B08:00')).status).toBe(200);
  });

  it('refuses audit dates out of range or malformed', async () => {
    expectFieldError(await adminGet(stack, '/admin/audit?from=garbage'), 'from');
    expectFieldError(await adminGet(stack, '/admin/audit?from=-271821-04-20'), 'from');
    expectFieldError(await adminGet(stack, '/admin/audit?to=275760-09-13'), 'to');
    expect((await adminGet(stack, '/admin/audit?from=2025-01-01')).status).toBe(200);
  });

  it('refuses NUL bytes in filters', async () => {
    expect((await adminGet(stack, '/admin/customers?phone=%00')).status).toBe(400);
    expectFieldError(await adminGet(stack, '/admin/customers?email=%00'), 'email');
    expectFieldError(await adminGet(stack, '/admin/customers?email=a%00b@example.com'), 'email');
    expectFieldError(await adminGet(stack, '/admin/tasks?assignee=%00'), 'assignee');
    expectFieldError(await adminGet(stack, '/admin/tasks?assignee=a&assignee=b'), 'assignee');
  });

  it('refuses malformed ids and numbers', async () => {
    expect((await adminGet(stack, '/admin/leads/not-a-uuid')).status).toBe(400);
    expect((await adminSend(stack, 'PATCH', '/admin/tasks/not-a-uuid', { note: 'x' })).status).toBe(400);
    expect((await adminGet(stack, '/admin/tasks?limit=abc')).status).toBe(400);
    expect((await adminGet(stack, '/admin/audit?limit=abc')).status).toBe(400);
  });

  it('refuses NUL bytes in what it would store', async () => {
    const id = randomUUID();
    expect((await adminSend(stack, 'PATCH', `/admin/tasks/${id}`, { assignee: 'wang\u0000' })).status).toBe(400);
    expect((await adminSend(stack, 'DELETE', `/admin/leads/${id}`, { reason: 'a\u0000b' })).status).toBe(400);
    const staff = { login: 'nul.test', name: 'x', password: 'long-enough-Pa55', email: 'a\u0000@example.com' };
    expect((await adminSend(stack, 'POST', '/admin/staff', staff)).status).toBe(400);
    expect((await adminSend(stack, 'PATCH', `/admin/staff/${WANG.name}`, { email: 'w\u0000@example.com' })).status).toBe(400);
  });
});

describe('logins with NUL bytes', () => {
  it('are wrong logins (401), by the form and by Basic', async () => {
    const form = await postForm(
      `${stack.adminUrl}/admin/login`,
      { login: `${WANG.name}\u0000`, password: WANG.password },
      { headers: { accept: BROWSER_ACCEPT } },
    );
    expect(form.status).toBe(401);
    expect(form.headers.get('content-type')).toMatch(/^text\/html/);
    expect((await get(`${stack.adminUrl}/admin/me`, { headers: basicAuth(`${WANG.name}\u0000`, WANG.password) })).status).toBe(
      401,
    );
    expect((await get(`${stack.adminUrl}/admin/me`, { headers: authOf(WANG) })).status).toBe(200);
  });
});

describe('the audit page in a browser', () => {
  it('answers a date out of range with the page (400) saying so', async () => {
    const page = await get(`${stack.adminUrl}/admin/board/audit?from=-271821-04-20`, {
      headers: { ...authOf(ADMIN), accept: BROWSER_ACCEPT },
    });
    expect(page.status).toBe(400);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    expect(page.text).toContain('日期无效');
    expect(page.text).toContain('value="-271821-04-20"');
  });
});

describe('afterwards', () => {
  it('answered none of it with a 500: the worker logged no error', () => {
    // The log is captured (the NUL login's warning is in it) and holds no error.
    expect(stack.worker.output()).toContain('login with control characters refused');
    expect(stack.worker.output()).not.toMatch(/"level":50/);
  });
});
