/// <reference lib="dom" />
/**
 * The board's 垃圾线索 tab and its search box, in Chromium against the built
 * stack. A manager sees the leads held as spam with their score and the
 * reasons in words; 不是垃圾 releases one (it gets its owner and joins the
 * task list), 确认垃圾 keeps another out; a salesperson has no such tab.
 * The search box asks GET /admin/search after a pause in typing and lists
 * the matching leads with their lead page links; a salesperson finds only
 * what the API shows them (their own), a manager everyone's.
 */
import { randomBytes, randomInt } from 'node:crypto';
import { useBoardRig, type WatchedPage } from '../support/board-rig';
import { postJson } from '../support/http';
import { validLead } from '../support/stack';
import { adminSend } from '../support/staff';

jest.setTimeout(120_000);

const SALES = { name: 'lin.feng', display: '林峰', password: 'Lin-Feng-Sales-2026' };
const NEXT = { name: 'guo.mei', display: '郭梅', password: 'Guo-Mei-Sales-2026' };
const MANAGER = { name: 'su.qing', display: '苏青', password: 'Su-Qing-Manager-2026' };

const rig = useBoardRig([SALES, NEXT]);

const tag = () => randomBytes(3).toString('hex');
const mobile = () => `137${String(randomInt(0, 99_999_999)).padStart(8, '0')}`;

beforeAll(async () => {
  const res = await adminSend(rig.stack, 'POST', '/admin/staff', {
    login: MANAGER.name,
    name: MANAGER.display,
    role: 'manager',
    password: MANAGER.password,
  });
  expect(res.status).toBe(201);
});

/** A post the scorer holds as spam (a shortener, SEO phrasing, a disposable address). */
async function spamLead(): Promise<{ id: string; name: string }> {
  const name = `SEO优化 ${tag()}`;
  const res = await postJson(
    rig.stack.leadsUrl,
    validLead({
      name,
      phone: mobile(),
      email: `seo.${tag()}@mailinator.com`,
      company: null,
      requirement: '专业网站SEO优化，百度关键词7天上首页，高权重外链代发，包收录，加微信 seo8888 https://bit.ly/x7Yz',
    }),
  );
  expect(res.status).toBe(202);
  const id: string = res.json().id;
  await rig.stack.waitForRows('SELECT id FROM leads WHERE id = $1 AND quarantined', [id], 20000);
  return { id, name };
}

/** A genuine lead owned by `owner`, with `company`. */
async function leadOf(owner: string, company: string): Promise<{ id: string; name: string; phone: string }> {
  await rig.stack.db.query(`UPDATE staff SET receives_leads = (login = $1)`, [owner]);
  const phone = mobile();
  const body = validLead({ phone, company });
  const res = await postJson(rig.stack.leadsUrl, body);
  expect(res.status).toBe(202);
  const id: string = res.json().id;
  const [task] = await rig.stack.waitForRows<{ assignee: string }>(
    'SELECT assignee FROM follow_up_tasks WHERE lead_id = $1',
    [id],
    20000,
  );
  expect(task.assignee).toBe(owner);
  return { id, name: String(body.name), phone };
}

async function board(page: WatchedPage, query = ''): Promise<void> {
  await page.goto(`${rig.stack.adminUrl}/admin${query}`);
  await page.locator('#tasks[aria-busy="false"]').waitFor({ timeout: 15000 });
}

