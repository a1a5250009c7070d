/// <reference lib="dom" />
/**
 * The board's cards on a phone say what the customer wants: two lines of
 * the requirement, 老客户 for a returning customer, where the lead came
 * from, the number grouped for reading; a lead already assigned to me
 * offers 开始跟进 rather than 认领; the buttons stay where they are while
 * an action runs and after it; the countdown stops once someone acted.
 */
import { randomInt } from 'node:crypto';
import { type Browser, type BrowserContext, type Page, type Route } from 'playwright-core';
import { launchChromium } from '../support/browser';
import { postJson } from '../support/http';
import { startStack, validLead, type Stack } from '../support/stack';
import { adminSend } from '../support/staff';

jest.setTimeout(120_000);

const SALES = { name: 'chen.jing', display: '陈静', password: 'Chen-Jing-Sales-2026' };
const SCREENS = process.env.SCREENSHOT_DIR ?? '/tmp/screens';

let stack: Stack;
let browser: Browser;
const contexts: BrowserContext[] = [];

const uniqueMobile = () => `139${String(randomInt(0, 99_999_999)).padStart(8, '0')}`;
const grouped = (mobile: string) => `${mobile.slice(0, 3)} ${mobile.slice(3, 7)} ${mobile.slice(7)}`;

beforeAll(async () => {
  stack = await startStack({ workerEnv: { ASSIGNMENT: 'round-robin', RETURNING_CUSTOMER_DAYS: '730' } });
  const res = await adminSend(stack, 'POST', '/admin/staff', {
    login: SALES.name,
    name: SALES.display,
    role: 'sales',
    password: SALES.password,
  });
  expect(res.status).toBe(201);
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

async function phonePage(): Promise<Page & { problems: string[] }> {
  const context = await browser.newContext({
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
    viewport: { width: 390, height: 844 },
    isMobile: true,
    hasTouch: true,
    deviceScaleFactor: 2,
  });
  contexts.push(context);
  const page = (await context.newPage()) as Page & { problems: string[] };
  page.problems = [];
  page.on('pageerror', (err) => page.problems.push(err.message));
  await page.goto(`${stack.adminUrl}/admin`);
  await page.getByLabel('账号').fill(SALES.name);
  await page.getByLabel('密码').fill(SALES.password);
  await Promise.all([page.waitForURL((u) => u.pathname === '/admin'), page.getByRole('button', { name: '登录' }).click()]);
  await page.locator('#tasks[aria-busy="false"]').waitFor({ timeout: 15000 });
  return page;
}

async function postLead(overrides: Record<string, unknown> = {}, headers: Record<string, string> = {}) {
  const body = validLead({ phone: uniqueMobile(), ...overrides });
  const res = await postJson(stack.leadsUrl, body, { headers });
  expect(res.status).toBe(202);
  const id: string = res.json().id;
  const [task] = await stack.waitForRows<{ id: string }>('SELECT id FROM follow_up_tasks WHERE lead_id = $1', [id], 20000);
  return { id, name: String(body.name), phone: String(body.phone), taskId: task.id };
}

const cardOf = (page: Page, name: string) =>
  page.locator('tr[data-task-row]').filter({ has: page.locator('.lead-link', { hasText: name }) });

describe('a salesperson’s cards on a phone', () => {
  it('say what the customer wants, who they are and where they came from', async () => {
    const requirement = '需要 200 套储能设备的报价,包括安装调试。'.repeat(8);
    const campaign = await postLead({ requirement, utm_source: 'baidu' });
    const first = await postLead({ requirement: '第一次询价' }, { referer: 'https://www.youpower.com.cn/products' });
    const returning = await postLead({ phone: first.phone, requirement: '再次询价' });
    const page = await phonePage();

    const card = cardOf(page, campaign.name);
    await card.waitFor({ timeout: 15000 });
    const lines = card.locator('.requirement-lines');
    expect(await lines.getAttribute('title')).toBe(requirement);
    // Clamped at two lines: the box is two line-heights tall, whatever the length.
    const { height, lineHeight } = await lines.evaluate((el) => ({
      height: el.getBoundingClientRect().height,
      lineHeight: parseFloat(getComputedStyle(el).lineHeight),
    }));
    expect(height).toBeLessThanOrEqual(lineHeight * 2 + 1);
    expect(height).toBeGreaterThan(lineHeight * 1.5);
    expect(await card.locator('.source').textContent()).toBe('来源:baidu');
    expect(await card.locator('a.contact-link.tel').textContent()).toBe(grouped(campaign.phone));
    expect(await card.locator('a.contact-link.tel').getAttribute('href')).toBe(`tel:+86${campaign.phone}`);
    expect(await card.locator('.badge.returning').count()).toBe(0);

    expect(await cardOf(page, first.name).locator('.source').textContent()).toBe('来源:youpower.com.cn');
    const again = cardOf(page, returning.name);
    expect(await again.locator('.badge.returning').textContent()).toBe('老客户');
    expect(await again.locator('.source').textContent()).toBe('来源:直接访问');
    expect(page.problems).toEqual([]);
  });

  it('offers 开始跟进 on a lead already mine, keeps the buttons in place while it runs, and stops the countdown', async () => {
    const lead = await postLead();
    const page = await phonePage();
    const card = cardOf(page, lead.name);
    await card.waitFor({ timeout: 15000 });
    expect(await card.getByRole('button', { name: '认领' }).count()).toBe(0);
    const start = card.getByRole('button', { name: '开始跟进' });
    const done = card.getByRole('button', { name: '标记完成' });
    const note = card.getByRole('button', { name: '添加备注' });
    expect(await card.locator('.countdown').textContent()).toMatch(/^剩余 /);
    // Where each button sits in its card (the page may scroll to the tap).
    const place = async (button: typeof start) => {
      const [b, c] = [(await button.boundingBox())!, (await card.boundingBox())!];
      return { x: b.x - c.x, y: b.y - c.y, width: b.width, height: b.height };
    };
    await start.scrollIntoViewIfNeeded();
    const before = { start: await place(start), done: await place(done), note: await place(note) };

    // Hold the PATCH until we have looked at the card while it runs.
    let release: () => void = () => undefined;
    const held = new Promise<void>((resolve) => (release = resolve));
    await page.route(`**/admin/tasks/${lead.taskId}`, async (route: Route) => {
      if (route.request().method() !== 'PATCH') return route.continue();
      // The change is made at once; the page gets its answer when we say.
      const response = await route.fetch();
      await held;
      await route.fulfill({ response });
    });
    const patched = page.waitForResponse(
      (r) => r.url().endsWith(`/admin/tasks/${lead.taskId}`) && r.request().method() === 'PATCH',
    );
    await start.tap();
    // While it runs: the row is busy, every control disabled and in its place.
    await card.locator('[data-action="done"][disabled]').waitFor({ timeout: 5000 });
    expect(await card.getAttribute('aria-busy')).toBe('true');
    expect(await place(done)).toEqual(before.done);
    expect(await place(note)).toEqual(before.note);
    expect(await place(start)).toEqual(before.start);
    release();
    expect((await patched).status()).toBe(200);

    await card.locator('.badge', { hasText: '跟进中' }).waitFor({ timeout: 10000 });
    // Started: the first place is empty and keeps its space; "done" has not moved.
    expect(await card.getByRole('button', { name: '开始跟进' }).count()).toBe(0);
    expect(await card.locator('.slot-empty').count()).toBe(1);
    expect(await place(card.getByRole('button', { name: '标记完成' }))).toEqual(before.done);
    expect(await card.getByRole('button', { name: '标记完成' }).isEnabled()).toBe(true);
    // Someone acted on it: no countdown any more, the due time stays.
    expect(await card.locator('.countdown').count()).toBe(0);
    expect(await card.locator('.due-at').textContent()).toMatch(/^截止 /);
    await page.screenshot({ path: `${SCREENS}/board-cards-phone.png` });
    expect(page.problems).toEqual([]);
  });
});
