/// <reference lib="dom" />
/**
 * Pages show only what the role may do: a salesperson sees no 删除个人信息
 * (the admin's, refused to them after the PIPL dialog before), no buttons
 * on a colleague's task and no export, staff or audit links; the admin
 * sees them all.
 */
import { randomInt } from 'node:crypto';
import { type Browser, type BrowserContext, type Page } from 'playwright-core';
import { launchChromium } from '../support/browser';
import { postJson } from '../support/http';
import { ADMIN_PASSWORD, ADMIN_USER, startStack, validLead, type Stack } from '../support/stack';
import { adminSend } from '../support/staff';

jest.setTimeout(120_000);

const SALES = { name: 'he.yun', display: '何云', password: 'He-Yun-Sales-2026' };
const NEXT = { name: 'xu.an', display: '徐安', password: 'Xu-An-Sales-2026' };
const ADMIN = { name: ADMIN_USER, password: ADMIN_PASSWORD };

let stack: Stack;
let browser: Browser;
const contexts: BrowserContext[] = [];

beforeAll(async () => {
  stack = await startStack({ workerEnv: { ASSIGNMENT: 'round-robin' } });
  for (const who of [SALES, NEXT]) {
    const res = await adminSend(stack, 'POST', '/admin/staff', {
      login: who.name,
      name: who.display,
      role: 'sales',
      password: who.password,
    });
    expect(res.status).toBe(201);
  }
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

/** A lead whose task goes to `owner` (the only one receiving leads while it arrives). */
async function leadOf(owner: string) {
  await stack.db.query(`UPDATE staff SET receives_leads = (login = $1)`, [owner]);
  const body = validLead({ phone: `136${String(randomInt(0, 99_999_999)).padStart(8, '0')}` });
  const res = await postJson(stack.leadsUrl, body);
  expect(res.status).toBe(202);
  const id: string = res.json().id;
  const [task] = await stack.waitForRows<{ id: string; assignee: string }>(
    'SELECT id, assignee FROM follow_up_tasks WHERE lead_id = $1',
    [id],
    20000,
  );
  expect(task.assignee).toBe(owner);
  return { id, name: String(body.name), taskId: task.id };
}

describe('actions by role', () => {
  it('a salesperson sees no erasure and no buttons on a colleague’s task; the admin sees both', async () => {
    const mine = await leadOf(SALES.name);
    const theirs = await leadOf(NEXT.name);
    const sales = await signedIn(SALES);
    await sales.goto(`${stack.adminUrl}/admin/board/leads/${mine.id}`);
    expect(await sales.getByRole('button', { name: '删除个人信息' }).count()).toBe(0);
    expect(await sales.locator('.danger-zone').count()).toBe(0);
    expect(await sales.locator('.task-card').getByRole('button', { name: '开始跟进' }).count()).toBe(1);
    expect(await sales.getByRole('button', { name: '重发提醒' }).count()).toBe(1);

    await sales.goto(`${stack.adminUrl}/admin/board/leads/${theirs.id}`);
    expect(await sales.locator('.task-card [data-action]').count()).toBe(0);
    expect(await sales.locator('#nav-export, #nav-staff, #nav-audit').count()).toBe(0);
    expect(sales.problems).toEqual([]);

    const admin = await signedIn(ADMIN);
    await admin.goto(`${stack.adminUrl}/admin/board/leads/${theirs.id}`);
    expect(await admin.getByRole('button', { name: '删除个人信息' }).count()).toBe(1);
    expect(await admin.locator('.task-card').getByRole('button', { name: '认领' }).count()).toBe(1);
    expect(await admin.locator('#nav-export, #nav-staff, #nav-audit').count()).toBe(3);
  });
});
