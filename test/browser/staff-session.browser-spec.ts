/// <reference lib="dom" />
/**
 * Board sessions in a real browser (Debian's chromium via playwright-core):
 * a browser is never asked for Basic credentials but sent to the login page;
 * a manager logs in, changes something, logs out, and the back button shows
 * the login page again; a page on another origin posting forms to resend an
 * alert and to change a task gets 403 and changes nothing, while a script's
 * Basic credentials still work; 6 wrong passwords in the form give 429.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type Browser, type BrowserContext, type Page } from 'playwright-core';
import { launchChromium } from '../support/browser';
import { basicAuth, get } from '../support/http';
import { ADMIN_PASSWORD, ADMIN_USER, startStack, type Stack } from '../support/stack';
import { adminSend, leadWithTask } from '../support/staff';

jest.setTimeout(120_000);

const MANAGER = { name: 'zhou.manager', password: 'Zhou-Manager-2026' };

let stack: Stack;
let browser: Browser;
let evil: Server;
let evilUrl: string;
const contexts: BrowserContext[] = [];

beforeAll(async () => {
  stack = await startStack({ workerEnv: { LOGIN_MAX_FAILURES: '5' } });
  const res = await adminSend(stack, 'POST', '/admin/staff', {
    login: MANAGER.name,
    name: '周经理',
    role: 'manager',
    password: MANAGER.password,
  });
  expect(res.status).toBe(201);
  browser = await launchChromium();
  // Another origin (another port): what a malicious page open in the same browser can do.
  evil = createServer((req, reply) => {
    const url = new URL(req.url ?? '/', 'http://x');
    const target = url.searchParams.get('target') ?? '';
    reply.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    reply.end(`<!doctype html><title>win a prize</title>
<form id="f" method="post" action="${target}" enctype="application/x-www-form-urlencoded"><input name="status" value="cancelled"></form>
<script>document.getElementById('f').submit()</script>`);
  });
  await new Promise<void>((done) => evil.listen(0, '127.0.0.1', done));
  evilUrl = `http://127.0.0.1:${(evil.address() as AddressInfo).port}`;
});

afterEach(async () => {
  for (const context of contexts.splice(0)) await context.close().catch(() => undefined);
});

afterAll(async () => {
  await browser?.close().catch(() => undefined);
  await new Promise((done) => evil?.close(done));
  await stack?.stop();
});

async function newPage(): Promise<Page> {
  const context = await browser.newContext({ locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
  contexts.push(context);
  return context.newPage();
}

async function logIn(page: Page, who: { name: string; password: string }, path = '/admin/board/staff'): Promise<void> {
  await page.goto(`${stack.adminUrl}${path}`);
  expect(new URL(page.url()).pathname).toBe('/admin/login');
  await page.getByLabel('账号').fill(who.name);
  await page.getByLabel('密码').fill(who.password);
  await Promise.all([page.waitForURL((u) => u.pathname === path), page.getByRole('button', { name: '登录' }).click()]);
}

describe('a manager in the browser', () => {
  it('is sent to the login page (no Basic prompt), logs in, acts, logs out, and Back shows the login page', async () => {
    const page = await newPage();
    let challenged = false;
    page.on('response', (r) => {
      if (r.headers()['www-authenticate']) challenged = true;
    });
    await logIn(page, MANAGER);
    await page.locator('#staff').waitFor();
    expect(await page.locator(`tr[data-login="${MANAGER.name}"]`).textContent()).toContain('周经理');

    // Act: go off duty with the page's own form (a POST under the cross-site check).
    const own = page.locator(`tr[data-login="${MANAGER.name}"]`);
    await Promise.all([
      page.waitForURL((u) => u.searchParams.get('done') === 'saved'),
      own.getByRole('button', { name: '改为休息' }).click(),
    ]);
    await page.getByText('已保存').waitFor();
    expect(await own.locator('.duty-state').textContent()).toBe('休息中');
    expect(await own.getByRole('button', { name: '改为值班' }).count()).toBe(1);
    expect((await stack.db.query('SELECT on_duty FROM staff WHERE login = $1', [MANAGER.name])).rows[0].on_duty).toBe(false);
    // The API answers with the session cookie alone.
    const me = await (await page.request.get(`${stack.adminUrl}/admin/me`)).json();
    expect(me).toMatchObject({ name: MANAGER.name, accountRole: 'manager', displayName: '周经理', onDuty: false });

    await Promise.all([page.waitForURL((u) => u.pathname === '/admin/login'), page.locator('#logout').click()]);
    await page.getByText('您已退出登录').waitFor();
    await page.goBack();
    await page.waitForLoadState();
    expect(new URL(page.url()).pathname).toBe('/admin/login');
    await page.getByLabel('密码').waitFor();
    expect(await page.locator('#staff').count()).toBe(0);
    // The session is gone server-side too.
    expect((await page.request.get(`${stack.adminUrl}/admin/me`)).status()).toBe(401);
    expect(challenged).toBe(false);
  });
});

describe('a page on another origin', () => {
  it('posting forms to resend and to change a task gets 403 and changes nothing; Basic from a script still works', async () => {
    const { leadId, taskId } = await leadWithTask(stack);
    const count = async () =>
      (await stack.db.query('SELECT count(*)::int AS n FROM notifications WHERE lead_id = $1', [leadId])).rows[0].n;
    const before = await count();
    const page = await newPage();
    await logIn(page, MANAGER);

    for (const target of [`${stack.adminUrl}/admin/leads/${leadId}/resend`, `${stack.adminUrl}/admin/tasks/${taskId}`]) {
      const answered = page.waitForResponse((r) => r.url() === target, { timeout: 15000 });
      await page.goto(`${evilUrl}/?target=${encodeURIComponent(target)}`);
      const res = await answered;
      expect({ target, status: res.status() }).toEqual({ target, status: 403 });
    }
    // A cross-origin PATCH by script is stopped before it is sent (no CORS for other origins).
    await page.goto(`${evilUrl}/?target=about:blank`);
    const patched = await page.evaluate(async (url) => {
      try {
        return (
          await fetch(url, {
            method: 'PATCH',
            credentials: 'include',
            headers: { 'content-type': 'application/json' },
            body: '{"status":"cancelled"}',
          })
        ).status;
      } catch {
        return 'blocked';
      }
    }, `${stack.adminUrl}/admin/tasks/${taskId}`);
    expect(patched).toBe('blocked');

    expect(await count()).toBe(before);
    expect((await stack.db.query('SELECT status, updated_by FROM follow_up_tasks WHERE id = $1', [taskId])).rows[0]).toEqual({
      status: 'open',
      updated_by: null,
    });
    const script = await get(`${stack.adminUrl}/admin/tasks`, { headers: basicAuth(ADMIN_USER, ADMIN_PASSWORD) });
    expect(script.status).toBe(200);
  });
});

describe('throttling in the login form (last: it locks out 127.0.0.1)', () => {
  it('6 wrong passwords: the 6th answer is 429 and says to wait', async () => {
    const page = await newPage();
    await page.goto(`${stack.adminUrl}/admin/login`);
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) {
      await page.getByLabel('账号').fill(MANAGER.name);
      await page.getByLabel('密码').fill(`wrong-${i}`);
      const [res] = await Promise.all([
        page.waitForResponse((r) => r.url().endsWith('/admin/login') && r.request().method() === 'POST'),
        page.getByRole('button', { name: '登录' }).click(),
      ]);
      statuses.push(res.status());
      if (i === 5) expect(Number(res.headers()['retry-after'])).toBeGreaterThan(0);
      await page.waitForLoadState();
    }
    expect(statuses).toEqual([401, 401, 401, 401, 401, 429]);
    await page.getByText('失败次数过多').waitFor();
  });
});
