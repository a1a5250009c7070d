/// <reference lib="dom" />
/**
 * Issue 22's "done when", in Chromium: an admin builds "Request a quote"
 * with three custom questions in the editor, watching its live preview (zh,
 * then en) drawn as the gateway draws the page; routes 钢材 to the 华东 team
 * and its robot; copies the hosted link and the embed snippet, both on the
 * gateway's public address (PUBLIC_FORM_URL); the snippet pasted into
 * another site draws the form, and the first post reaches the team's member
 * and the 华东 robot within seconds, its answers labelled. The member then
 * finds it on the board filtered by form (the choice kept across a reload)
 * and on the lead page with the form's name and answers.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type Browser, type BrowserContext, type FrameLocator, type Locator, type Page } from 'playwright-core';
import { launchChromium } from '../support/browser';
import { ChatReceiver } from '../support/chat-receivers';
import { shownText } from '../support/chat-stack';
import { ADMIN, adminSend, staffWorkerEnv, type Account } from '../support/staff';
import { startStack, type Stack } from '../support/stack';
import { waitFor } from '../support/wait';

jest.setTimeout(120_000);

const EAST: Account & { email: string } = { name: 'east.wu', password: 'East-Wu-Sales-2026', email: 'east.wu@example.com' };
const TEAM = '华东';

let stack: Stack;
let browser: Browser;
let east: ChatReceiver;
let other: ChatReceiver;
let site: Server;
let siteOrigin: string;
/** What the other site's page holds: the snippet the admin copied. */
let pasted = '';
let leadId = '';
const contexts: BrowserContext[] = [];

beforeAll(async () => {
  east = await ChatReceiver.start('dingtalk', { perMinute: 60 });
  other = await ChatReceiver.start('dingtalk', { perMinute: 60 });
  site = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(
      `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Quote</title><link rel="icon" href="data:,"></head>` +
        `<body><h1>Our products</h1>${pasted}</body></html>`,
    );
  });
  await new Promise<void>((resolve) => site.listen(0, '127.0.0.1', resolve));
  siteOrigin = `http://127.0.0.1:${(site.address() as AddressInfo).port}`;
  stack = await startStack({
    workerEnv: staffWorkerEnv({
      DINGTALK_ROBOTS: `${TEAM}=${east.entry},${other.entry}`,
      DINGTALK_PER_MINUTE: '60',
      ASSIGNMENT: 'round-robin',
    }),
    workerEnvFor: (gatewayUrl) => ({ PUBLIC_FORM_URL: gatewayUrl }),
    gatewayEnv: { CORS_ORIGINS: siteOrigin },
  });
  const member = { login: EAST.name, name: '吴东', role: 'sales', password: EAST.password, email: EAST.email };
  expect((await adminSend(stack, 'POST', '/admin/staff', member)).status).toBe(201);
  expect((await adminSend(stack, 'POST', '/admin/teams', { name: TEAM, members: [EAST.name] })).status).toBe(201);
  browser = await launchChromium();
});

afterEach(async () => {
  for (const context of contexts.splice(0)) await context.close().catch(() => undefined);
});

afterAll(async () => {
  await browser?.close().catch(() => undefined);
  await new Promise((resolve) => (site ? site.close(resolve) : resolve(undefined)));
  await stack?.stop();
  await Promise.all([east, other].filter(Boolean).map((r) => r.close()));
});

async function newPage(locale: string): Promise<Page & { problems: string[] }> {
  const context = await browser.newContext({ locale, viewport: { width: 1360, height: 900 } });
  contexts.push(context);
  const page = (await context.newPage()) as Page & { problems: string[] };
  page.problems = [];
  page.on('pageerror', (err) => page.problems.push(err.message));
  // A CSP refusal (the preview's stylesheet, say) is a console error.
  page.on('console', (msg) => {
    if (msg.type() === 'error' && !/status of 4\d\d/.test(msg.text())) page.problems.push(`console: ${msg.text()}`);
  });
  return page;
}

async function signedIn(who: Account): Promise<Page & { problems: string[] }> {
  const page = await newPage('zh-CN');
  await page.goto(`${stack.adminUrl}/admin`);
  await page.getByLabel('账号').fill(who.name);
  await page.getByLabel('密码').fill(who.password);
  await Promise.all([page.waitForURL((u) => u.pathname === '/admin'), page.getByRole('button', { name: '登录' }).click()]);
  return page;
}

