/// <reference lib="dom" />
/**
 * The staff board (GET /admin) and lead page (GET /admin/board/leads/:id) in
 * a real browser (Debian's chromium driven by playwright-core) against the
 * built gateway and worker: a lead posted through the gateway shows up on the
 * board with a live countdown; a salesperson logs in with HTTP Basic
 * credentials, claims it, adds a note and marks it done (the note of what was
 * agreed is required); the JSON API shows each change and its history; the
 * lead page shows every field, tel:/mailto: links, the history and the
 * delivery log, resends the alert and erases the person's data. The same on a
 * phone-sized viewport, overdue tasks in red, English by ?lang=en, and a
 * lead whose name is markup stays text. Screenshots go to /tmp/screens
 * (SCREENSHOT_DIR), board-*.png, for a person to look at.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { type Browser, type BrowserContext, type BrowserContextOptions, type Page } from 'playwright-core';
import { launchChromium } from '../support/browser';
import { basicAuth, get, postJson } from '../support/http';
import { ADMIN_PASSWORD, ADMIN_USER, startStack, validLead, waitFor, type Stack } from '../support/stack';

// A project-level testTimeout in jest.config.js is not applied (it is a global option): set it here.
jest.setTimeout(120_000);

const SCREENS = process.env.SCREENSHOT_DIR ?? '/tmp/screens';

const SALES = { username: 'li.na', password: 'Li-Na-Sales-2026' };
const SALES2 = { username: 'wang.wei', password: 'Wang-Wei-Sales-2026' };

let stack: Stack;
let browser: Browser;
const contexts: BrowserContext[] = [];

type Credentials = { username: string; password: string };

async function newPage(credentials: Credentials, options: BrowserContextOptions = {}): Promise<Page> {
  const context = await browser.newContext({
    viewport: { width: 1360, height: 900 },
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
    // Sent with every request: the admin never challenges a browser (it
    // redirects to its login page), so httpCredentials, which answer a
    // challenge, would never go.
    extraHTTPHeaders: basicAuth(credentials.username, credentials.password),
    ...options,
  });
  contexts.push(context);
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('pageerror', (err) => problems.push(`pageerror: ${err.message}`));
  page.on('console', (msg) => {
    if (msg.type() === 'error') problems.push(`console: ${msg.text()}`);
  });
  page.on('dialog', (d) => {
    problems.push(`native dialog: ${d.message()}`);
    void d.dismiss();
  });
  (page as Page & { problems: string[] }).problems = problems;
  return page;
}

function problemsOf(page: Page): string[] {
  return (page as Page & { problems: string[] }).problems;
}

/** A whole-page screenshot; on a phone, what the screen shows (a whole phone page is too tall to look at). */
async function shot(page: Page, name: string, fullPage = (page.viewportSize()?.width ?? 1000) > 600): Promise<void> {
  await page.screenshot({ path: join(SCREENS, `board-${name}.png`), fullPage });
}

function auth(c: Credentials): Record<string, string> {
  return basicAuth(c.username, c.password);
}

/** Posts a lead through the gateway and waits until the worker has stored it and its task. */
async function postLead(overrides: Record<string, unknown> = {}): Promise<{ id: string; name: string; taskId: string }> {
  const body = validLead(overrides);
  const res = await postJson(stack.leadsUrl, body);
  expect(res.status).toBe(202);
  const id: string = res.json().id;
  const [task] = await stack.waitForRows<{ id: string }>('SELECT id FROM follow_up_tasks WHERE lead_id = $1', [id], 20000);
  return { id, name: String(body.name), taskId: task.id };
}

async function apiJson<T = any>(path: string, who: Credentials = SALES): Promise<T> {
  const res = await get(`${stack.adminUrl}${path}`, { headers: { ...auth(who), accept: 'application/json' } });
  expect({ path, status: res.status }).toEqual({ path, status: 200 });
  return res.json<T>();
}

/** The board row (a table row on a desk, a card on a phone) of the lead with this name. */
function rowOf(page: Page, name: string) {
  return page.locator('tr[data-task-row]').filter({ has: page.locator('.lead-link', { hasText: name }) });
}

