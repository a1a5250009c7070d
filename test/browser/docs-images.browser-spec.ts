/// <reference lib="dom" />
/**
 * The pictures in the README, taken from the real thing: the board on a
 * phone with a few leads (a new one counting down, a returning customer,
 * one in progress) and the HTML part of a new-lead alert as the SMTP sink
 * received it. Each picture is checked for what it is meant to show. They
 * go to SCREENSHOT_DIR (/tmp/screens); DOCS_IMAGES_DIR=docs/images writes
 * the README's copies.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { type Browser, type Page } from 'playwright-core';
import { launchChromium } from '../support/browser';
import { postJson } from '../support/http';
import { startStack, validLead, type Stack } from '../support/stack';
import { adminSend } from '../support/staff';

jest.setTimeout(120_000);

const DIR = process.env.DOCS_IMAGES_DIR ?? process.env.SCREENSHOT_DIR ?? '/tmp/screens';
const SALES = { name: 'wang.fang', display: '王芳', password: 'Wang-Fang-Sales-2026' };

let stack: Stack;
let browser: Browser;

beforeAll(async () => {
  mkdirSync(DIR, { recursive: true });
  stack = await startStack({ workerEnv: { ASSIGNMENT: 'round-robin', RETURNING_CUSTOMER_DAYS: '730' } });
  const res = await adminSend(stack, 'POST', '/admin/staff', {
    login: SALES.name,
    name: SALES.display,
    role: 'sales',
    password: SALES.password,
    email: 'wang.fang@youpower.com.cn',
  });
  expect(res.status).toBe(201);
  await stack.db.query(`UPDATE staff SET receives_leads = (login = $1)`, [SALES.name]);
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close().catch(() => undefined);
  await stack?.stop();
});

async function postLead(fields: Record<string, unknown>, headers: Record<string, string> = {}) {
  const res = await postJson(stack.leadsUrl, validLead(fields), { headers });
  expect(res.status).toBe(202);
  const id: string = res.json().id;
  const [task] = await stack.waitForRows<{ id: string }>('SELECT id FROM follow_up_tasks WHERE lead_id = $1', [id], 20000);
  return { id, taskId: task.id };
}

async function phonePage(): Promise<Page> {
  const context = await browser.newContext({
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
    viewport: { width: 390, height: 844 },
    isMobile: true,
    hasTouch: true,
    deviceScaleFactor: 2,
  });
  const page = await context.newPage();
  await page.goto(`${stack.adminUrl}/admin/login`);
  await page.getByLabel('账号').fill(SALES.name);
  await page.getByLabel('密码').fill(SALES.password);
  await Promise.all([page.waitForURL((u) => u.pathname === '/admin'), page.getByRole('button', { name: '登录' }).click()]);
  await page.locator('#tasks[aria-busy="false"]').waitFor({ timeout: 15000 });
  return page;
}

describe('the README’s pictures', () => {
  it('the board on a phone, and a new-lead alert email', async () => {
    const earlier = await postLead({
      name: '李梅',
      company: '杭州恒光电气有限公司',
      phone: '13867712345',
      email: 'li.mei@hengguang.example.cn',
      requirement: '50 台 20kW 组串式逆变器,含安装指导。',
    });
    await stack.db.query(`UPDATE leads SET received_at = now() - interval '200 days' WHERE id = $1`, [earlier.id]);
    await stack.db.query(`UPDATE follow_up_tasks SET status = 'done', done_at = now() - interval '199 days' WHERE id = $1`, [
      earlier.taskId,
    ]);
    const started = await postLead(
      {
        name: '陈浩',
        company: '上海申能物流',
        phone: '021-52908189',
        email: 'chen.hao@shenneng.example.cn',
        requirement: '仓库屋顶光伏改造,需要现场勘察。',
      },
      { referer: 'https://www.youpower.com.cn/solutions/logistics' },
    );
    expect((await adminSend(stack, 'PATCH', `/admin/tasks/${started.taskId}`, { status: 'in_progress' })).status).toBe(200);
    await postLead({
      name: '李梅',
      company: '杭州恒光电气有限公司',
      phone: '13867712345',
      email: 'li.mei@hengguang.example.cn',
      requirement: '再次询价:上次的 50 台逆变器想追加 20 台,请确认交期和含税价格。',
    });
    const fresh = await postLead({
      name: '王建国',
      company: '苏州工业园区储能科技有限公司',
      phone: '13923456789',
      email: 'wang.jianguo@sz-storage.example.cn',
      requirement: '工厂屋顶 500kW 光伏配 200kWh 储能柜,想了解整体方案和报价,希望下周安排工程师上门勘察。',
      utm_source: 'baidu',
    });

    // The new lead first on the board: due soonest.
    await stack.db.query(`UPDATE follow_up_tasks SET due_at = now() + interval '18 minutes' WHERE id = $1`, [fresh.taskId]);
    const page = await phonePage();
    const card = page.locator('tr[data-task-row]').filter({ hasText: '王建国' });
    await card.waitFor();
    expect(await card.locator('a.contact-link.tel').textContent()).toBe('139 2345 6789');
    expect(await page.locator('.badge.returning').count()).toBe(1);
    await page.screenshot({ path: join(DIR, 'board-phone.png'), fullPage: true });

    const mail = await stack.sink.waitForLead(fresh.id, 20000);
    const html = String(mail.mail.html);
    expect(html).toContain(`/admin/board/leads/${fresh.id}`);
    expect(html).toContain('href="tel:+8613923456789"');
    expect(html).toMatch(/请在 (\d+月\d+日 )?\d{2}:\d{2} 前联系/);
    // A short viewport: the full-page picture is then as tall as the email, no taller.
    const email = await browser.newPage({ viewport: { width: 640, height: 400 }, deviceScaleFactor: 2 });
    await email.setContent(html);
    expect(await email.getByRole('link', { name: '139 2345 6789' }).getAttribute('href')).toBe('tel:+8613923456789');
    await email.screenshot({ path: join(DIR, 'alert-email.png'), fullPage: true });
    await email.close();
  });
});