const input = (page: Page, path: string) => page.locator(`[data-path="${path}"] input, [data-path="${path}"] select`).first();

/** Waits until the locator's text contains `text` (the preview redraws a moment after typing). */
function textOf(locator: Locator, text: string, what: string): Promise<string> {
  return waitFor(
    async () => {
      const shown = (await locator.count()) > 0 ? ((await locator.first().textContent()) ?? '') : '';
      return shown.includes(text) ? shown : null;
    },
    10_000,
    what,
  );
}

describe('publishing a form, start to finish', () => {
  it('an admin builds "Request a quote" watching its preview, routes 钢材 to 华东, and copies its link and snippet', async () => {
    const page = await signedIn(ADMIN);
    await page.goto(`${stack.adminUrl}/admin/board/forms/_new`);
    const preview: FrameLocator = page.frameLocator('#preview-frame');
    // The new form's built-in questions are drawn at once, with the form's own stylesheet under the page's CSP.
    await textOf(preview.locator('label[for="f-name"]'), '姓名', 'the preview of a new form');
    expect(await preview.locator('body').evaluate((b) => getComputedStyle(b).backgroundColor)).toBe('rgb(245, 247, 250)');

    const builtins = await page.locator('.editor-field').count();
    await input(page, 'slug').fill('quote');
    await input(page, 'name').fill('Request a quote');
    await input(page, 'language').selectOption('en');
    const product = `fields[${builtins}]`;
    await page.locator('.add-field').click();
    await input(page, `${product}.key`).fill('product');
    await input(page, `${product}.type`).selectOption('select');
    await input(page, `${product}.label.zh`).fill('产品线');
    await input(page, `${product}.label.en`).fill('Product line');
    await input(page, `${product}.required`).check();
    for (const [i, value, en] of [
      [0, '钢材', 'Steel'],
      [1, '玻璃', 'Glass'],
    ] as const) {
      await page.locator(`[data-path="${product}"] .add-option`).click();
      await input(page, `${product}.options[${i}].value`).fill(value);
      await input(page, `${product}.options[${i}].label.zh`).fill(value);
      await input(page, `${product}.options[${i}].label.en`).fill(en);
    }
    const qty = `fields[${builtins + 1}]`;
    await page.locator('.add-field').click();
    await input(page, `${qty}.key`).fill('qty');
    await input(page, `${qty}.type`).selectOption('number');
    await input(page, `${qty}.label.zh`).fill('数量');
    await input(page, `${qty}.label.en`).fill('Quantity');
    const region = `fields[${builtins + 2}]`;
    await page.locator('.add-field').click();
    await input(page, `${region}.key`).fill('region');
    await input(page, `${region}.label.zh`).fill('地区');
    await input(page, `${region}.label.en`).fill('Region');

    // The unsaved questions, as a visitor will see them: zh, then en.
    await textOf(preview.locator('label[for="f-region"]'), '地区', 'the region question in the zh preview');
    expect(await preview.locator('#f-product option[value="钢材"]').textContent()).toBe('钢材');
    await page.locator('[data-preview-lang="en"]').click();
    await textOf(preview.locator('label[for="f-product"]'), 'Product line', 'the en preview');
    expect(await preview.locator('#f-product option[value="钢材"]').textContent()).toBe('Steel');
    expect(await preview.locator('h1').textContent()).toBe('Request a quote');

    await page.locator('.add-rule').click();
    await input(page, 'routing[0].field').selectOption('product');
    await input(page, 'routing[0].equals').fill('钢材');
    await input(page, 'routing[0].team').selectOption(TEAM);
    await input(page, `routing[0].robots:${TEAM}`).check();

    await Promise.all([page.waitForURL((u) => u.pathname === '/admin/board/forms/quote'), page.locator('#save-form').click()]);
    const hosted = `${stack.gatewayUrl}/f/quote`;
    expect(await page.locator('#hosted-url').inputValue()).toBe(hosted);
    expect(await page.locator('#gateway-hint').count()).toBe(0);
    const snippet = await page.locator('#embed-snippet').inputValue();
    expect(snippet).toBe(`<script src="${stack.gatewayUrl}/embed.js" data-form="quote"></script>`);
    await page.locator('#copy-embed').click();
    await textOf(page.locator('#copy-embed'), '已复制', 'the copied mark');
    pasted = snippet;

    // The hosted link opens the form's page on the gateway.
    const visitor = await newPage('en-US');
    await visitor.goto(
      await page
        .locator('#open-hosted')
        .getAttribute('href')
        .then((h) => h ?? ''),
    );
    expect(await visitor.locator('h1').textContent()).toBe('Request a quote');
    expect(page.problems).toEqual([]);
  });

  it("the snippet on another site takes a post that reaches the team's member and the 华东 robot, answers labelled", async () => {
    const page = await newPage('en-US');
    await page.goto(`${siteOrigin}/`);
    await page.locator('form[data-lead-form-ready]').waitFor({ state: 'attached', timeout: 5000 });
    await page.getByLabel('Name').fill('Jane Doe');
    await page.getByLabel('Email').fill('jane.doe@example.com');
    await page.getByLabel('Product line').selectOption('钢材');
    await page.getByLabel('Quantity').fill('20');
    await page.getByLabel('Region').fill('Shanghai');
    // The new form began with the default form's questions, the requirement still required among them.
    await page.locator('[name="requirement"]').fill('200 t of rebar');
    await page.locator('input[name="consent"]').check();
    await page.getByRole('button', { name: 'Submit' }).click();
    await page.locator('.lf-thanks').waitFor({ state: 'visible', timeout: 10000 });
    expect(await page.locator('.lf-error').allTextContents()).toEqual([]);
    leadId = (await page.locator('.lf-thanks code').getAttribute('data-lead-id')) ?? '';

    const [task] = await stack.waitForRows(`SELECT assignee FROM follow_up_tasks WHERE lead_id = $1`, [leadId]);
    expect(task.assignee).toBe(EAST.name);
    const message = await waitFor(
      async () => east.messages.find((m) => m.raw.includes(leadId)) ?? null,
      15_000,
      'the 华东 robot message',
    );
    const text = shownText(message);
    for (const shown of ['Request a quote', '产品线', '钢材', '数量', '20', '地区', 'Shanghai']) expect(text).toContain(shown);
    const about = (notice: string) => (m: { header(name: string): string | undefined }) =>
      m.header('x-lead-id') === leadId && m.header('x-lead-notice') === notice;
    const alert = await stack.sink.waitFor(about('new-lead'), 15_000, 'the alert email');
    expect(alert.mail.text).toContain('产品线');
    // The owner's own email, with their one-tap link.
    const owner = await stack.sink.waitFor(about('assigned'), 15_000, "the owner's email");
    expect(owner.envelopeTo).toEqual([EAST.email]);
    // Routed to 华东 alone: the other robot has no row for it.
    const { rows } = await stack.db.query(
      `SELECT count(*)::int AS n FROM notifications WHERE lead_id = $1 AND channel = 'dingtalk'`,
      [leadId],
    );
    expect(rows[0].n).toBe(1);
    expect(other.messages.some((m) => m.raw.includes(leadId))).toBe(false);
    expect(page.problems).toEqual([]);
  });

  it('the member finds it on the board filtered by form, kept across a reload, and on its page with the answers', async () => {
    const page = await signedIn(EAST);
    await page.locator('#form-filter').selectOption('quote');
    await page.waitForURL((u) => u.searchParams.get('form') === 'quote');
    const card = page.locator(`#task-rows tr[data-task-row]`);
    await textOf(card.locator('.form-name'), 'Request a quote', 'the card of the quote lead');
    expect(await card.count()).toBe(1);
    await page.reload();
    expect(await page.locator('#form-filter').inputValue()).toBe('quote');
    await textOf(card.locator('.form-name'), 'Request a quote', 'the card after a reload');
    await page.locator('#form-filter').selectOption('default');
    await waitFor(async () => ((await card.count()) === 0 ? true : null), 10_000, 'no default-form task');

    await page.goto(`${stack.adminUrl}/admin/board/leads/${leadId}`);
    expect(await page.locator('#lead-form').textContent()).toBe('Request a quote');
    const answers = await page
      .locator('.field.answer')
      .evaluateAll((rows) => rows.map((r) => `${r.querySelector('dt')?.textContent}=${r.querySelector('dd')?.textContent}`));
    expect(answers).toEqual(['产品线=钢材', '数量=20', '地区=Shanghai']);
    expect(page.problems).toEqual([]);
  });
});
