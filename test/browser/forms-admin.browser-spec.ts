/// <reference lib="dom" />
/**
 * The Forms and Teams pages in Chromium (playwright-core): an admin creates
 * "Request a quote" with a select, a number and a required custom question in
 * the editor, saves it through the API and finds it listed with its hosted
 * link and embed snippet; a bad field key comes back as the API's error beside
 * that key's input; a manager sees the editor read-only and no way to create;
 * sales have no Forms link and get 403; the Teams page creates a team with
 * two members.
 */
import { type Browser, type BrowserContext, type Page } from 'playwright-core';
import { launchChromium } from '../support/browser';
import { startStack, type Stack } from '../support/stack';
import { ADMIN, adminGet, adminSend, type Account } from '../support/staff';

jest.setTimeout(120_000);

const MANAGER = { name: 'zhou.forms', display: '周经理', password: 'Zhou-Manager-2026' };
const SALES = { name: 'li.forms', display: '李娜', password: 'Li-Na-Sales-2026' };

let stack: Stack;
let browser: Browser;
const contexts: BrowserContext[] = [];

beforeAll(async () => {
  stack = await startStack();
  for (const [who, role] of [
    [MANAGER, 'manager'],
    [SALES, 'sales'],
  ] as const) {
    const res = await adminSend(stack, 'POST', '/admin/staff', {
      login: who.name,
      name: who.display,
      role,
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

async function signedIn(who: Account): Promise<Page & { problems: string[] }> {
  const context = await browser.newContext({ locale: 'zh-CN', viewport: { width: 1360, height: 900 } });
  contexts.push(context);
  const page = (await context.newPage()) as Page & { problems: string[] };
  page.problems = [];
  page.on('pageerror', (err) => page.problems.push(err.message));
  await page.goto(`${stack.adminUrl}/admin`);
  await page.getByLabel('账号').fill(who.name);
  await page.getByLabel('密码').fill(who.password);
  await Promise.all([page.waitForURL((u) => u.pathname === '/admin'), page.getByRole('button', { name: '登录' }).click()]);
  return page;
}

const input = (page: Page, path: string) => page.locator(`[data-path="${path}"] input, [data-path="${path}"] select`).first();

describe('the Forms page', () => {
  it('lets an admin create "Request a quote" with a select, a number and a required question, and lists it', async () => {
    const page = await signedIn(ADMIN);
    await page.locator('#nav-forms').click();
    await page.waitForURL((u) => u.pathname === '/admin/board/forms');
    await page.locator('#new-form').click();
    await page.waitForURL((u) => u.pathname === '/admin/board/forms/_new');
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
    await page.locator(`[data-path="${product}"] .add-option`).click();
    await input(page, `${product}.options[0].value`).fill('steel');
    await input(page, `${product}.options[0].label.zh`).fill('钢材');
    await input(page, `${product}.options[0].label.en`).fill('Steel');

    const qty = `fields[${builtins + 1}]`;
    await page.locator('.add-field').click();
    await input(page, `${qty}.key`).fill('qty');
    await input(page, `${qty}.type`).selectOption('number');
    await input(page, `${qty}.label.zh`).fill('数量');
    await input(page, `${qty}.label.en`).fill('Quantity');
    await input(page, `${qty}.min`).fill('1');
    await input(page, `${qty}.max`).fill('1000');

    const region = `fields[${builtins + 2}]`;
    await page.locator('.add-field').click();
    await input(page, `${region}.key`).fill('region');
    await input(page, `${region}.label.zh`).fill('地区');
    await input(page, `${region}.label.en`).fill('Region');
    await input(page, `${region}.required`).check();

    await Promise.all([page.waitForURL((u) => u.pathname === '/admin/board/forms/quote'), page.locator('#save-form').click()]);
    expect(await page.locator('#embed-snippet').inputValue()).toContain('data-form="quote"');
    expect(await page.locator('#hosted-path').textContent()).toBe('/f/quote');

    const stored = await adminGet(stack, '/admin/forms/quote');
    expect(stored.status).toBe(200);
    const fields = stored.json<{ fields: Record<string, unknown>[] }>().fields.slice(builtins);
    expect(fields).toEqual([
      {
        key: 'product',
        type: 'select',
        label: { zh: '产品线', en: 'Product line' },
        required: false,
        options: [{ value: 'steel', label: { zh: '钢材', en: 'Steel' } }],
      },
      { key: 'qty', type: 'number', label: { zh: '数量', en: 'Quantity' }, required: false, min: 1, max: 1000 },
      { key: 'region', type: 'text', label: { zh: '地区', en: 'Region' }, required: true },
    ]);
    expect(stored.json<{ language: string }>().language).toBe('en');

    await page.goto(`${stack.adminUrl}/admin/board/forms`);
    const row = page.locator('#forms tr[data-slug="quote"]');
    expect(await row.locator('.name').textContent()).toBe('Request a quote');
    expect(await row.locator('.status').textContent()).toBe('收集中');
    expect(await row.locator('.leads7d').textContent()).toBe('0');
    expect(page.problems).toEqual([]);
  });

  it('shows the API refusing a bad key beside that key, and saves nothing', async () => {
    const page = await signedIn(ADMIN);
    await page.goto(`${stack.adminUrl}/admin/board/forms/quote`);
    const count = await page.locator('.editor-field').count();
    await page.locator('.add-field').click();
    const at = `fields[${count}]`;
    await input(page, `${at}.key`).fill('Bad Key!');
    await input(page, `${at}.label.zh`).fill('坏');
    await input(page, `${at}.label.en`).fill('Bad');
    await page.locator('#save-form').click();
    const error = page.locator(`.field-error[data-error-for="${at}.key"]`);
    await error.waitFor();
    expect(await error.textContent()).toBe('字段名只能用小写字母、数字和下划线（以字母开头，最多 32 个字符）');
    // Beside the key's input, inside that question's box.
    expect(await page.locator(`[data-path="${at}"] [data-path="${at}.key"] + .field-error`).count()).toBe(1);
    expect(await page.locator('#editor-status').textContent()).toContain('表单定义有误');
    const stored = await adminGet(stack, '/admin/forms/quote');
    expect(stored.json<{ fields: unknown[]; version: number }>().version).toBe(1);
  });

  it('shows a manager the form read-only, without a save or a new form', async () => {
    const page = await signedIn(MANAGER);
    expect(await page.locator('#nav-forms').count()).toBe(1);
    await page.goto(`${stack.adminUrl}/admin/board/forms`);
    expect(await page.locator('#new-form').count()).toBe(0);
    await page.locator('#forms tr[data-slug="quote"] a').click();
    await page.waitForURL((u) => u.pathname === '/admin/board/forms/quote');
    await page.locator('.editor').waitFor();
    expect(await page.locator('.editor').getAttribute('disabled')).not.toBeNull();
    expect(await input(page, 'name').isDisabled()).toBe(true);
    expect(await page.locator('#save-form').count()).toBe(0);
    expect(await page.locator('#read-only').count()).toBe(1);
    const create = await page.goto(`${stack.adminUrl}/admin/board/forms/_new`);
    expect(create?.status()).toBe(403);
  });

  it('gives sales no Forms or Teams link, and 403 on the pages', async () => {
    const page = await signedIn(SALES);
    expect(await page.locator('#nav-forms').count()).toBe(0);
    expect(await page.locator('#nav-teams').count()).toBe(0);
    expect((await page.goto(`${stack.adminUrl}/admin/board/forms`))?.status()).toBe(403);
    expect((await page.goto(`${stack.adminUrl}/admin/board/teams`))?.status()).toBe(403);
  });
});

describe('the Teams page', () => {
  it('lets an admin create a team with two members, which a manager then reads', async () => {
    const page = await signedIn(ADMIN);
    await page.locator('#nav-teams').click();
    await page.waitForURL((u) => u.pathname === '/admin/board/teams');
    await page.locator('#add-team input[name="name"]').fill('华东');
    await page.locator(`#add-team input[name="members"][value="${MANAGER.name}"]`).check();
    await page.locator(`#add-team input[name="members"][value="${SALES.name}"]`).check();
    await Promise.all([page.waitForURL((u) => u.searchParams.get('done') === 'saved'), page.locator('#add-team button').click()]);
    expect(await page.locator('tr[data-team="华东"]').count()).toBe(1);

    const teams = await adminGet(stack, '/admin/teams');
    const team = teams.json<{ items: { name: string; members: string[] }[] }>().items.find((x) => x.name === '华东');
    expect(team?.members.slice().sort()).toEqual([SALES.name, MANAGER.name].sort());

    const manager = await signedIn(MANAGER);
    await manager.goto(`${stack.adminUrl}/admin/board/teams`);
    expect(await manager.locator('tr[data-team="华东"] .members').textContent()).toBe(
      team!.members.map((l) => (l === SALES.name ? SALES.display : MANAGER.display)).join(', '),
    );
    expect(await manager.locator('#add-team').count()).toBe(0);
  });
});