async function openBoard(page: Page, query = ''): Promise<void> {
  await page.goto(`${stack.adminUrl}/admin${query}`);
  await page.locator('#tasks[aria-busy="false"]').waitFor({ timeout: 15000 });
}

function patchDone(page: Page, taskId: string) {
  return page.waitForResponse((r) => r.url().endsWith(`/admin/tasks/${taskId}`) && r.request().method() === 'PATCH', {
    timeout: 15000,
  });
}

beforeAll(async () => {
  mkdirSync(SCREENS, { recursive: true });
  stack = await startStack({
    workerEnv: {
      STAFF_USERS: `${SALES.username}:${SALES.password},${SALES2.username}:${SALES2.password}`,
      STAFF_EMAILS: `${SALES.username}:li.na@example.com,${SALES2.username}:wang.wei@example.com`,
    },
  });
  browser = await launchChromium();
});

afterEach(async () => {
  for (const context of contexts.splice(0)) await context.close().catch(() => undefined);
});

afterAll(async () => {
  await browser?.close().catch(() => undefined);
  await stack?.stop();
});

describe('GET /admin, the lead page and their assets', () => {
  it('asks for credentials, then serves HTML that is never cached and only loads its own files', async () => {
    const anonymous = await get(`${stack.adminUrl}/admin`);
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get('www-authenticate')).toMatch(/^Basic /);
    expect((await get(`${stack.adminUrl}/admin`, { headers: basicAuth(SALES.username, 'wrong') })).status).toBe(401);

    const page = await get(`${stack.adminUrl}/admin`, { headers: auth(SALES) });
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/^text\/html; charset=utf-8/);
    expect(page.headers.get('cache-control')).toBe('no-store');
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(page.text).toContain('<html lang="zh-CN"');
    expect(page.text).toContain('跟进看板');
    expect(page.text).not.toMatch(/https?:\/\//); // no CDN, nothing external

    const en = await get(`${stack.adminUrl}/admin?lang=en`, { headers: auth(SALES) });
    expect(en.text).toContain('<html lang="en"');
    expect(en.text).toContain('Follow-up board');

    for (const [path, type] of [
      ['/admin/assets/board.js', /^text\/javascript/],
      ['/admin/assets/board.css', /^text\/css/],
    ] as const) {
      expect((await get(`${stack.adminUrl}${path}`)).status).toBe(401);
      const res = await get(`${stack.adminUrl}${path}`, { headers: auth(SALES) });
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toMatch(type);
      const etag = res.headers.get('etag')!;
      expect((await get(`${stack.adminUrl}${path}`, { headers: { ...auth(SALES), 'if-none-match': etag } })).status).toBe(304);
    }
    expect((await get(`${stack.adminUrl}/admin/assets/..%2Fboard.controller.js`, { headers: auth(SALES) })).status).toBe(404);
    // The shell's stylesheet alone is public: the login and personal-link pages load it before anyone signs in.
    const shell = await get(`${stack.adminUrl}/admin/assets/shell.css`);
    expect(shell.status).toBe(200);
    expect(shell.headers.get('content-type')).toMatch(/^text\/css/);

    const missing = await get(`${stack.adminUrl}/admin/board/leads/00000000-0000-4000-8000-000000000000`, {
      headers: auth(SALES),
    });
    expect(missing.status).toBe(404);
    expect(missing.headers.get('content-type')).toMatch(/^text\/html/);
    expect(missing.text).toContain('找不到该客户');
    expect((await get(`${stack.adminUrl}/admin/board/leads/not-a-uuid`, { headers: auth(SALES) })).status).toBe(404);
  });
});

