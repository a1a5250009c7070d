/// <reference lib="dom" />
/**
 * The board with staff accounts, in Chromium (playwright-core), with leads
 * assigned at arrival: a salesperson logs in with the form and lands on
 * "mine", sees the owner by display name, switches their on-duty flag, has no
 * export or staff links, and sees a returning customer's earlier leads on the
 * lead page; a manager sees each person's open and overdue tasks; logging out
 * from the board and going back shows the login page.
 */
import { randomInt } from 'node:crypto';
import { type Browser, type BrowserContext, type Page } from 'playwright-core';
import { launchChromium } from '../support/browser';
import { postJson } from '../support/http';
import { startStack, validLead, waitFor, type Stack } from '../support/stack';
import { adminSend } from '../support/staff';

jest.setTimeout(120_000);

const SALES = { name: 'li.na2', display: '李娜', password: 'Li-Na-Sales-2026' };
const MANAGER = { name: 'zhou.mgr', display: '周经理', password: 'Zhou-Manager-2026' };

let stack: Stack;
let browser: Browser;
const contexts: BrowserContext[] = [];

const uniquePhone = () => `137${String(randomInt(0, 99_999_999)).padStart(8, '0')}`;

beforeAll(async () => {
  stack = await startStack({ workerEnv: { ASSIGNMENT: 'round-robin', RETURNING_CUSTOMER_DAYS: '730' } });
  for (const [who, role] of [
    [SALES, 'sales'],
    [MANAGER, 'manager'],
  ] as const) {
    const res = await adminSend(stack, 'POST', '/admin/staff', {
      login: who.name,
      name: who.display,
      role,
      password: who.password,
      receivesLeads: role === 'sales',
    });
    expect(res.status).toBe(201);
  }
  // Only our salesperson receives leads, so every new lead is theirs.
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

async function newPage(): Promise<Page> {
  const context = await browser.newContext({
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
    viewport: { width: 1360, height: 900 },
  });
  contexts.push(context);
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('pageerror', (err) => problems.push(err.message));
  (page as Page & { problems: string[] }).problems = problems;
  return page;
}

async function logIn(page: Page, who: { name: string; password: string }): Promise<void> {
  await page.goto(`${stack.adminUrl}/admin`);
  expect(new URL(page.url()).pathname).toBe('/admin/login');
  await page.getByLabel('账号').fill(who.name);
  await page.getByLabel('密码').fill(who.password);
  await Promise.all([page.waitForURL((u) => u.pathname === '/admin'), page.getByRole('button', { name: '登录' }).click()]);
  await page.locator('#tasks[aria-busy="false"]').waitFor({ timeout: 15000 });
}

async function postLead(overrides: Record<string, unknown> = {}): Promise<{ id: string; name: string; taskId: string }> {
  const body = validLead({ phone: uniquePhone(), ...overrides });
  const res = await postJson(stack.leadsUrl, body);
  expect(res.status).toBe(202);
  const id: string = res.json().id;
  const [task] = await stack.waitForRows<{ id: string }>('SELECT id FROM follow_up_tasks WHERE lead_id = $1', [id], 20000);
  return { id, name: String(body.name), taskId: task.id };
}

const rowOf = (page: Page, name: string) =>
  page.locator('tr[data-task-row]').filter({ has: page.locator('.lead-link', { hasText: name }) });

describe('a salesperson', () => {
  it('lands on "mine", sees the owner by display name, switches on-duty, and has no export or staff links', async () => {
    const lead = await postLead();
    const page = await newPage();
    await logIn(page, SALES);
    expect(await page.getByRole('tab', { name: /我的/ }).getAttribute('aria-selected')).toBe('true');
    expect(new URL(page.url()).searchParams.get('tab')).toBeNull();
    const row = rowOf(page, lead.name);
    await row.waitFor({ timeout: 15000 });
    expect(await row.locator('.assignee').textContent()).toBe(SALES.display);
    expect(await page.locator('.me-name').textContent()).toBe(SALES.display);
    expect(await page.locator('a[href="/admin/leads.csv"]').count()).toBe(0);
    expect(await page.locator('a[href="/admin/board/staff"]').count()).toBe(0);
    expect(await page.locator('#workload').count()).toBe(0);

    // On duty by default, and the switch says so; off, and back on, by the page's own PATCH (same-origin referrer policy).
    const toggle = page.getByRole('switch', { name: '值班状态' });
    expect(await toggle.getAttribute('aria-checked')).toBe('true');
    expect(await toggle.textContent()).toBe('值班中');
    expect(await page.locator('#duty-state').textContent()).toBe('新线索会轮流分配给你');
    const onDuty = async () => (await stack.db.query('SELECT on_duty FROM staff WHERE login = $1', [SALES.name])).rows[0].on_duty;
    await toggle.click();
    await page.locator('#on-duty[aria-checked="false"]').waitFor({ timeout: 10000 });
    expect(await toggle.textContent()).toBe('休息中');
    expect(await page.locator('#duty-state').textContent()).toBe('不会给你分配新线索');
    expect(await onDuty()).toBe(false);
    await toggle.click();
    await page.locator('#on-duty[aria-checked="true"]').waitFor({ timeout: 10000 });
    expect(await toggle.textContent()).toBe('值班中');
    expect(await onDuty()).toBe(true);
    expect((page as Page & { problems: string[] }).problems).toEqual([]);
  });

  it('sees 老客户 and the earlier leads with their owner on a returning customer’s lead page', async () => {
    const phone = uniquePhone();
    const first = await postLead({ phone });
    const again = await postLead({ phone });
    const page = await newPage();
    await logIn(page, SALES);
    await page.goto(`${stack.adminUrl}/admin/board/leads/${again.id}`);
    expect(await page.locator('#returning').textContent()).toBe('老客户');
    const earlier = page.locator(`#earlier tr[data-earlier-id="${first.id}"]`);
    expect(await earlier.locator('.earlier-owner').textContent()).toBe(SALES.display);
    expect(await page.locator('[data-field="assignee"] .assignee').textContent()).toBe(SALES.display);
  });
});

describe('a manager', () => {
  it('sees each person’s open and overdue tasks, logs out from the board, and Back shows the login page', async () => {
    const overdue = await postLead();
    await stack.db.query(`UPDATE follow_up_tasks SET due_at = now() - interval '5 minutes' WHERE id = $1`, [overdue.taskId]);
    const { rows } = await stack.db.query(
      `SELECT count(*) FILTER (WHERE status = 'open')::int AS open, count(*) FILTER (WHERE due_at < now())::int AS overdue
         FROM follow_up_tasks WHERE assignee = $1 AND status IN ('open', 'in_progress')`,
      [SALES.name],
    );
    const page = await newPage();
    await logIn(page, MANAGER);
    expect(await page.getByRole('tab', { name: /全部待办/ }).getAttribute('aria-selected')).toBe('true');
    const mine = page.locator(`#workload tr[data-login="${SALES.name}"]`);
    await mine.waitFor({ timeout: 15000 });
    const cells = await mine.locator('td').allTextContents();
    expect(await mine.locator('th').textContent()).toContain(SALES.display);
    expect(cells.map(Number)).toEqual([rows[0].open, 0, rows[0].overdue]);
    expect(rows[0].overdue).toBeGreaterThanOrEqual(1);
    expect(await page.locator('#workload tr.unassigned').count()).toBe(1);
    // A manager who receives no leads gets no on-duty switch: it would change nothing.
    expect(await page.locator('#on-duty').count()).toBe(0);
    expect(await page.locator('#no-leads').textContent()).toBe('不接收线索');
    expect(await page.locator(`#workload tr[data-login="${MANAGER.name}"] th`).textContent()).toContain('不接收线索');
    expect(await page.locator('a[href="/admin/board/staff"]').count()).toBe(1);
    expect(await page.locator('a[href="/admin/leads.csv"]').count()).toBe(1);

    await Promise.all([page.waitForURL((u) => u.pathname === '/admin/login'), page.locator('#logout').click()]);
    await page.goBack();
    await page.waitForLoadState();
    expect(new URL(page.url()).pathname).toBe('/admin/login');
    await page.getByLabel('密码').waitFor();
    expect(await page.locator('#tasks').count()).toBe(0);
    await waitFor(
      async () => ((await page.request.get(`${stack.adminUrl}/admin/me`)).status() === 401 ? true : null),
      5000,
      'the session to be gone',
    );
  });
});
