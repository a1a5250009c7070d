/// <reference lib="dom" />
/**
 * One tap from the email, in Chromium on a phone (390x844): the owner's
 * personal email carries a link to the lead's action page; opened in a
 * browser that has never logged in, it shows the lead with the number to
 * call, and 我来跟进 then 未接通 act as the owner, without a password, as the
 * lead's first touch and a logged call. The group message's button (a local
 * DingTalk robot's actionCard) opens the same page behind the login: log in
 * once with "remember this phone", land back on it, and claim. The page is
 * screenshotted for the README (DOCS_IMAGES_DIR=docs/images writes its copy).
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { type Browser, type Page } from 'playwright-core';
import { launchChromium } from '../support/browser';
import { ChatReceiver } from '../support/chat-receivers';
import { messagesFor } from '../support/chat-stack';
import { startStack, waitFor, type Stack } from '../support/stack';
import { adminGet, leadWithTask, staffWorkerEnv, WANG, WANG_EMAIL } from '../support/staff';

jest.setTimeout(120_000);

const PUBLIC_ADMIN_URL = 'https://crm.example.com';
const DIR = process.env.DOCS_IMAGES_DIR ?? process.env.SCREENSHOT_DIR ?? '/tmp/screens';

let stack: Stack;
let browser: Browser;
let robot: ChatReceiver;

beforeAll(async () => {
  mkdirSync(DIR, { recursive: true });
  robot = await ChatReceiver.start('dingtalk', { perMinute: 60 });
  // wang (with an address) gets every lead; no re-routing while the test reads the page.
  stack = await startStack({
    workerEnv: staffWorkerEnv({
      ASSIGNMENT: 'round-robin',
      PUBLIC_ADMIN_URL,
      CLAIM_WITHIN_MINUTES: '0',
      DINGTALK_ROBOTS: robot.entry,
      DINGTALK_PER_MINUTE: '60',
    }),
  });
  await stack.db.query(`UPDATE staff SET receives_leads = (login = $1)`, [WANG.name]);
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close().catch(() => undefined);
  await stack?.stop();
  await robot?.close();
});

/** The link in the owner's email, on this deployment (PUBLIC_ADMIN_URL is the address people reach it by). */
async function linkFromEmail(leadId: string): Promise<string> {
  const mail = await stack.sink.waitFor(
    (m) => m.header('x-lead-id') === leadId && m.header('x-lead-notice') === 'assigned',
    20_000,
    'the owner email',
  );
  expect(mail.envelopeTo).toEqual([WANG_EMAIL]);
  const href = /href="(https:\/\/crm\.example\.com\/admin\/go\/[A-Za-z0-9_-]+)"/.exec(mail.mail.html || '')?.[1];
  if (!href) throw new Error('no personal link in the owner email');
  return href.replace(PUBLIC_ADMIN_URL, stack.adminUrl);
}

async function phone(): Promise<Page & { problems: string[] }> {
  const context = await browser.newContext({
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
    viewport: { width: 390, height: 844 },
    isMobile: true,
    hasTouch: true,
    deviceScaleFactor: 2,
  });
  const page = (await context.newPage()) as Page & { problems: string[] };
  page.problems = [];
  page.on('pageerror', (err) => page.problems.push(err.message));
  page.on('console', (msg) => void (msg.type() === 'error' && page.problems.push(msg.text())));
  return page;
}

async function fitsTheScreen(page: Page, selectors: string[]): Promise<void> {
  expect(
    await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth),
  ).toBeLessThanOrEqual(0);
  for (const selector of selectors) {
    const box = (await page.locator(selector).boundingBox())!;
    expect({ selector, tall: box.height >= 44, inside: box.x >= 0 && box.x + box.width <= 390 }).toEqual({
      selector,
      tall: true,
      inside: true,
    });
  }
}

