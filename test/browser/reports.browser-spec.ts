/// <reference lib="dom" />
/**
 * The reports page (/admin/reports) in Chromium on a phone: a manager logs
 * in, the four charts are drawn (pixels on their canvases) beside tables
 * with the same numbers, the range, source and form filters reload them, and a
 * salesperson sees only their own row. The manager's page is screenshotted
 * into docs/images/reports.png for the README.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { type Browser, type BrowserContext, type Page } from 'playwright-core';
import { launchChromium } from '../support/browser';
import { basicAuth, postJson } from '../support/http';
import { startStack, validLead, type Stack } from '../support/stack';
import { adminSend } from '../support/staff';

jest.setTimeout(120_000);

const OUT = join(__dirname, '../../docs/images');
const SALES = [
  { name: 'li.na', display: '李娜', password: 'Li-Na-Sales-2026' },
  { name: 'wang.fang', display: '王芳', password: 'Wang-Fang-Sales-2026' },
];
const MANAGER = { name: 'zhou.mgr', display: '周经理', password: 'Zhou-Manager-2026' };

// Fourteen leads of the last six days: [days ago, source, owner index or null, response seconds or null, outcome].
const FIXTURE: [number, { utm_source?: string; referer?: string }, number | null, number | null, string | null][] = [
  [0, { utm_source: 'baidu' }, 0, 95, null],
  [0, { utm_source: 'wechat' }, 1, 240, 'qualified'],
  [1, { utm_source: 'baidu' }, 0, 1500, 'won'],
  [1, { referer: 'https://www.example.com/products' }, 1, 60, 'qualified'],
  [1, {}, 1, null, null],
  [2, { utm_source: 'baidu' }, 1, 7200, 'unqualified'],
  [2, { utm_source: 'google' }, 0, 180, 'won'],
  [3, { utm_source: 'wechat' }, 0, 30, 'spam'],
  [3, { utm_source: 'baidu' }, 1, 100_000, 'invalid'],
  [4, { referer: 'https://www.example.com/' }, 0, 420, null],
  [4, { utm_source: 'baidu' }, null, null, null],
  [5, { utm_source: 'google' }, 1, 3000, 'qualified'],
  [5, {}, 0, 200, 'won'],
  [5, { utm_source: 'wechat' }, 1, 50_000, null],
];

let stack: Stack;
let browser: Browser;
const contexts: BrowserContext[] = [];

beforeAll(async () => {
  stack = await startStack({ workerEnv: { CLAIM_WITHIN_MINUTES: '10' } });
  for (const [who, role] of [...SALES.map((s) => [s, 'sales'] as const), [MANAGER, 'manager'] as const]) {
    const res = await adminSend(stack, 'POST', '/admin/staff', {
      login: who.name,
      name: who.display,
      role,
      password: who.password,
    });
    expect(res.status).toBe(201);
  }
  const ids: string[] = [];
  for (const [daysAgo, source, owner, response, outcome] of FIXTURE) {
    const res = await postJson(stack.leadsUrl, validLead(source.utm_source ? { utm_source: source.utm_source } : {}), {
      headers: source.referer ? { referer: source.referer } : {},
    });
    expect(res.status).toBe(202);
    ids.push(res.json().id);
    const [task] = await stack.waitForRows<{ id: string }>('SELECT t.id FROM follow_up_tasks t WHERE t.lead_id = $1', [
      res.json().id,
    ]);
    if (owner !== null) {
      const who = SALES[owner];
      const as = { headers: { ...basicAuth(who.name, who.password), 'content-type': 'application/json' } };
      const claim = await fetch(`${stack.adminUrl}/admin/tasks/${task.id}`, {
        method: 'PATCH',
        ...as,
        body: JSON.stringify(
          outcome
            ? { assignee: who.name, status: 'done', note: '已联系', outcome }
            : { assignee: who.name, status: 'in_progress' },
        ),
      });
      expect(claim.status).toBe(200);
    }
    // Arrived `daysAgo` days ago (an hour earlier, so "today" stays today in Beijing), touched `response` seconds later.
    await stack.db.query(
      `WITH l AS (UPDATE leads SET received_at = now() - make_interval(days => $2::int) - interval '1 minute' * (extract(hour from now() AT TIME ZONE 'Asia/Shanghai') * 30)
                   WHERE id = (SELECT lead_id FROM follow_up_tasks WHERE id = $1) RETURNING received_at)
       UPDATE follow_up_tasks t SET due_at = l.received_at + interval '30 minutes',
              first_touch_at = CASE WHEN $3::int IS NULL THEN NULL ELSE l.received_at + make_interval(secs => $3::int) END,
              response_seconds = $3, response_business_seconds = $3
         FROM l WHERE t.id = $1`,
      [task.id, daysAgo, response],
    );
  }
  // Three of the baidu leads came through a second form.
  await stack.db.query(`INSERT INTO forms (slug, name, fields, updated_by) VALUES ('expo', '展会登记', '[]', 'test')`);
  await stack.db.query(`INSERT INTO lead_forms (lead_id, form_slug, form_version) SELECT unnest($1::uuid[]), 'expo', 1`, [
    [ids[0], ids[2], ids[5]],
  ]);
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
    deviceScaleFactor: 2,
    isMobile: true,
    hasTouch: true,
  });
  contexts.push(context);
  const page = (await context.newPage()) as Page & { problems: string[] };
  page.problems = [];
  page.on('pageerror', (err) => page.problems.push(`pageerror: ${err.message}`));
  // A Content-Security-Policy refusal (an inline style, say) is a console error.
  page.on('console', (msg) => {
    if (msg.type() === 'error') page.problems.push(`console: ${msg.text()}`);
  });
  return page;
}

async function openReports(page: Page, who: { name: string; password: string }): Promise<void> {
  await page.goto(`${stack.adminUrl}/admin`);
  await page.getByLabel('账号').fill(who.name);
  await page.getByLabel('密码').fill(who.password);
  await Promise.all([page.waitForURL((u) => u.pathname === '/admin'), page.getByRole('button', { name: '登录' }).click()]);
  await Promise.all([page.waitForURL((u) => u.pathname === '/admin/reports'), page.locator('#nav-reports').click()]);
  await page.locator('#kpis[aria-busy="false"]').waitFor({ timeout: 15000 });
}

/** Painted pixels on each chart's canvas: an undrawn chart has none. */
function paintedPixels(page: Page): Promise<Record<string, number>> {
  return page.evaluate(() => {
    const out: Record<string, number> = {};
    for (const id of ['chart-daily', 'chart-response', 'chart-owners', 'chart-outcomes']) {
      const canvas = document.querySelector<HTMLCanvasElement>(`#${id} canvas`);
      const data = canvas?.getContext('2d')?.getImageData(0, 0, canvas.width, canvas.height).data;
      let painted = 0;
      for (let i = 3; data && i < data.length; i += 4) if (data[i] > 0) painted++;
      out[id] = painted;
    }
    return out;
  });
}

