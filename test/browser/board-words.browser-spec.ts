/// <reference lib="dom" />
/**
 * Chinese pages say everything in Chinese: an unknown page is a 404 page
 * and a refused one a 403 page in the browser's language (scripts still
 * get JSON); the history names the system's assignment in words; a refused
 * action's toast, the staff page's password rule and the audit log's
 * actions and details come from the catalog, not from codes or English.
 */
import { randomInt } from 'node:crypto';
import { type Browser, type BrowserContext, type Page } from 'playwright-core';
import { launchChromium } from '../support/browser';
import { get, postJson } from '../support/http';
import { ADMIN_PASSWORD, ADMIN_USER, startStack, validLead, type Stack } from '../support/stack';
import { adminSend } from '../support/staff';

jest.setTimeout(120_000);

const SALES = { name: 'zhao.min', display: '赵敏', password: 'Zhao-Min-Sales-2026' };
const OTHER = { name: 'qian.li', display: '钱立', password: 'Qian-Li-Sales-2026' };
const ADMIN = { name: ADMIN_USER, password: ADMIN_PASSWORD };

let stack: Stack;
let browser: Browser;
const contexts: BrowserContext[] = [];

beforeAll(async () => {
  stack = await startStack({ workerEnv: { ASSIGNMENT: 'round-robin' } });
  for (const who of [SALES, OTHER]) {
    const res = await adminSend(stack, 'POST', '/admin/staff', {
      login: who.name,
      name: who.display,
      role: 'sales',
      password: who.password,
    });
    expect(res.status).toBe(201);
  }
  await stack.db.query(`UPDATE staff SET receives_leads = (login = $1)`, [SALES.name]);
  browser = await launchChromium();
});

afterEach(async () => {
  for (const context of contexts.splice(0)) await context.close().catch(() => undefined);
});

afterAll(async () => {
  await browser?.close().catch(() => undefined);
  await stack?.stop();
});

async function signedIn(who: { name: string; password: string }): Promise<Page & { problems: string[] }> {
  const context = await browser.newContext({
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
    viewport: { width: 1280, height: 900 },
  });
  contexts.push(context);
  const page = (await context.newPage()) as Page & { problems: string[] };
  page.problems = [];
  page.on('pageerror', (err) => page.problems.push(err.message));
  await page.goto(`${stack.adminUrl}/admin/login`);
  await page.getByLabel('账号').fill(who.name);
  await page.getByLabel('密码').fill(who.password);
  await Promise.all([page.waitForURL((u) => u.pathname === '/admin'), page.getByRole('button', { name: '登录' }).click()]);
  return page;
}

async function postLead() {
  const body = validLead({ phone: `137${String(randomInt(0, 99_999_999)).padStart(8, '0')}` });
  const res = await postJson(stack.leadsUrl, body);
  expect(res.status).toBe(202);
  const id: string = res.json().id;
  const [task] = await stack.waitForRows<{ id: string }>('SELECT id FROM follow_up_tasks WHERE lead_id = $1', [id], 20000);
  return { id, name: String(body.name), taskId: task.id };
}

describe('errors a browser sees under /admin', () => {
  it('an unknown page is a 404 page in Chinese; a script still gets JSON', async () => {
    const page = await signedIn(SALES);
    const res = await page.goto(`${stack.adminUrl}/admin/no-such-page`);
    expect(res!.status()).toBe(404);
    expect(res!.headers()['content-type']).toMatch(/^text\/html/);
    expect(await page.getAttribute('html', 'lang')).toBe('zh-CN');
    expect(await page.locator('h1').textContent()).toBe('找不到该页面');
    expect(await page.locator('main').textContent()).toContain('/admin/no-such-page');
    expect(await page.locator('main').textContent()).not.toMatch(/Cannot GET|Not Found/);
    await page.getByRole('link', { name: '← 返回看板' }).click();
    await page.waitForURL((u) => u.pathname === '/admin');

    const json = await get(`${stack.adminUrl}/admin/no-such-page`, {
      headers: { ...stack.adminAuth, accept: 'application/json' },
    });
    expect(json.status).toBe(404);
    expect(json.json()).toMatchObject({ statusCode: 404 });
    expect(page.problems).toEqual([]);
  });

  it('a page the role may not open is a 403 page in Chinese', async () => {
    const page = await signedIn(SALES);
    const res = await page.goto(`${stack.adminUrl}/admin/board/staff`);
    expect(res!.status()).toBe(403);
    expect(await page.locator('h1').textContent()).toBe('没有权限');
    expect(await page.locator('main').textContent()).not.toContain('this needs the role');
  });
});

