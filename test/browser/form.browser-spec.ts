/**
 * The public 需求描述 form in a real browser (Debian's chromium driven by
 * playwright-core), through the built gateway and worker to the alert email:
 * with JavaScript (fetch, inline errors, busy button, reference id), without
 * it (plain post, 303 to the thank-you page, the form again with what was
 * typed and the errors), on a phone-sized viewport, and embedded on another
 * site with /embed.js (CORS). Screenshots of every state go to /tmp/screens
 * (SCREENSHOT_DIR) for a person to look at.
 */
import { mkdirSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { type Browser, type BrowserContext, type BrowserContextOptions, type Page } from 'playwright-core';
import { launchChromium } from '../support/browser';
import { get } from '../support/http';
import { startStack, waitFor, type Stack } from '../support/stack';
import { sleep } from '../support/wait';

// The callbacks given to page.evaluate run in the browser; the project's TS lib has no DOM types.
declare const document: any;
declare function getComputedStyle(el: unknown): { display: string; outlineStyle: string; fontSize: string };

const SCREENS = process.env.SCREENSHOT_DIR ?? '/tmp/screens';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const PRIVACY_URL = 'https://www.youpower.com.cn/privacy';
const COMPANY = '上海优能科技有限公司';
const HOTLINE = '400-800-1234';
// The timing token must be at least this old when the form is posted.
const MIN_FILL_SECONDS = 1;

let stack: Stack;
let browser: Browser;
let site: Server;
let siteOrigin: string;
const contexts: BrowserContext[] = [];
let serial = 0;

/** A name unique in this run, so each email can be told apart. */
function uniqueName(base: string): string {
  return `${base}${Date.now().toString(36)}${(serial++).toString(36)}`;
}

async function newPage(options: BrowserContextOptions = {}): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'zh-CN', ...options });
  contexts.push(context);
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('pageerror', (err) => problems.push(`pageerror: ${err.message}`));
  page.on('console', (msg) => {
    // A 400 answer to a post with errors is logged by the browser; that one is expected.
    if (msg.type() === 'error' && !/status of 400 \(Bad Request\)/.test(msg.text())) problems.push(`console: ${msg.text()}`);
  });
  (page as Page & { problems: string[] }).problems = problems;
  return page;
}

/** Script errors and failed loads on the page (CSP violations included). */
function problemsOf(page: Page): string[] {
  return (page as Page & { problems: string[] }).problems;
}

async function shot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: join(SCREENS, `${name}.png`), fullPage: true });
}

/**
 * The lead id behind the reference a thank-you box shows: the box shows the
 * short reference (the id's first 8 hex digits in capitals) and keeps the
 * full id in data-lead-id.
 */
async function shownLeadId(page: Page, selector: string): Promise<string> {
  const code = page.locator(selector);
  const id = (await code.getAttribute('data-lead-id')) ?? '';
  expect((await code.textContent())?.trim()).toBe(id.slice(0, 8).toUpperCase());
  return id;
}

/** The page's token is time-stamped when served; a human takes longer than MIN_FILL_SECONDS. */
async function openForm(page: Page, path = '/'): Promise<() => Promise<void>> {
  await page.goto(`${stack.gatewayUrl}${path}`);
  const servedAt = Date.now();
  return async () => {
    const wait = MIN_FILL_SECONDS * 1000 + 300 - (Date.now() - servedAt);
    if (wait > 0) await page.waitForTimeout(wait);
  };
}

beforeAll(async () => {
  mkdirSync(SCREENS, { recursive: true });
  // Another origin, standing in for a page of the company's website that embeds the form.
  site = createServer((req, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(embeddingPage(stack.gatewayUrl));
  });
  await new Promise<void>((resolve) => site.listen(0, '127.0.0.1', resolve));
  siteOrigin = `http://127.0.0.1:${(site.address() as AddressInfo).port}`;

  stack = await startStack({
    gatewayEnv: {
      MIN_FILL_SECONDS: String(MIN_FILL_SECONDS),
      COMPANY_NAME: COMPANY,
      PRIVACY_POLICY_URL: PRIVACY_URL,
      CONSENT_REQUIRED: 'true',
      CORS_ORIGINS: siteOrigin,
      CONTACT_HOTLINE: HOTLINE,
    },
  });
  browser = await launchChromium();
});

afterEach(async () => {
  for (const context of contexts.splice(0)) await context.close().catch(() => undefined);
});