const rows = (page: Page, table: string) => page.locator(`#${table} tbody tr`);

describe('the reports page', () => {
  it('draws every chart beside its table for a manager on a phone, and follows the filters', async () => {
    const page = await phonePage();
    await openReports(page, MANAGER);
    expect(await page.locator('h1').textContent()).toBe('响应速度报表');
    expect(await page.locator('#kpi-leads').textContent()).toBe('14');
    expect(await page.locator('#kpi-touched').textContent()).toBe('12 (86%)');
    // 30 60 95 180 200 240 420 1500 3000 7200 50000 100000: median (240 + 420) / 2, P90 the 11th.
    expect(await page.locator('#kpi-median').textContent()).toBe('5.5 分钟');
    expect(await page.locator('#kpi-p90').textContent()).toBe('14 小时');
    for (const id of ['chart-daily', 'chart-response', 'chart-owners', 'chart-outcomes']) {
      await page.locator(`#${id}[data-drawn="true"] canvas`).waitFor({ timeout: 10000 });
    }
    const painted = await paintedPixels(page);
    for (const [id, n] of Object.entries(painted)) expect({ id, drawn: n > 2000 }).toEqual({ id, drawn: true });

    expect(await rows(page, 'table-daily').count()).toBe(7);
    expect(await rows(page, 'table-response').allTextContents()).toEqual([
      '5 分钟内643%',
      '1 小时内321%',
      '24 小时内214%',
      '超过 24 小时17%',
      '未响应214%',
    ]);
    const owners = await rows(page, 'table-owners').locator('th').allTextContents();
    expect(owners).toEqual(['王芳', '李娜', '未分配']);
    const outcomeSources = await rows(page, 'table-outcomes').locator('th').allTextContents();
    expect(outcomeSources[0]).toBe('baidu');
    expect(outcomeSources).toEqual(expect.arrayContaining(['wechat', 'google', 'www.example.com', '直接访问']));
    // Readable on a phone: nothing wider than the screen but the tables' own scroll boxes.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);

    mkdirSync(OUT, { recursive: true });
    await page.screenshot({ path: join(OUT, 'reports.png'), fullPage: true });

    await page.getByRole('button', { name: '近 30 天' }).click();
    await page.waitForURL((u) => u.searchParams.get('range') === '30');
    await page.locator('#kpis[aria-busy="false"]').waitFor();
    expect(await rows(page, 'table-daily').count()).toBe(30);
    await page.locator('#source-filter').selectOption('baidu');
    await page.waitForURL((u) => u.searchParams.get('source') === 'baidu');
    await page.locator('#kpis[aria-busy="false"]').waitFor();
    expect(await page.locator('#kpi-leads').textContent()).toBe('5');
    expect(await page.locator('#owners-csv').getAttribute('href')).toContain('source=baidu');
    await page.locator('#form-filter').selectOption({ label: '展会登记' });
    await page.waitForURL((u) => u.searchParams.get('form') === 'expo');
    await page.locator('#kpis[aria-busy="false"]').waitFor();
    expect(await page.locator('#kpi-leads').textContent()).toBe('3');
    expect(await page.locator('#owners-csv').getAttribute('href')).toContain('form=expo');
    expect(page.problems).toEqual([]);
  });

  it('shows a salesperson their own row and no owner filter', async () => {
    const page = await phonePage();
    await openReports(page, SALES[0]);
    expect(await page.locator('#owner-filter').count()).toBe(0);
    expect(await rows(page, 'table-owners').locator('th').allTextContents()).toEqual(['李娜']);
    expect(await page.locator('#kpi-leads').textContent()).toBe('6');
    await page.locator('#chart-daily[data-drawn="true"] canvas').waitFor({ timeout: 10000 });
    expect(page.problems).toEqual([]);
  });
});