describe('words instead of codes', () => {
  it('the history says 系统自动分配 / 轮流分配, and a refused action’s toast is Chinese', async () => {
    const lead = await postLead();
    const page = await signedIn(SALES);
    await page.goto(`${stack.adminUrl}/admin/board/leads/${lead.id}`);
    const first = page.locator('table.history tbody tr').first();
    expect(await first.locator('td').nth(1).textContent()).toBe('系统自动分配');
    expect(await first.locator('td').nth(5).textContent()).toBe('轮流分配');
    expect(await page.locator('table.history').textContent()).not.toMatch(/assignment|round-robin/);

    // Meanwhile the lead goes to a colleague: the note is refused, in words (a colleague's task is a 404 to sales: its existence is not theirs to know).
    expect((await adminSend(stack, 'PATCH', `/admin/tasks/${lead.taskId}`, { assignee: OTHER.name })).status).toBe(200);
    await page.locator('.task-card').getByRole('button', { name: '添加备注' }).click();
    const dialog = page.locator('dialog#dlg');
    await dialog.getByLabel('备注').fill('已电话联系');
    await dialog.getByRole('button', { name: '保存' }).click();
    const toast = page.locator('#toast.show.error');
    await toast.waitFor({ timeout: 10000 });
    expect(await toast.textContent()).toBe('操作失败:找不到该任务或客户,可能已被删除。');
  });

  it('the staff page gives the password rule and refusals in Chinese; the audit log names actions in words', async () => {
    const page = await signedIn(ADMIN);
    await page.goto(`${stack.adminUrl}/admin/board/staff`);
    expect(await page.locator('#password-hint').textContent()).toContain('密码至少 10 个字符');
    const form = page.locator('#add-staff');
    await form.locator('[name=login]').fill('sun.short');
    await form.locator('[name=name]').fill('孙短');
    await form.locator('[name=password]').fill('short');
    // What a browser without the minlength check would send: the server's answer is Chinese too.
    await form.locator('[name=password]').evaluate((el) => el.removeAttribute('minlength'));
    await Promise.all([page.waitForLoadState(), form.getByRole('button', { name: '添加' }).click()]);
    expect(await page.locator('.error[role=alert]').textContent()).toBe('密码须为 10 到 200 个字符。');

    await form.locator('[name=login]').fill('sun.ok');
    await form.locator('[name=name]').fill('孙好');
    await form.locator('[name=password]').fill('Sun-Ok-Sales-2026');
    await Promise.all([page.waitForURL(/done=added/), form.getByRole('button', { name: '添加' }).click()]);

    await page.goto(`${stack.adminUrl}/admin/board/audit`);
    const created = page.locator('#audit tbody tr[data-action="staff.created"]').filter({ hasText: 'sun.ok' });
    expect(await created.locator('td').nth(2).textContent()).toBe('添加员工');
    expect(await created.locator('td').nth(5).textContent()).toBe('角色:销售');
    expect(await page.locator('#audit').textContent()).not.toMatch(/staff\.created|\{"role"/);
    // Beijing time, like the board: the entry was written a moment ago.
    expect(await page.locator('#audit thead th').first().textContent()).toBe('时间(北京时间)');
    const at = (await created.locator('td').first().textContent())!;
    expect(Math.abs(Date.parse(`${at.replace(' ', 'T')}+08:00`) - Date.now())).toBeLessThan(5 * 60_000);
  });
});