describe('a salesperson at a desk', () => {
  it('sees the new lead with a live countdown, claims it, adds a note and marks it done', async () => {
    // Markup in a name must stay text everywhere (board, lead page).
    const lead = await postLead({ name: `<img src=x onerror="window.__xss=1">张伟${Date.now().toString(36)}` });
    const page = await newPage(SALES);
    await openBoard(page);
    expect(await page.getAttribute('html', 'lang')).toBe('zh-CN');
    expect(await page.locator('.me-name').textContent()).toBe(SALES.username);

    const row = rowOf(page, lead.name);
    await row.waitFor({ timeout: 15000 });
    expect(await row.locator('.lead-link').textContent()).toBe(lead.name);
    expect(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();
    expect(await page.locator('img[src=x]').count()).toBe(0);
    expect(await row.locator('.lead-link').getAttribute('href')).toBe(`/admin/board/leads/${lead.id}`);
    expect(await row.locator('a.contact-link.tel').getAttribute('href')).toBe('tel:+8613812345678');

    // The countdown ticks (the SLA is 30 minutes by default).
    const countdown = row.locator('.countdown');
    const first = (await countdown.textContent())!;
    expect(first).toMatch(/^剩余 (29 分钟 \d+ 秒|30 分钟 0 秒)$/);
    await waitFor(async () => ((await countdown.textContent()) !== first ? true : null), 5000, 'the countdown to tick');
    expect(await row.getAttribute('class')).not.toMatch(/overdue/);
    await shot(page, 'desk-open');

    // Claim: assigned to me and in progress.
    const claimed = patchDone(page, lead.taskId);
    await row.getByRole('button', { name: '认领' }).click();
    expect((await claimed).status()).toBe(200);
    await row.locator('.badge', { hasText: '跟进中' }).waitFor({ timeout: 10000 });
    expect(await row.locator('.assignee').textContent()).toBe(SALES.username);
    expect(await row.getByRole('button', { name: '认领' }).count()).toBe(0);
    let task = (await apiJson(`/admin/tasks?assignee=${SALES.username}`)).items.find((t: any) => t.id === lead.taskId);
    expect(task).toMatchObject({ status: 'in_progress', assignee: SALES.username });

    // The "mine" tab has it.
    await page.getByRole('tab', { name: /我的/ }).click();
    await rowOf(page, lead.name).waitFor({ timeout: 10000 });
    expect(page.url()).toContain('tab=mine');

    // A note.
    const note = '已电话联系,客户下周二上午再约,需要 200 套报价。';
    await rowOf(page, lead.name).getByRole('button', { name: '添加备注' }).click();
    const dialog = page.locator('dialog#dlg');
    await dialog.waitFor({ state: 'visible' });
    expect(await dialog.locator('h2').textContent()).toBe('添加备注');
    await dialog.getByLabel('备注').fill(note);
    await shot(page, 'desk-note-dialog');
    const noted = patchDone(page, lead.taskId);
    await dialog.getByRole('button', { name: '保存' }).click();
    expect((await noted).status()).toBe(200);
    await dialog.waitFor({ state: 'hidden' });
    await rowOf(page, lead.name).locator('.note-text', { hasText: note }).waitFor({ timeout: 10000 });

    // Done needs what came of it, an outcome or a note: with neither the dialog says so and sends nothing.
    await rowOf(page, lead.name).getByRole('button', { name: '标记完成' }).click();
    await dialog.waitFor({ state: 'visible' });
    let patches = 0;
    const countPatches = (r: { method(): string }) => void (r.method() === 'PATCH' && patches++);
    page.on('request', countPatches);
    await dialog.getByRole('button', { name: '标记完成' }).click();
    expect(await dialog.locator('#dlg-error').textContent()).toBe('请选择结果,或写下与客户约定的内容。');
    expect(await dialog.isVisible()).toBe(true);
    expect(patches).toBe(0);
    page.off('request', countPatches);
    const agreed = '已报价 200 套储能设备,3 月 5 日回访确认合同。';
    await dialog.getByLabel('约定内容(可选)').fill(agreed);
    // The outcome: one button each, "not now" picked at first; the five words in the catalog's order.
    const outcome = dialog.getByRole('group', { name: '结果' });
    expect(await outcome.getByRole('radio').count()).toBe(6);
    expect(await outcome.locator('label').allTextContents()).toEqual([
      '暂不选择',
      '成交',
      '有意向',
      '无意向',
      '无效信息',
      '垃圾',
    ]);
    expect(await outcome.getByRole('radio', { name: '暂不选择' }).isChecked()).toBe(true);
    await outcome.getByText('成交', { exact: true }).click();
    expect(await outcome.getByRole('radio', { name: '成交' }).isChecked()).toBe(true);
    await shot(page, 'desk-done-dialog');
    const finished = patchDone(page, lead.taskId);
    await dialog.getByRole('button', { name: '标记完成' }).click();
    expect((await finished).status()).toBe(200);
    expect((await finished).request().postDataJSON()).toEqual({ status: 'done', note: agreed, outcome: 'won' });
    await rowOf(page, lead.name).waitFor({ state: 'detached', timeout: 10000 });

    // Done today lists it, with a reopen button.
    await page.getByRole('tab', { name: /今日完成/ }).click();
    const doneRow = rowOf(page, lead.name);
    await doneRow.waitFor({ timeout: 10000 });
    expect(await doneRow.locator('.done-at').textContent()).toMatch(/^完成于 /);
    expect(await doneRow.getByRole('button', { name: '重新打开' }).count()).toBe(1);
    expect(await doneRow.locator('.badge.outcome').textContent()).toBe('成交');
    await shot(page, 'desk-done-today');

    // The API shows the changes and their history, each by the salesperson.
    const detail = await apiJson(`/admin/leads/${lead.id}`);
    expect(detail.task).toMatchObject({ status: 'done', assignee: SALES.username, note: agreed, outcome: 'won' });
    const history: any[] = detail.task.history;
    expect(history.length).toBeGreaterThanOrEqual(3);
    for (const h of history.filter((x) => x.actor !== 'system')) expect(h.actor).toBe(SALES.username);
    expect(history).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ fromStatus: 'open', toStatus: 'in_progress', toAssignee: SALES.username }),
        expect.objectContaining({ note }),
        expect.objectContaining({ fromStatus: 'in_progress', toStatus: 'done', note: agreed }),
      ]),
    );
    task = (await apiJson('/admin/tasks?status=done')).items.find((t: any) => t.id === lead.taskId);
    expect(task).toMatchObject({ status: 'done', note: agreed });

    // The lead page: every field, the history and the delivery log.
    await doneRow.locator('.lead-link').click();
    await page.waitForURL(`**/admin/board/leads/${lead.id}`);
    expect(await page.locator('h1').textContent()).toContain(lead.name);
    expect(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();
    const fields = page.locator('main');
    expect(await fields.locator('a.contact-link.tel').getAttribute('href')).toBe('tel:+8613812345678');
    const mailto = await fields.locator('a.contact-link.mail').getAttribute('href');
    expect(mailto).toMatch(/^mailto:zhang\..+@example\.com$/);
    expect(await fields.locator('[data-field=company] dd').textContent()).toBe('上海某某科技有限公司');
    expect(await fields.locator('[data-field=requirement] dd').textContent()).toBe('需要 200 套储能设备的报价');
    expect(await fields.locator('[data-field=consent] dd').textContent()).toBe('已同意');
    expect(await fields.locator('[data-field=id] dd').textContent()).toBe(lead.id);
    expect(await fields.locator('[data-field=outcome] dd').textContent()).toBe('成交');
    for (const f of ['receivedAt', 'ip', 'userAgent', 'utm', 'extras', 'page', 'privacyPolicyVersion']) {
      expect(await fields.locator(`[data-field=${f}]`).count()).toBe(1);
    }
    const historyRows = page.locator('table.history tbody tr');
    expect(await historyRows.count()).toBe(history.length);
    expect(await page.locator('table.history').textContent()).toContain(agreed);
    const delivery = page.locator('table.delivery tbody tr');
    expect(await delivery.count()).toBeGreaterThanOrEqual(1);
    const alertRow = delivery.filter({ hasText: '新需求提醒' });
    expect(await alertRow.locator('.badge').textContent()).toBe('已发送');
    expect(await alertRow.textContent()).toContain(`<lead-${lead.id}@youpower.com.cn>`);
    await shot(page, 'desk-lead');

    // Reopen from the lead page.
    const reopened = patchDone(page, lead.taskId);
    await page.locator('.task-card').getByRole('button', { name: '重新打开' }).click();
    expect((await reopened).status()).toBe(200);
    await page.locator('.task-card .badge', { hasText: '待跟进' }).waitFor({ timeout: 10000 });
    expect((await apiJson(`/admin/leads/${lead.id}`)).task.status).toBe('open');
    await page.locator('.toast', { hasText: '已重新打开' }).waitFor({ state: 'attached', timeout: 5000 });
    expect(problemsOf(page)).toEqual([]);
  });

  it('resends the alert from the lead page and the delivery log shows it', async () => {
    const lead = await postLead();
    await stack.sink.waitForLead(lead.id, 20000);
    const page = await newPage(SALES);
    await page.goto(`${stack.adminUrl}/admin/board/leads/${lead.id}`);
    const before = await page.locator('table.delivery tbody tr').count();
    expect(before).toBeGreaterThanOrEqual(1);

    await page.getByRole('button', { name: '重发提醒' }).click();
    const dialog = page.locator('dialog#dlg');
    await dialog.waitFor({ state: 'visible' });
    const resend = page.waitForResponse((r) => r.url().endsWith(`/admin/leads/${lead.id}/resend`), { timeout: 15000 });
    // After the POST the page reloads itself and says what happened.
    const reloaded = page.waitForEvent('load', { timeout: 15000 });
    await dialog.getByRole('button', { name: '重发提醒' }).click();
    expect((await resend).status()).toBe(202);
    await reloaded;
    await page.locator('.toast', { hasText: '已安排重发' }).waitFor({ state: 'attached', timeout: 5000 });
    await waitFor(
      async () => ((await apiJson(`/admin/leads/${lead.id}`)).notifications.length > before ? true : null),
      20000,
      'the resend in the delivery log',
    );
    await page.reload();
    expect(await page.locator('table.delivery tbody tr').count()).toBeGreaterThan(before);
    await shot(page, 'desk-lead-resent');
    expect(problemsOf(page)).toEqual([]);
  });

  it('lets the admin assign a task to a salesperson from the list', async () => {
    const lead = await postLead();
    const page = await newPage({ username: ADMIN_USER, password: ADMIN_PASSWORD });
    await openBoard(page, '?tab=unassigned');
    expect(await page.getByRole('tab', { name: /未分配/ }).getAttribute('aria-selected')).toBe('true');
    const row = rowOf(page, lead.name);
    await row.waitFor({ timeout: 15000 });
    // The staff list comes from GET /admin/me.
    const select = row.locator('select[data-action=assign]');
    await waitFor(
      async () => ((await select.locator('option', { hasText: SALES2.username }).count()) > 0 ? true : null),
      10000,
      'staff options',
    );
    const assigned = patchDone(page, lead.taskId);
    await select.selectOption(SALES2.username);
    expect((await assigned).status()).toBe(200);
    await rowOf(page, lead.name).waitFor({ state: 'detached', timeout: 10000 });
    const detail = await apiJson(`/admin/leads/${lead.id}`, { username: ADMIN_USER, password: ADMIN_PASSWORD });
    expect(detail.task).toMatchObject({ status: 'open', assignee: SALES2.username });
    expect(detail.task.history.at(-1)).toMatchObject({ actor: ADMIN_USER, toAssignee: SALES2.username });

    // Wang Wei sees it under "mine" and starts it (it is his already: no claim).
    const other = await newPage(SALES2);
    await openBoard(other, '?tab=mine');
    const mine = rowOf(other, lead.name);
    await mine.waitFor({ timeout: 15000 });
    expect(await mine.getByRole('button', { name: '认领' }).count()).toBe(0);
    const claimed = patchDone(other, lead.taskId);
    await mine.getByRole('button', { name: '开始跟进' }).click();
    expect((await claimed).status()).toBe(200);
    await mine.locator('.badge', { hasText: '跟进中' }).waitFor({ timeout: 10000 });
    expect(problemsOf(page)).toEqual([]);
    expect(problemsOf(other)).toEqual([]);
  });

  it('marks overdue tasks in red with "逾期 N 分钟" and lists them under the overdue tab', async () => {
    const lead = await postLead();
    await stack.db.query(`UPDATE follow_up_tasks SET due_at = now() - interval '12 minutes 30 seconds' WHERE id = $1`, [
      lead.taskId,
    ]);
    const page = await newPage(SALES);
    await openBoard(page, '?tab=overdue');
    const row = rowOf(page, lead.name);
    await row.waitFor({ timeout: 15000 });
    expect(await row.locator('.countdown').textContent()).toBe('逾期 12 分钟');
    expect(await row.getAttribute('class')).toMatch(/\boverdue\b/);
    const color = await row.locator('.countdown').evaluate((el) => getComputedStyle(el).color);
    expect(color).toBe('rgb(180, 35, 24)');
    const badge = page.locator('[data-count=overdue]');
    await badge.waitFor({ state: 'visible', timeout: 10000 });
    expect(Number((await badge.textContent())!.replace('+', ''))).toBeGreaterThanOrEqual(1);
    await shot(page, 'desk-overdue');
    expect(problemsOf(page)).toEqual([]);
  });

  it('speaks English with ?lang=en', async () => {
    const lead = await postLead({ name: `Alice Chen ${Date.now().toString(36)}` });
    const page = await newPage(SALES, { locale: 'en-GB' });
    await openBoard(page, '?lang=en');
    expect(await page.getAttribute('html', 'lang')).toBe('en');
    const row = rowOf(page, lead.name);
    await row.waitFor({ timeout: 15000 });
    expect(await row.locator('.countdown').textContent()).toMatch(/^(29 min \d+ s|30 min 0 s) left$/);
    expect(await row.getByRole('button', { name: 'Claim' }).count()).toBe(1);
    expect(await page.getByRole('tab', { name: /Done today/ }).count()).toBe(1);
    expect(await row.locator('.lead-link').getAttribute('href')).toBe(`/admin/board/leads/${lead.id}?lang=en`);
    await shot(page, 'desk-en');
    await row.locator('.lead-link').click();
    await page.waitForURL(/lang=en$/);
    expect(await page.getByRole('heading', { name: 'Delivery log' }).count()).toBe(1);
    expect(await page.getByRole('button', { name: 'Resend alert' }).count()).toBe(1);
    await shot(page, 'desk-en-lead');
    expect(problemsOf(page)).toEqual([]);
  });
});