describe('the 垃圾线索 tab', () => {
  it('is not there for sales', async () => {
    const sales = await rig.signedIn(SALES);
    await board(sales, '?tab=spam');
    expect(await sales.locator('#tab-spam, #spam-panel').count()).toBe(0);
    expect(await sales.locator('#tasks').isVisible()).toBe(true);
    expect(sales.problems).toEqual([]);
  });

  it('lists held leads with their reasons; 不是垃圾 releases one to its owner, 确认垃圾 keeps one out', async () => {
    await rig.stack.db.query(`UPDATE staff SET receives_leads = (login = $1)`, [SALES.name]);
    const released = await spamLead();
    const confirmed = await spamLead();

    const page = await rig.signedIn(MANAGER);
    await board(page);
    await page.getByRole('tab', { name: '垃圾线索' }).click();
    expect(page.url()).toContain('tab=spam');
    expect(await page.locator('#tasks').isHidden()).toBe(true);
    const item = page.locator(`#spam-list > li[data-lead-id="${released.id}"]`);
    await item.waitFor({ timeout: 10000 });
    expect(await item.locator('.lead-link').textContent()).toBe(released.name);
    expect(await item.locator('.meta').textContent()).toMatch(/评分 (0\.[89]\d|1\.00)$/);
    const reasons = await item.locator('.reasons li').allTextContents();
    expect(reasons).toEqual(expect.arrayContaining(['短链接(bit.ly)', '一次性邮箱(mailinator.com)']));
    // Every reason in words: no raw code like "shortener:bit.ly" left.
    for (const reason of reasons) expect(reason).not.toMatch(/^[a-z-]+:/);

    // 不是垃圾: the lead gets its owner and leaves this list.
    const releasing = page.waitForResponse((r) => r.url().endsWith(`/admin/leads/${released.id}/not-spam`));
    await item.getByRole('button', { name: '不是垃圾' }).click();
    expect((await releasing).status()).toBe(200);
    await item.waitFor({ state: 'detached', timeout: 5000 });
    expect(await page.locator('#toast').textContent()).toBe(`已放回线索列表,负责人:${SALES.display}`);
    const [task] = (await rig.stack.db.query('SELECT assignee FROM follow_up_tasks WHERE lead_id = $1', [released.id])).rows;
    expect(task.assignee).toBe(SALES.name);

    // 确认垃圾: the verdict is posted (the model learns from it) and the lead leaves this view.
    const other = page.locator(`#spam-list > li[data-lead-id="${confirmed.id}"]`);
    const marking = page.waitForResponse((r) => r.url().endsWith(`/admin/leads/${confirmed.id}/spam`));
    await other.getByRole('button', { name: '确认垃圾' }).click();
    const marked = await marking;
    expect(marked.status()).toBe(200);
    expect(await marked.json()).toMatchObject({ id: confirmed.id });
    await other.waitFor({ state: 'detached', timeout: 5000 });
    expect(await page.locator('#toast').textContent()).toBe('已确认为垃圾线索。');
    // The released lead is held no more, also after a reload (the tab stays chosen).
    await page.reload();
    await page.locator('#spam-panel[aria-busy="false"]').waitFor({ timeout: 10000 });
    expect(await page.locator('#spam-panel').isVisible()).toBe(true);
    expect(await page.locator(`#spam-list > li[data-lead-id="${released.id}"]`).count()).toBe(0);

    // The released lead is in the task list with its owner.
    await page.getByRole('tab', { name: '全部待办' }).click();
    const row = page.locator('tr[data-task-row]').filter({ has: page.locator('.lead-link', { hasText: released.name }) });
    await row.waitFor({ timeout: 10000 });
    expect(await row.locator('.assignee').textContent()).toBe(SALES.display);
    expect(page.problems).toEqual([]);
  });
});

describe('the search box', () => {
  it('finds leads by a fragment after a pause in typing; sales see their own, a manager everyone’s', async () => {
    const word = `q${tag()}`;
    const mine = await leadOf(SALES.name, `华东${word}变压器有限公司`);
    const theirs = await leadOf(NEXT.name, `华南${word}变压器有限公司`);

    const sales = await rig.signedIn(SALES);
    await board(sales);
    const asked: string[] = [];
    sales.on('request', (r) => {
      if (r.url().includes('/admin/search?')) asked.push(new URL(r.url()).searchParams.get('q') ?? '');
    });
    const box = sales.getByLabel('搜索线索');
    await box.pressSequentially(word, { delay: 40 });
    const results = sales.locator('#search-results');
    await sales.locator(`#search-list > li[data-lead-id="${mine.id}"]`).waitFor({ timeout: 10000 });
    // Typing is not a request per key: the last request asks for the whole word.
    expect(asked.length).toBeLessThan(word.length - 1);
    expect(asked[asked.length - 1]).toBe(word);
    expect(await sales.locator(`#search-list > li[data-lead-id="${theirs.id}"]`).count()).toBe(0);
    const hit = sales.locator(`#search-list > li[data-lead-id="${mine.id}"]`);
    expect(await hit.locator('.lead-link').textContent()).toBe(mine.name);
    expect(await hit.locator('.company').textContent()).toBe(` · 华东${word}变压器有限公司`);
    const meta = (await hit.locator('.meta').textContent())!;
    expect(meta.startsWith(`${mine.phone.slice(0, 3)} ${mine.phone.slice(3, 7)} ${mine.phone.slice(7)} · `)).toBe(true);
    expect(meta.endsWith(` · ${SALES.display} · 待跟进`)).toBe(true);

    // One character is too short to ask: the results go away.
    await box.fill('q');
    await results.waitFor({ state: 'hidden', timeout: 5000 });
    await box.fill(word);
    await hit.waitFor({ timeout: 10000 });
    await Promise.all([sales.waitForURL(`**/admin/board/leads/${mine.id}`), hit.locator('.lead-link').click()]);
    expect(sales.problems).toEqual([]);

    const manager = await rig.signedIn(MANAGER);
    await board(manager);
    await manager.getByLabel('搜索线索').fill(word);
    await manager.locator(`#search-list > li[data-lead-id="${theirs.id}"]`).waitFor({ timeout: 10000 });
    expect(await manager.locator('#search-list > li').count()).toBe(2);
    expect(await manager.locator(`#search-list > li[data-lead-id="${theirs.id}"] .meta`).textContent()).toContain(
      ` · ${NEXT.display} · `,
    );
    // Nothing found says so.
    await manager.getByLabel('搜索线索').fill(`${word}zz-none`);
    await manager.locator('#search-empty').waitFor({ state: 'visible', timeout: 10000 });
    expect(await manager.locator('#search-list > li').count()).toBe(0);
    expect(manager.problems).toEqual([]);
  });
});