afterAll(async () => {
  await browser?.close().catch(() => undefined);
  await new Promise((resolve) => (site ? site.close(resolve) : resolve(undefined)));
  await stack?.stop();
});

describe('GET / and its assets', () => {
  it('serves the form uncached (its token is time-based) and the assets with types and a cache header', async () => {
    const page = await get(`${stack.gatewayUrl}/`, { headers: { 'accept-language': 'en-US,en;q=0.9' } });
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/^text\/html; charset=utf-8/);
    expect(page.headers.get('cache-control')).toBe('no-store');
    expect(page.text).toContain('<html lang="en"');

    expect((await get(`${stack.gatewayUrl}/`)).text).toContain('<html lang="zh-CN"');
    expect((await get(`${stack.gatewayUrl}/?lang=en`, { headers: { 'accept-language': 'zh-CN' } })).text).toContain(
      '<html lang="en"',
    );

    for (const [path, type] of [
      ['/assets/form.js', /^text\/javascript/],
      ['/assets/form.css', /^text\/css/],
      ['/embed.js', /^text\/javascript/],
    ] as const) {
      const res = await get(`${stack.gatewayUrl}${path}`);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toMatch(type);
      expect(res.headers.get('cache-control')).toMatch(/max-age=\d+/);
      const etag = res.headers.get('etag')!;
      expect((await get(`${stack.gatewayUrl}${path}`, { headers: { 'if-none-match': etag } })).status).toBe(304);
    }
  });
});

describe('with JavaScript, in Chinese', () => {
  it('submits with fetch, shows the busy button, then the reference id; the alert reaches the SMTP server', async () => {
    const page = await newPage();
    const ready = await openForm(page);

    expect(await page.getAttribute('html', 'lang')).toBe('zh-CN');
    await expect(page.getByText('您提交表格后，我们会即刻与您联系').isVisible()).resolves.toBe(true);
    const policy = page.getByRole('link', { name: /《隐私政策》/ });
    expect(await policy.getAttribute('href')).toBe(PRIVACY_URL);

    // The honeypot: off-screen, out of the tab order and hidden from screen readers, but not display:none.
    const gotcha = page.locator('input[name="_gotcha"]');
    expect(await gotcha.getAttribute('tabindex')).toBe('-1');
    expect(await gotcha.getAttribute('autocomplete')).toBe('off');
    expect(await gotcha.evaluate((el) => !!el.closest('[aria-hidden="true"]'))).toBe(true);
    expect(await gotcha.evaluate((el) => getComputedStyle(el).display)).not.toBe('none');
    const box = await gotcha.boundingBox();
    expect(box && box.x + box.width).toBeLessThanOrEqual(0);

    // Keyboard: Tab walks the visible fields in order, never the honeypot, with a visible focus ring.
    await page.locator('body').focus();
    const visited: string[] = [];
    for (let i = 0; i < 12; i++) {
      await page.keyboard.press('Tab');
      const focused = await page.evaluate(() => {
        const el = document.activeElement;
        return {
          key: el.getAttribute('name') ?? el.textContent?.trim() ?? el.tagName,
          outline: getComputedStyle(el).outlineStyle,
        };
      });
      visited.push(focused.key);
      expect(focused.outline).not.toBe('none');
      if (focused.key === '提交') break;
    }
    expect(visited).not.toContain('_gotcha');
    expect(visited.filter((k) => ['name', 'company', 'phone', 'email', 'requirement', 'consent'].includes(k))).toEqual([
      'name',
      'company',
      'phone',
      'email',
      'requirement',
      'consent',
    ]);

    const name = uniqueName('王小明');
    const requirement = '我们需要 200 套储能设备的报价,<交期> 30 天内 & 含安装。';
    await page.getByLabel('姓名').fill(name);
    await page.getByLabel('公司').fill('杭州某某新能源有限公司');
    await page.getByLabel('电话').fill('138 1234 5678');
    await page.getByLabel('邮箱').fill(`${name}@example.com`.replace(/[^\x00-\x7f]/g, 'x'));
    await page.getByLabel('需求描述').fill(requirement);
    await page.getByLabel('我已阅读并同意').check();
    // The live character counter.
    await expect(page.locator('#f-requirement-counter').textContent()).resolves.toMatch(
      new RegExp(`^\\s*${requirement.length} / 5000\\s*$`),
    );
    await shot(page, 'zh-js-filled');

    // Hold the answer back a little so the busy state can be seen.
    await page.route('**/api/leads', async (route) => {
      await sleep(800);
      await route.continue();
    });
    await ready();
    const requestSeen = page.waitForRequest((r) => r.url().endsWith('/api/leads') && r.method() === 'POST');
    await page.getByRole('button', { name: '提交' }).click();
    const button = page.locator('button[type="submit"]');
    await waitFor(() => button.isDisabled(), 2000, 'the button to be disabled while sending');
    expect((await button.textContent())?.trim()).toBe('提交中…');
    await shot(page, 'zh-js-sending');

    const request = await requestSeen;
    expect(request.headers()['accept']).toBe('application/json');
    expect(request.headers()['accept-language']).toMatch(/^zh/);
    expect(request.headers()['content-type']).toMatch(/^application\/json/);
    const sent = JSON.parse(request.postData() ?? '{}');
    expect(sent).toMatchObject({ name, _lang: 'zh', _gotcha: '', consent: 'on' });
    expect(sent._token).toMatch(/\./);

    const thanks = page.locator('.thanks');
    await thanks.waitFor({ state: 'visible', timeout: 10000 });
    expect(await thanks.textContent()).toContain('提交成功');
    const id = await shownLeadId(page, '.thanks .lead-id');
    expect(id).toMatch(UUID);
    expect(await thanks.textContent()).toContain('工作时间内尽快与您联系');
    expect(await thanks.getByRole('link', { name: HOTLINE }).getAttribute('href')).toBe('tel:4008001234');
    // Focus moves to the confirmation, so screen readers announce it.
    expect(await page.evaluate(() => document.activeElement?.classList.contains('thanks'))).toBe(true);
    await shot(page, 'zh-js-thanks');

    const email = await stack.sink.waitForLead(id, 20000);
    expect(email.header('x-lead-id')).toBe(id);
    expect(email.mail.subject).toContain(name);
    expect(email.mail.text).toContain(requirement);
    const [row] = await stack.waitForRows('SELECT consent, phone FROM leads WHERE id = $1', [id]);
    expect(row).toEqual({ consent: true, phone: '+8613812345678' });
    expect(problemsOf(page)).toEqual([]);
  });
});