describe('a salesperson on a phone (390x844)', () => {
  const phone: BrowserContextOptions = {
    viewport: { width: 390, height: 844 },
    isMobile: true,
    hasTouch: true,
    deviceScaleFactor: 2,
  };

  it('sees cards that fit the screen, taps to call, claims and marks done', async () => {
    const lead = await postLead();
    const page = await newPage(SALES, phone);
    await openBoard(page);
    const card = rowOf(page, lead.name);
    await card.waitFor({ timeout: 15000 });

    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    expect(await page.locator('table.tasks thead').isVisible()).toBe(false);
    expect(await card.evaluate((el) => getComputedStyle(el).display)).toBe('grid');
    const cardBox = (await card.boundingBox())!;
    expect(cardBox.x).toBeGreaterThanOrEqual(0);
    expect(cardBox.x + cardBox.width).toBeLessThanOrEqual(390);
    for (const target of [
      card.locator('a.contact-link.tel'),
      card.getByRole('button', { name: '认领' }),
      card.getByRole('button', { name: '标记完成' }),
      page.getByRole('tab', { name: /我的/ }),
    ]) {
      const box = (await target.boundingBox())!;
      expect(box.height).toBeGreaterThanOrEqual(44);
      expect(box.x + box.width).toBeLessThanOrEqual(390);
    }
    expect(await card.locator('a.contact-link.tel').getAttribute('href')).toBe('tel:+8613812345678');
    await shot(page, 'phone-board');

    const claimed = patchDone(page, lead.taskId);
    await card.getByRole('button', { name: '认领' }).tap();
    expect((await claimed).status()).toBe(200);
    await card.locator('.badge', { hasText: '跟进中' }).waitFor({ timeout: 10000 });

    await card.getByRole('button', { name: '标记完成' }).tap();
    const dialog = page.locator('dialog#dlg');
    await dialog.waitFor({ state: 'visible' });
    const dialogBox = (await dialog.boundingBox())!;
    expect(dialogBox.x).toBeGreaterThanOrEqual(0);
    expect(dialogBox.x + dialogBox.width).toBeLessThanOrEqual(390);
    // The outcomes are buttons for a thumb, inside the screen.
    for (const box of await Promise.all((await dialog.locator('#dlg-choice label').all()).map((b) => b.boundingBox()))) {
      expect(box!.height).toBeGreaterThanOrEqual(44);
      expect(box!.x + box!.width).toBeLessThanOrEqual(390);
    }
    await dialog.getByLabel('约定内容(可选)').fill('电话沟通:客户确认采购 10 台,合同下周寄出。');
    await shot(page, 'phone-done-dialog');
    const finished = patchDone(page, lead.taskId);
    await dialog.getByRole('button', { name: '标记完成' }).tap();
    expect((await finished).status()).toBe(200);
    // No outcome picked: none is sent, none is recorded.
    expect((await finished).request().postDataJSON()).not.toHaveProperty('outcome');
    await rowOf(page, lead.name).waitFor({ state: 'detached', timeout: 10000 });
    expect((await apiJson(`/admin/leads/${lead.id}`)).task).toMatchObject({
      status: 'done',
      assignee: SALES.username,
      outcome: null,
    });

    // The lead page on the phone.
    await page.goto(`${stack.adminUrl}/admin/board/leads/${lead.id}`);
    const overflowLead = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflowLead).toBeLessThanOrEqual(0);
    const tel = page.locator('section[aria-labelledby=s-lead] a.contact-link.tel');
    expect((await tel.boundingBox())!.height).toBeGreaterThanOrEqual(44);
    expect(await page.locator('table.delivery tbody tr').count()).toBeGreaterThanOrEqual(1);
    await shot(page, 'phone-lead');
    await page.locator('#s-task').scrollIntoViewIfNeeded();
    await page.evaluate(() => document.getElementById('s-task')!.scrollIntoView({ block: 'start' }));
    await shot(page, 'phone-lead-task');
    await page.evaluate(() => document.getElementById('s-history')!.scrollIntoView({ block: 'start' }));
    await shot(page, 'phone-lead-history');
    expect(problemsOf(page)).toEqual([]);
  });

  it('erases the personal data after a confirm step', async () => {
    const lead = await postLead();
    await stack.sink.waitForLead(lead.id, 20000);
    // Erasure is the admin's under staff roles (it was any staff member's before).
    const page = await newPage({ username: ADMIN_USER, password: ADMIN_PASSWORD }, phone);
    await page.goto(`${stack.adminUrl}/admin/board/leads/${lead.id}`);
    await page.getByRole('button', { name: '删除个人信息' }).tap();
    const dialog = page.locator('dialog#dlg');
    await dialog.waitFor({ state: 'visible' });
    expect(await dialog.textContent()).toContain('无法撤销');
    await shot(page, 'phone-erase-confirm');

    // Cancel first: nothing happens.
    await dialog.getByRole('button', { name: '取消' }).tap();
    await dialog.waitFor({ state: 'hidden' });
    expect((await apiJson(`/admin/leads/${lead.id}`)).lead.erasedAt ?? null).toBeNull();

    await page.getByRole('button', { name: '删除个人信息' }).tap();
    await dialog.waitFor({ state: 'visible' });
    const erased = page.waitForResponse((r) => r.url().endsWith(`/admin/leads/${lead.id}`) && r.request().method() === 'DELETE', {
      timeout: 15000,
    });
    await dialog.getByRole('button', { name: '确认删除' }).tap();
    expect((await erased).status()).toBe(200);
    // Erasure blanks the personal fields (the page says so) or removes the row (the page is a 404).
    await page.locator('.banner.erased, h1:has-text("找不到该客户")').first().waitFor({ timeout: 10000 });
    expect(await page.locator('main').textContent()).not.toContain(lead.name);
    expect(await page.getByRole('button', { name: '删除个人信息' }).count()).toBe(0);
    const after = await get(`${stack.adminUrl}/admin/leads/${lead.id}`, {
      headers: { ...auth(SALES), accept: 'application/json' },
    });
    if (after.status === 200) {
      expect(after.json().lead.erasedAt).toBeTruthy();
      expect(after.text).not.toContain(lead.name);
    } else expect(after.status).toBe(404);
    await shot(page, 'phone-erased');
    expect(problemsOf(page)).toEqual([]);
  });
});
