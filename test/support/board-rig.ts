/// <reference lib="dom" />
import { randomInt } from 'node:crypto';
import { type Browser, type BrowserContext, type Page } from 'playwright-core';
import { launchChromium } from './browser';
import { postJson } from './http';
import { startStack, validLead, type Stack } from './stack';
import { adminSend } from './staff';

export interface SalesAccount {
  name: string;
  display: string;
  password: string;
}

export type WatchedPage = Page & { problems: string[] };

export interface BoardRig {
  readonly stack: Stack;
  /** A desktop Chromium page (zh-CN, Beijing time) logged in through the login form; page errors collected. */
  signedIn(who: { name: string; password: string }): Promise<WatchedPage>;
  /** A lead whose task goes to `owner` (the only one receiving leads while it arrives). */
  leadOf(owner: string): Promise<{ id: string; name: string; taskId: string }>;
}

/**
 * The board's browser specs' common set-up, registered as jest hooks: a
 * round-robin stack, the sales accounts created through the API, one
 * Chromium, and every context closed after each test.
 */
export function useBoardRig(accounts: SalesAccount[]): BoardRig {
  let stack: Stack | undefined;
  let browser: Browser | undefined;
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    stack = await startStack({ workerEnv: { ASSIGNMENT: 'round-robin' } });
    for (const who of accounts) {
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

  const started = (): Stack => {
    if (!stack) throw new Error('the board rig has not started (use it inside a test)');
    return stack;
  };

  return {
    get stack() {
      return started();
    },
    async signedIn(who) {
      const context = await browser!.newContext({
        locale: 'zh-CN',
        timezoneId: 'Asia/Shanghai',
        viewport: { width: 1280, height: 900 },
      });
      contexts.push(context);
      const page = (await context.newPage()) as WatchedPage;
      page.problems = [];
      page.on('pageerror', (err) => page.problems.push(err.message));
      await page.goto(`${started().adminUrl}/admin/login`);
      await page.getByLabel('账号').fill(who.name);
      await page.getByLabel('密码').fill(who.password);
      await Promise.all([page.waitForURL((u) => u.pathname === '/admin'), page.getByRole('button', { name: '登录' }).click()]);
      return page;
    },
    async leadOf(owner) {
      const s = started();
      await s.db.query(`UPDATE staff SET receives_leads = (login = $1)`, [owner]);
      const body = validLead({ phone: `136${String(randomInt(0, 99_999_999)).padStart(8, '0')}` });
      const res = await postJson(s.leadsUrl, body);
      expect(res.status).toBe(202);
      const id: string = res.json().id;
      const [task] = await s.waitForRows<{ id: string; assignee: string }>(
        'SELECT id, assignee FROM follow_up_tasks WHERE lead_id = $1',
        [id],
        20000,
      );
      expect(task.assignee).toBe(owner);
      return { id, name: String(body.name), taskId: task.id };
    },
  };
}