describe('GET /privacy, the default policy', () => {
  it("opens as a page in the form's language, with no script or style error, and switches language", async () => {
    const page = await newPage({ javaScriptEnabled: false });
    await page.goto(`${stack.gatewayUrl}/privacy?lang=zh`);
    expect(await page.getAttribute('html', 'lang')).toBe('zh-CN');
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('隐私政策');
    expect(await page.getByRole('heading', { level: 2 }).count()).toBe(7);
    expect(await page.textContent('body')).toContain(COMPANY);
    expect(await page.getByRole('link', { name: HOTLINE }).getAttribute('href')).toBe('tel:4008001234');
    await shot(page, 'privacy-zh');
    await page.getByRole('link', { name: 'English' }).click();
    await page.waitForURL(/\/privacy\?lang=en$/);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Privacy Policy');
    expect(problemsOf(page)).toEqual([]);
  });
});

describe('with JavaScript, in English (language switch)', () => {
  it('shows each field error inline, moves focus to the first, then succeeds once fixed', async () => {
    const page = await newPage();
    await openForm(page);
    await page.getByRole('link', { name: 'English' }).click();
    await page.waitForURL(/\?lang=en$/);
    const ready = async () => page.waitForTimeout(MIN_FILL_SECONDS * 1000 + 300);
    expect(await page.getAttribute('html', 'lang')).toBe('en');
    expect(await page.getByText('Once you submit the form, we will contact you right away.').isVisible()).toBe(true);

    const name = uniqueName('Alice Chen ');
    await page.getByLabel('Name').fill(name);
    await page.getByLabel('Phone').fill('abc');
    await ready();
    await page.getByRole('button', { name: 'Submit' }).click();

    const phoneError = page.locator('#f-phone-error');
    await phoneError.waitFor({ state: 'visible', timeout: 10000 });
    expect(await phoneError.textContent()).toMatch(/valid mobile or landline number/i);
    expect(await page.locator('#f-requirement-error').textContent()).toMatch(/Requirement is required/);
    expect(await page.locator('#f-consent-error').textContent()).toMatch(/privacy policy/i);
    expect(await page.locator('#f-name-error').isVisible()).toBe(false);
    for (const id of ['f-phone', 'f-requirement', 'f-consent']) {
      expect(await page.getAttribute(`#${id}`, 'aria-invalid')).toBe('true');
      expect(await page.getAttribute(`#${id}`, 'aria-describedby')).toContain(`${id}-error`);
    }
    expect(await page.getAttribute('#f-name', 'aria-invalid')).toBeNull();
    const summary = page.getByRole('alert').filter({ hasText: 'Please correct the following' });
    expect(await summary.isVisible()).toBe(true);
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('f-phone');
    // What was typed is still there.
    expect(await page.getByLabel('Name').inputValue()).toBe(name);
    await shot(page, 'en-js-errors');

    await page.getByLabel('Phone').fill('+86 21 5290 8189');
    await page.getByLabel('Your requirement').fill('A quote for 50 battery storage units, delivery to Ningbo.');
    await page.getByLabel('I have read and agree').check();
    await page.getByRole('button', { name: 'Submit' }).click();
    const thanks = page.locator('.thanks');
    await thanks.waitFor({ state: 'visible', timeout: 10000 });
    expect(await thanks.textContent()).toContain('Thank you');
    const id = await shownLeadId(page, '.thanks .lead-id');
    expect(id).toMatch(UUID);
    expect(await page.getByRole('alert').filter({ hasText: 'Please correct' }).count()).toBe(0);
    await shot(page, 'en-js-thanks');

    const email = await stack.sink.waitForLead(id, 20000);
    expect(email.mail.subject).toContain(name);
    expect(problemsOf(page)).toEqual([]);
  });
});