describe('the personal link on a phone', () => {
  it('opens the lead without a password, claims it and logs a call in one tap each', async () => {
    const { leadId, taskId } = await leadWithTask(stack, {
      name: '陈静',
      email: 'chen.jing.purchasing@mingyuanprecision.example.cn',
      company: '苏州明远精密机械有限公司',
      phone: '13962001234',
      requirement: '两台 100kWh 工商业储能柜，下周到厂里看现场。',
    });
    const url = await linkFromEmail(leadId);
    const page = await phone();

    await page.goto(url);
    expect(new URL(page.url()).pathname).toBe(new URL(url).pathname);
    expect(await page.locator('h1').textContent()).toBe('陈静');
    expect(await page.locator('#call').getAttribute('href')).toBe('tel:+8613962001234');
    expect(await page.locator('#call').textContent()).toBe('拨打 139 6200 1234');
    // A long address stays inside its button.
    const mail = page.locator('#mail');
    expect(await mail.evaluate((a) => a.scrollWidth <= a.clientWidth)).toBe(true);
    await fitsTheScreen(page, ['#call', '#mail', '#claim', '#contact-no_answer']);
    // Opening it changed nothing.
    expect((await adminGet(stack, `/admin/leads/${leadId}`)).json().task).toMatchObject({ status: 'open', firstTouchAt: null });
    await page.screenshot({ path: join(DIR, 'go-phone.png') });

    await Promise.all([page.waitForURL(/\?done=claim/), page.locator('#claim').tap()]);
    expect(await page.locator('.notice[role=status]').textContent()).toContain('已认领');
    await Promise.all([page.waitForURL(/\?done=contact/), page.locator('#contact-no_answer').tap()]);
    expect(await page.locator('.notice[role=status]').textContent()).toContain('联系记录已保存');

    // As wang, the owner: the claim is the first touch, the call is in the history.
    const { task, lead } = (await adminGet(stack, `/admin/leads/${leadId}`)).json();
    expect(task).toMatchObject({ id: taskId, status: 'in_progress', assignee: WANG.name, firstTouchBy: WANG.name });
    expect(lead.firstTouchBy).toBe(WANG.name);
    expect(task.history.map((h: { action: string; actor: string }) => [h.action, h.actor]).slice(-2)).toEqual([
      ['started', WANG.name],
      ['contact-no-answer', WANG.name],
    ]);
    // No session was made: the board still asks who you are.
    await page.goto(`${stack.adminUrl}/admin`);
    expect(await page.getByLabel('密码').isVisible()).toBe(true);
    expect(page.problems).toEqual([]);
  });
});

describe("the group message's button on a phone", () => {
  it('opens the action page behind the login, remembers the phone, and claims', async () => {
    const { leadId, taskId } = await leadWithTask(stack, { name: '群里的线索', phone: '13962005678' });
    const card = await waitFor(async () => messagesFor(robot, leadId)[0] ?? null, 15_000, 'the group message');
    const button: string = card.body.actionCard.singleURL;
    expect(button).toBe(`${PUBLIC_ADMIN_URL}/admin/leads/${leadId}/act`);
    const url = button.replace(PUBLIC_ADMIN_URL, stack.adminUrl);
    const page = await phone();

    // Not signed in: the login page, which comes back here.
    await page.goto(url);
    expect(new URL(page.url()).pathname).toBe('/admin/login');
    await page.getByLabel('账号').fill(WANG.name);
    await page.getByLabel('密码').fill(WANG.password);
    await page.locator('#remember').check();
    await Promise.all([page.waitForURL(url), page.getByRole('button', { name: '登录' }).tap()]);
    const cookie = (await page.context().cookies()).find((c) => c.name === 'lead_admin_session')!;
    // Remembered: a cookie for SESSION_REMEMBER_DAYS (30), not one for the browser's session.
    expect(cookie.expires * 1000 - Date.now()).toBeGreaterThan(29 * 86400_000);

    expect(await page.locator('h1').textContent()).toBe('群里的线索');
    expect(await page.locator('#call').getAttribute('href')).toBe('tel:+8613962005678');
    await fitsTheScreen(page, ['#call', '#claim', '#contact-no_answer']);
    expect((await adminGet(stack, `/admin/leads/${leadId}`)).json().task).toMatchObject({ status: 'open', firstTouchAt: null });

    await Promise.all([page.waitForURL(/\/act\?done=claim$/), page.locator('#claim').tap()]);
    expect(await page.locator('.notice[role=status]').textContent()).toContain('已认领');
    const { task } = (await adminGet(stack, `/admin/leads/${leadId}`)).json();
    expect(task).toMatchObject({ id: taskId, status: 'in_progress', assignee: WANG.name, firstTouchBy: WANG.name });
    expect(page.problems).toEqual([]);
  });
});
