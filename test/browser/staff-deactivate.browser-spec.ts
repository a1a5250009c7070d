/// <reference lib="dom" />
/**
 * 停用并交接 asks first, naming the consequences and the successor, before
 * it acts (a post without the confirmation only asks again); an admin can
 * reactivate the account afterwards.
 */
import { randomInt } from 'node:crypto';
import { type Browser, type BrowserContext, type Page } from 'playwright-core';
import { launchChromium } from '../support/browser';
import { postJson } from '../support/http';
import { ADMIN_PASSWORD, ADMIN_USER, startStack, validLead, type Stack } from '../support/stack';
import { adminSend } from '../support/staff';

jest.setTimeout(120_000);

const LEAVER = { name: 'lu.ping', display: '陆平', password: 'Lu-Ping-Sales-2026' };
const NEXT = { name: 'xu.an', display: '徐安', password: 'Xu-An-Sales-2026' };
const ADMIN = { name: ADMIN_USER, password: ADMIN_PASSWORD };
const SCREENS = process.env.SCREENSHOT_DIR ?? '/tmp/screens';

let stack: Stack;
let browser: Browser;
const contexts: BrowserContext[] = [];

beforeAll(async () => {
  stack = await startStack({ workerEnv: { ASSIGNMENT: 'round-robin' } });
  for (const who of [LEAVER, NEXT]) {
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

describe('停用并交接', () => {
  it('asks first, naming the consequences and the successor; cancel changes nothing; confirmed it hands over; reactivation undoes the account', async () => {
    const tasks = [await leadOf(LEAVER.name), await leadOf(LEAVER.name)];
    const active = async () => (await stack.db.query('SELECT active FROM staff WHERE login = $1', [LEAVER.name])).rows[0].active;
    const page = await signedIn(ADMIN);
    await page.goto(`${stack.adminUrl}/admin/board/staff`);
    const row = page.locator(`#staff tr[data-login="${LEAVER.name}"]`);
    await row.locator('select[name=successor]').selectOption(NEXT.name);
    await Promise.all([page.waitForURL(/confirm=/), row.getByRole('button', { name: '停用并交接' }).click()]);

    const dialog = page.getByRole('alertdialog');
    await dialog.waitFor();
    expect(await dialog.locator('h2').textContent()).toBe(`停用 ${LEAVER.display} (${LEAVER.name}) 并交接?`);
    const said = (await dialog.textContent())!;
    expect(said).toContain(`2 条未完成的任务(待跟进和跟进中)将交给 ${NEXT.display} (${NEXT.name})`);
    expect(said).toContain('将无法再登录');
    expect(said).toContain('可以重新启用');
    await page.screenshot({ path: `${SCREENS}/staff-deactivate-confirm.png` });
    // Asking changed nothing.
    expect(await active()).toBe(true);

    await Promise.all([
      page.waitForURL((u) => !u.search.includes('confirm=')),
      dialog.getByRole('link', { name: '取消' }).click(),
    ]);
    expect(await page.getByRole('alertdialog').count()).toBe(0);
    expect(await active()).toBe(true);

    // A post without the confirmation (an old page, a double click) only asks again.
    const unconfirmed = await page.request.post(`${stack.adminUrl}/admin/board/staff/${LEAVER.name}`, {
      form: { active: 'false', successor: NEXT.name },
      maxRedirects: 0,
    });
    expect(unconfirmed.status()).toBe(303);
    expect(unconfirmed.headers().location).toContain(`confirm=${LEAVER.name}`);
    expect(await active()).toBe(true);

    await row.locator('select[name=successor]').selectOption(NEXT.name);
    await Promise.all([page.waitForURL(/confirm=/), row.getByRole('button', { name: '停用并交接' }).click()]);
    await Promise.all([
      page.waitForURL(/done=handover/),
      page.getByRole('alertdialog').getByRole('button', { name: '确认停用并交接' }).click(),
    ]);
    expect(await page.locator('.notice').textContent()).toBe('已停用;2 条任务已交接。');
    expect(await active()).toBe(false);
    const { rows } = await stack.db.query('SELECT assignee FROM follow_up_tasks WHERE id = ANY($1::uuid[])', [
      tasks.map((t) => t.taskId),
    ]);
    expect(rows.map((r) => r.assignee)).toEqual([NEXT.name, NEXT.name]);

    await Promise.all([page.waitForURL(/done=reactivated/), row.getByRole('button', { name: '重新启用' }).click()]);
    expect(await page.locator('.notice').textContent()).toBe('账号已重新启用,可以再次登录。');
    expect(await active()).toBe(true);
    await page.goto(`${stack.adminUrl}/admin/board/audit`);
    expect(await page.locator('#audit tr[data-action="staff.reactivated"]').first().textContent()).toContain('重新启用');
    expect(page.problems).toEqual([]);
  });
});