describe('with JavaScript, when the post does not go through', () => {
  it('keeps the form and what was typed, and says what happened: 429, 503, network failure', async () => {
    const page = await newPage({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
    const ready = await openForm(page);
    const name = uniqueName('陈静');
    await page.getByLabel('姓名').fill(name);
    await page.getByLabel('电话').fill('13612345678');
    await page.getByLabel('需求描述').fill('网络不好时也不能丢掉我写的内容。');
    await page.getByLabel('我已阅读并同意').check();
    await ready();

    const answers: Array<(route: import('playwright-core').Route) => Promise<void>> = [
      (route) =>
        route.fulfill({
          status: 429,
          headers: { 'retry-after': '42', 'content-type': 'application/json' },
          body: '{"statusCode":429,"message":"Too many submissions, retry later","retryAfter":42}',
        }),
      (route) =>
        route.fulfill({
          status: 503,
          headers: { 'retry-after': '5', 'content-type': 'application/json' },
          body: '{"status":"unavailable"}',
        }),
      (route) => route.abort('internetdisconnected'),
    ];
    const expected = [/提交过于频繁，请 42 秒后再试/, /系统暂时繁忙.*5 秒后/, /网络连接失败/];
    const shots = ['js-429', 'js-503', 'js-network-error'];
    for (let i = 0; i < answers.length; i++) {
      await page.route('**/api/leads', answers[i]);
      await page.getByRole('button', { name: '提交' }).tap();
      const status = page.locator('#form-status');
      await waitFor(async () => expected[i].test((await status.textContent()) ?? ''), 5000, `message ${expected[i]}`);
      expect(await status.getAttribute('role')).toBe('alert');
      // Nothing lost, and the button is usable again.
      expect(await page.getByLabel('姓名').inputValue()).toBe(name);
      expect(await page.locator('button[type="submit"]').isEnabled()).toBe(true);
      await shot(page, shots[i]);
      await page.unroute('**/api/leads');
    }

    // And once the network is back, the same button sends it.
    await page.getByRole('button', { name: '提交' }).tap();
    await page.locator('.thanks').waitFor({ state: 'visible', timeout: 10000 });
    const id = await shownLeadId(page, '.thanks .lead-id');
    expect((await stack.sink.waitForLead(id, 20000)).mail.subject).toContain(name);
  });
});

describe('without JavaScript', () => {
  it('posts the plain form and lands on the thank-you page with the id', async () => {
    const page = await newPage({ javaScriptEnabled: false });
    const ready = await openForm(page);
    expect(await page.locator('#f-requirement-counter').isVisible()).toBe(false);

    const name = uniqueName('李雷');
    await page.getByLabel('姓名').fill(name);
    await page.getByLabel('电话').fill('13912345678');
    await page.getByLabel('需求描述').fill('无脚本提交:需要光伏逆变器方案。');
    await page.getByLabel('我已阅读并同意').check();
    await ready();
    const post = page.waitForResponse((r) => r.url().endsWith('/api/leads') && r.request().method() === 'POST');
    await page.getByRole('button', { name: '提交' }).click();
    expect((await post).status()).toBe(303);
    await page.waitForURL(/\/thanks\?id=/);
    const id = new URL(page.url()).searchParams.get('id')!;
    expect(id).toMatch(UUID);
    // The short reference, when we will call, and a way back: no dead end.
    expect(await page.locator('code.lead-ref').textContent()).toBe(id.slice(0, 8).toUpperCase());
    expect(await page.textContent('body')).toContain('工作时间内尽快与您联系');
    expect(await page.getByRole('link', { name: '返回网站首页' }).getAttribute('href')).toBe(siteOrigin);
    await shot(page, 'nojs-thanks');

    const email = await stack.sink.waitForLead(id, 20000);
    expect(email.mail.subject).toContain(name);
  });

  it('answers a bad post with the form again: what was typed, each error next to its field', async () => {
    const page = await newPage({ javaScriptEnabled: false });
    const ready = await openForm(page);

    const name = uniqueName('韩梅梅');
    const company = 'A&B "国际" <贸易>';
    const requirement = '需要报价:<b>100 台</b> & "加急"\n第二行';
    await page.getByLabel('姓名').fill(name);
    await page.getByLabel('公司').fill(company);
    await page.getByLabel('电话').fill('12345');
    await page.getByLabel('需求描述').fill(requirement);
    await page.getByLabel('我已阅读并同意').check();
    await ready();
    const post = page.waitForResponse((r) => r.url().endsWith('/api/leads') && r.request().method() === 'POST');
    await page.getByRole('button', { name: '提交' }).click();
    expect((await post).status()).toBe(400);
    await page.waitForLoadState();

    // The same form, in the same language, with the values kept (escaped, not interpreted).
    expect(await page.getAttribute('html', 'lang')).toBe('zh-CN');
    expect(await page.getByLabel('姓名').inputValue()).toBe(name);
    expect(await page.getByLabel('公司').inputValue()).toBe(company);
    expect(await page.getByLabel('电话').inputValue()).toBe('12345');
    expect((await page.getByLabel('需求描述').inputValue()).replace(/\r\n/g, '\n')).toBe(requirement);
    expect(await page.getByLabel('我已阅读并同意').isChecked()).toBe(true);
    expect(await page.locator('b').count()).toBe(0);

    const phoneError = page.locator('#f-phone-error');
    expect(await phoneError.isVisible()).toBe(true);
    expect(await phoneError.textContent()).toContain('有效的手机号或座机号');
    expect(await page.getAttribute('#f-phone', 'aria-invalid')).toBe('true');
    expect(await page.getAttribute('#f-phone', 'aria-describedby')).toContain('f-phone-error');
    expect(await page.getByRole('alert').filter({ hasText: '有效的手机号或座机号' }).first().isVisible()).toBe(true);
    await shot(page, 'nojs-errors');

    // Fixing the phone and posting again goes through.
    await page.getByLabel('电话').fill('13812345678');
    const second = page.waitForResponse((r) => r.url().endsWith('/api/leads') && r.request().method() === 'POST');
    await page.getByRole('button', { name: '提交' }).click();
    expect((await second).status()).toBe(303);
    await page.waitForURL(/\/thanks\?id=/);
    const id = new URL(page.url()).searchParams.get('id')!;
    const email = await stack.sink.waitForLead(id, 20000);
    expect(email.mail.subject).toContain(name);
  });
});

describe('on a phone (390x844)', () => {
  it('fits the screen with 44px targets, shows errors and the thank-you state', async () => {
    const page = await newPage({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 });
    const ready = await openForm(page);

    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    for (const selector of [
      '#f-name',
      '#f-company',
      '#f-phone',
      '#f-email',
      '#f-requirement',
      'label[for="f-consent"]',
      'button[type="submit"]',
      '.lang-switch',
    ]) {
      const box = await page.locator(selector).boundingBox();
      expect({ selector, height: box!.height >= 44 }).toEqual({ selector, height: true });
      expect(box!.x).toBeGreaterThanOrEqual(0);
      expect(box!.x + box!.width).toBeLessThanOrEqual(390);
    }
    // 16px inputs: no zoom-on-focus on phones.
    expect(await page.locator('#f-name').evaluate((el) => getComputedStyle(el).fontSize)).toBe('16px');
    await shot(page, 'phone-empty');

    await ready();
    await page.getByRole('button', { name: '提交' }).tap();
    await page.locator('#f-name-error').waitFor({ state: 'visible', timeout: 10000 });
    expect(await page.locator('#f-phone-error').textContent()).toContain('至少填写电话或邮箱');
    expect(await page.locator('#f-requirement-error').textContent()).toContain('请填写需求描述');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('f-name');
    await shot(page, 'phone-errors');

    const name = uniqueName('赵敏');
    await page.getByLabel('姓名').fill(name);
    await page.getByLabel('邮箱').fill(`zhao.${Date.now()}@example.com`);
    await page.getByLabel('需求描述').fill('手机上提交:需要 10 kWh 家用储能。');
    await page.getByLabel('我已阅读并同意').tap();
    await page.getByRole('button', { name: '提交' }).tap();
    await page.locator('.thanks').waitFor({ state: 'visible', timeout: 10000 });
    const id = await shownLeadId(page, '.thanks .lead-id');
    expect(id).toMatch(UUID);
    expect(await page.locator('#f-name-error').count()).toBe(0);
    await shot(page, 'phone-thanks');
    expect((await stack.sink.waitForLead(id, 20000)).mail.subject).toContain(name);
    expect(problemsOf(page)).toEqual([]);
  });
});

describe('embedded on another site with /embed.js', () => {
  it("gives that site's own form inline errors and the reference id, cross-origin", async () => {
    const page = await newPage();
    await page.goto(`${siteOrigin}/contact.html`);
    const servedAt = Date.now();
    await page.locator('form[data-lead-form-ready]').waitFor({ state: 'attached', timeout: 5000 });

    const name = uniqueName('周杰');
    await page.getByLabel('姓名').fill(name);
    await page.getByLabel('电话').fill('not a phone');
    await page.getByRole('button', { name: '发送' }).click();
    const error = page.locator('.lf-error').first();
    await error.waitFor({ state: 'visible', timeout: 10000 });
    expect(await page.locator('.lf-error').allTextContents()).toEqual(
      expect.arrayContaining([expect.stringContaining('有效的手机号或座机号'), expect.stringContaining('请填写需求描述')]),
    );
    expect(await page.getAttribute('input[name="phone"]', 'aria-invalid')).toBe('true');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('name'))).toBe('phone');
    await shot(page, 'embed-errors');

    await page.getByLabel('电话').fill('13712345678');
    await page.getByLabel('需求', { exact: true }).fill('从公司官网嵌入的表单提交。');
    await page.getByLabel('我同意隐私政策').check();
    const origin = page.waitForRequest((r) => r.url() === `${stack.leadsUrl}` && r.method() === 'POST');
    const wait = MIN_FILL_SECONDS * 1000 + 300 - (Date.now() - servedAt);
    if (wait > 0) await page.waitForTimeout(wait);
    await page.getByRole('button', { name: '发送' }).click();
    expect((await (await origin).allHeaders())['origin']).toBe(siteOrigin);
    await page.locator('.lf-thanks').waitFor({ state: 'visible', timeout: 10000 });
    const id = await shownLeadId(page, '.lf-thanks code');
    expect(id).toMatch(UUID);
    expect(await page.locator('#contact').isVisible()).toBe(false);
    await shot(page, 'embed-thanks');
    expect((await stack.sink.waitForLead(id, 20000)).mail.subject).toContain(name);
    expect(problemsOf(page)).toEqual([]);
  });
});

/** A page of "the company's website": its own markup and styles, the gateway only via embed.js. */
function embeddingPage(gatewayUrl: string): string {
  return `<!doctype html>
<html lang="zh-CN">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>联系我们</title>
<link rel="icon" href="data:,">
<style>body{font-family:sans-serif;max-width:32rem;margin:2rem auto;padding:0 1rem}label{display:block;margin:.8rem 0 .2rem}
input[type=text],input[type=tel],textarea{width:100%;padding:.5rem;box-sizing:border-box}button{margin-top:1rem;padding:.6rem 2rem}</style>
</head>
<body>
<h1>联系我们</h1>
<form id="contact" action="${gatewayUrl}/api/leads" method="post">
<label for="c-name">姓名</label><input type="text" id="c-name" name="name">
<label for="c-phone">电话</label><input type="tel" id="c-phone" name="phone">
<label for="c-req">需求</label><textarea id="c-req" name="requirement" rows="4"></textarea>
<p><input type="checkbox" id="c-consent" name="consent" value="on"> <label for="c-consent" style="display:inline">我同意隐私政策</label></p>
<button type="submit">发送</button>
</form>
<script src="${gatewayUrl}/embed.js" data-form="#contact"></script>
</body>
</html>`;
}
