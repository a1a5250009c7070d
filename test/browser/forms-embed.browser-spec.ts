/**
 * A custom form in Chromium: its hosted page (GET /f/:slug, zh and en, with
 * form.js) and embed.js with data-form="<slug>" drawing the form's questions
 * on another site, inline errors for its select, and the post stored with
 * its typed answers.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type Browser, type BrowserContext, type Page } from 'playwright-core';
import { launchChromium } from '../support/browser';
import { get } from '../support/http';
import { adminSend } from '../support/staff';
import { startStack, type Stack } from '../support/stack';
import { sleep } from '../support/wait';

jest.setTimeout(90_000);

let stack: Stack;
let browser: Browser;
let site: Server;
let siteOrigin: string;
const contexts: BrowserContext[] = [];

const QUOTE = {
  slug: 'quote',
  name: 'Request a quote',
  language: 'en',
  fields: [
    { key: 'name' },
    { key: 'email', required: true },
    {
      key: 'product',
      type: 'select',
      label: { zh: '产品线', en: 'Product line' },
      required: true,
      options: [
        { value: 'steel', label: { zh: '钢材', en: 'Steel' } },
        { value: 'glass', label: { zh: '玻璃', en: 'Glass' } },
      ],
    },
    { key: 'quantity', type: 'number', label: { zh: '数量', en: 'Quantity' }, min: 1, max: 1000 },
  ],
};

beforeAll(async () => {
  site = createServer((req, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(
      `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Quote</title><link rel="icon" href="data:,"></head>` +
        `<body><h1>Our products</h1><script src="${stack.gatewayUrl}/embed.js" data-form="quote"></script></body></html>`,
    );
  });
  await new Promise<void>((resolve) => site.listen(0, '127.0.0.1', resolve));
  siteOrigin = `http://127.0.0.1:${(site.address() as AddressInfo).port}`;
  stack = await startStack({ gatewayEnv: { CORS_ORIGINS: siteOrigin } });
  expect((await adminSend(stack, 'POST', '/admin/forms', QUOTE)).status).toBe(201);
  const deadline = Date.now() + 5000;
  while ((await get(`${stack.gatewayUrl}/api/forms/quote`)).status !== 200) {
    if (Date.now() > deadline) throw new Error('the quote form never reached the gateway');
    await sleep(100);
  }
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

async function newPage(locale: string): Promise<{ page: Page; problems: string[] }> {
  const context = await browser.newContext({ locale });
  contexts.push(context);
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('pageerror', (err) => problems.push(`pageerror: ${err.message}`));
  page.on('console', (msg) => {
    if (msg.type() === 'error' && !/status of 400 \(Bad Request\)/.test(msg.text())) problems.push(`console: ${msg.text()}`);
  });
  return { page, problems };
}

describe('a custom form in the browser', () => {
  it('the hosted page shows its questions in zh, posts through form.js and shows the reference', async () => {
    const { page, problems } = await newPage('zh-CN');
    await page.goto(`${stack.gatewayUrl}/f/quote`);
    expect(await page.locator('h1').textContent()).toBe('Request a quote');
    await page.getByLabel('姓名').fill('王芳');
    await page.getByLabel('邮箱').fill('wang.fang@example.com');
    await page.getByRole('button', { name: '提交' }).click();
    await page.locator('#f-product-error').waitFor({ state: 'visible', timeout: 10000 });
    expect(await page.getAttribute('#f-product', 'aria-invalid')).toBe('true');

    await page.getByLabel('产品线').selectOption('steel');
    await page.getByLabel('数量').fill('20');
    await page.locator('#f-consent').check();
    await page.getByRole('button', { name: '提交' }).click();
    await page.locator('.thanks').waitFor({ state: 'visible', timeout: 10000 });
    const id = (await page.locator('.thanks .lead-id').getAttribute('data-lead-id')) ?? '';
    await stack.sink.waitForLead(id, 20000);
    const [row] = await stack.waitForRows(`SELECT form_slug, custom FROM lead_forms WHERE lead_id = $1`, [id]);
    expect(row).toEqual({ form_slug: 'quote', custom: { product: 'steel', quantity: 20 } });
    expect(problems).toEqual([]);
  });

  it('embed.js data-form="quote" draws the form on another site in en and posts to its endpoint', async () => {
    const { page, problems } = await newPage('en-US');
    await page.goto(`${siteOrigin}/`);
    await page.locator('form[data-lead-form-ready]').waitFor({ state: 'attached', timeout: 5000 });
    await page.getByLabel('Name').fill('Jane Doe');
    await page.getByLabel('Email').fill('jane.doe@example.com');
    await page.getByLabel('Quantity').fill('5000');
    await page.getByRole('button', { name: 'Submit' }).click();
    await page.locator('.lf-error').first().waitFor({ state: 'visible', timeout: 10000 });
    expect(await page.locator('.lf-error').allTextContents()).toEqual(
      expect.arrayContaining([expect.stringContaining('Product line'), expect.stringContaining('Quantity')]),
    );

    await page.getByLabel('Product line').selectOption('glass');
    await page.getByLabel('Quantity').fill('50');
    await page.locator('input[name="consent"]').check();
    const posted = page.waitForRequest((r) => r.url() === `${stack.gatewayUrl}/api/forms/quote/leads` && r.method() === 'POST');
    await page.getByRole('button', { name: 'Submit' }).click();
    await posted;
    await page.locator('.lf-thanks').waitFor({ state: 'visible', timeout: 10000 });
    const id = (await page.locator('.lf-thanks code').getAttribute('data-lead-id')) ?? '';
    const [row] = await stack.waitForRows(`SELECT form_slug, custom FROM lead_forms WHERE lead_id = $1`, [id]);
    expect(row).toEqual({ form_slug: 'quote', custom: { product: 'glass', quantity: 50 } });
    expect(problems).toEqual([]);
  });
});
