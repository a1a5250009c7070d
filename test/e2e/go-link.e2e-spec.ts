/**
 * One tap from the message: the owner's personal email at arrival carries a
 * signed link to the lead's action page. A GET (a chat preview, a mail
 * scanner) changes nothing; a POST with the page's form token acts as the
 * owner without a password and is the lead's first touch. The token opens
 * nothing else: another lead or another page 403, expired 410, a
 * deactivated account or a changed password refused.
 */
import { get, postForm, BROWSER_ACCEPT } from '../support/http';
import { startStack, waitFor, type Stack } from '../support/stack';
import { ADMIN, ESCALATION_TO, LI, leadWithTask, staffWorkerEnv, taskRow, WANG, WANG_EMAIL } from '../support/staff';
import { credentialVersion, signLink } from '../../apps/worker/src/notify/link-token';
import { weekOf } from '../../apps/worker/src/maintenance/weekly-review-schedule';
import { sleep } from '../support/wait';

jest.setTimeout(120_000);

const LINK_SECRET = 'go-link-e2e-secret-0123456789abcdefghij';
const PUBLIC_ADMIN_URL = 'https://crm.example.com';
const DINGTALK_UA =
  'Mozilla/5.0 (Linux; Android 13) AppleWebKit/537.36 Chrome/116.0 Mobile Safari/537.36 DingTalk(7.0.40) DingTalkBot';
const FEISHU_UA = 'Mozilla/5.0 (compatible; FeishuBot/1.0; Lark/7.1) facebookexternalhit/1.1';
const PHONE_UA = 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 Mobile/15E148 DingTalk/7.0';

let stack: Stack;

beforeAll(async () => {
  stack = await startStack({
    workerEnv: staffWorkerEnv({
      ASSIGNMENT: 'round-robin',
      LINK_SECRET,
      PUBLIC_ADMIN_URL,
      CLAIM_WITHIN_MINUTES: '0',
      WEEKLY_REVIEW: 'true',
    }),
  });
  // wang (with an address) gets every lead.
  await stack.db.query(`UPDATE staff SET receives_leads = (login = 'wang')`);
});
afterAll(() => stack?.stop());

const assignedTo = (leadId: string) =>
  stack.sink.messages.filter((m) => m.header('x-lead-id') === leadId && m.header('x-lead-notice') === 'assigned');

async function linkOf(leadId: string): Promise<{ token: string; url: string }> {
  const mail = await stack.sink.waitFor((m) => assignedTo(leadId).includes(m), 15_000, 'the owner email');
  const match = /https:\/\/crm\.example\.com\/admin\/go\/([A-Za-z0-9_-]+)/.exec(mail.mail.text ?? '');
  if (!match) throw new Error(`no personal link in ${mail.mail.text}`);
  return { token: match[1], url: `${stack.adminUrl}/admin/go/${match[1]}` };
}

const page = (url: string, ua = PHONE_UA) => get(url, { headers: { accept: BROWSER_ACCEPT, 'user-agent': ua } });
const formOf = (html: string) => /name="form" value="([^"]+)"/.exec(html)?.[1] ?? '';
const historyOf = async (taskId: string) =>
  (await stack.db.query(`SELECT action, actor FROM task_events WHERE task_id = $1 ORDER BY id`, [taskId])).rows;

describe('the owner email', () => {
  it('arrives once, to the owner, with the personal link, and the group alert has none', async () => {
    const { leadId, email } = await leadWithTask(stack, { name: '一键测试', phone: '13912345678' });
    const { token } = await linkOf(leadId);
    const [mail] = assignedTo(leadId);
    expect(mail.envelopeTo).toEqual([WANG_EMAIL]);
    expect(mail.mail.html).toContain(`href="${PUBLIC_ADMIN_URL}/admin/go/${token}"`);
    expect(mail.mail.html).toContain('href="tel:+8613912345678"');
    expect(email.mail.text).not.toContain('/admin/go/');
    // Later sweeps and checks send nothing more.
    await sleep(3000);
    expect(assignedTo(leadId)).toHaveLength(1);
    const { rows } = await stack.db.query(
      `SELECT dedupe_key, status FROM notifications WHERE lead_id = $1 AND kind = 'assigned'`,
      [leadId],
    );
    expect(rows).toEqual([{ dedupe_key: expect.stringMatching(/^email:assigned:[0-9a-f-]+:arrival$/), status: 'sent' }]);
  });
});

describe('the action page', () => {
  let leadId: string;
  let taskId: string;
  let link: { token: string; url: string };
  let other: { leadId: string };

  beforeAll(async () => {
    ({ leadId, taskId } = await leadWithTask(stack, { name: '预览测试', phone: '13912340000' }));
    link = await linkOf(leadId);
    other = await leadWithTask(stack, { name: '别的线索' });
  });

  it('shows the lead to a chat preview bot and changes nothing', async () => {
    const before = { task: await taskRow(stack, taskId), history: await historyOf(taskId) };
    for (const ua of [DINGTALK_UA, FEISHU_UA]) {
      const res = await page(link.url, ua);
      expect(res.status).toBe(200);
      expect(res.text).toContain('预览测试');
      expect(res.text).toContain('href="tel:+8613912340000"');
      expect(res.headers.get('cache-control')).toBe('no-store');
      const head = await get(link.url, { headers: { 'user-agent': ua } });
      expect(head.status).toBe(200);
    }
    const after = await taskRow(stack, taskId);
    expect(after).toEqual(before.task);
    expect(after.first_touch_at).toBeNull();
    expect(await historyOf(taskId)).toEqual(before.history);
  });

  it('claims with one POST, without a password, as the first touch; audited with address and user agent', async () => {
    const html = (await page(link.url)).text;
    // Without the page's form token: refused.
    const bare = await postForm(`${link.url}/claim`, { lead: leadId }, { headers: { 'user-agent': PHONE_UA } });
    expect(bare.status).toBe(403);
    // From another site: refused before anything else.
    const cross = await postForm(
      `${link.url}/claim`,
      { lead: leadId, form: formOf(html) },
      { headers: { origin: 'https://evil.example', 'user-agent': PHONE_UA } },
    );
    expect(cross.status).toBe(403);
    expect((await taskRow(stack, taskId)).first_touch_at).toBeNull();

    const res = await postForm(
      `${link.url}/claim`,
      { lead: leadId, form: formOf(html) },
      { headers: { 'user-agent': PHONE_UA } },
    );
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe(`/admin/go/${link.token}?done=claim`);
    const task = await taskRow(stack, taskId);
    expect(task).toMatchObject({ status: 'in_progress', assignee: 'wang', first_touch_by: 'wang' });
    expect(task.first_touch_at).toBeInstanceOf(Date);

    const contact = await postForm(
      `${link.url}/contact`,
      { lead: leadId, form: formOf(html), result: 'reached', note: '约了周三' },
      { headers: { 'user-agent': PHONE_UA } },
    );
    expect(contact.status).toBe(303);
    expect((await historyOf(taskId)).map((e) => e.action)).toEqual(['assigned', 'started', 'contact-reached']);
    // The first touch stays the claim.
    expect((await taskRow(stack, taskId)).first_touch_at).toEqual(task.first_touch_at);

    const { rows } = await stack.db.query(
      `SELECT action, actor, ip, detail FROM audit_log WHERE subject = $1 AND action LIKE 'link.%' ORDER BY id`,
      [leadId],
    );
    const used = rows.filter((r) => r.action === 'link.used');
    expect(used.map((r) => r.detail.action)).toEqual(['claim', 'contact']);
    expect(used[0]).toMatchObject({ actor: 'wang', ip: expect.any(String), detail: { userAgent: PHONE_UA } });
    expect(rows.some((r) => r.action === 'link.opened' && r.detail.userAgent === DINGTALK_UA)).toBe(true);
    expect(rows.some((r) => r.action === 'link.refused' && r.detail.reason === 'form')).toBe(true);
  });

  it('acts on its own lead only and opens no other page', async () => {
    const html = (await page(link.url)).text;
    const before = await taskRow(stack, taskId);
    const onOther = await postForm(`${link.url}/claim`, { lead: other.leadId, form: formOf(html) });
    expect(onOther.status).toBe(403);
    expect((await page(`${link.url}?lead=${other.leadId}`)).status).toBe(403);
    const otherTask = (await stack.db.query(`SELECT first_touch_at FROM follow_up_tasks WHERE lead_id = $1`, [other.leadId]))
      .rows[0];
    expect(otherTask.first_touch_at).toBeNull();
    // Another page under the link, another action, or the admin API: nothing.
    expect((await page(`${link.url}/tasks`)).status).toBe(403);
    expect((await postForm(`${link.url}/done`, { lead: leadId, form: formOf(html) })).status).toBe(403);
    const api = await get(`${stack.adminUrl}/admin/leads/${leadId}`, { headers: { authorization: `Bearer ${link.token}` } });
    expect(api.status).toBe(401);
    expect(await taskRow(stack, taskId)).toEqual(before);
  });

  it('answers an expired link with 410 and a way to log in', async () => {
    const { rows } = await stack.db.query(`SELECT password_hash FROM staff WHERE login = 'wang'`);
    const expired = signLink(LINK_SECRET, {
      leadId,
      login: 'wang',
      expiresAt: new Date(Date.now() - 60_000),
      credential: credentialVersion(LINK_SECRET, rows[0].password_hash),
    });
    const res = await page(`${stack.adminUrl}/admin/go/${expired}`);
    expect(res.status).toBe(410);
    // The way in: the login, then this lead's action page behind it.
    expect(res.text).toContain(`href="/admin/login?next=${encodeURIComponent(`/admin/leads/${leadId}/act`)}"`);
    // A forged one (another secret) is no link at all.
    const forged = signLink('another-secret-0123456789abcdefghijklmn', {
      leadId,
      login: 'wang',
      expiresAt: new Date(Date.now() + 60_000),
      credential: credentialVersion(LINK_SECRET, rows[0].password_hash),
    });
    expect((await page(`${stack.adminUrl}/admin/go/${forged}`)).status).toBe(403);
  });

  it('stops working when the account is deactivated or its password changes', async () => {
    const { rows } = await stack.db.query(`SELECT password_hash FROM staff WHERE login = 'wang'`);
    const hash = rows[0].password_hash as string;
    await stack.db.query(`UPDATE staff SET active = false WHERE login = 'wang'`);
    expect((await page(link.url)).status).toBe(403);
    await stack.db.query(`UPDATE staff SET active = true WHERE login = 'wang'`);
    expect((await page(link.url)).status).toBe(200);
    await stack.db.query(`UPDATE staff SET password_hash = $1 WHERE login = 'wang'`, [`${hash}x`]);
    const html = (await page(link.url)).text;
    expect((await page(link.url)).status).toBe(403);
    expect((await postForm(`${link.url}/contact`, { lead: leadId, form: formOf(html), result: 'no_answer' })).status).toBe(403);
    await stack.db.query(`UPDATE staff SET password_hash = $1 WHERE login = 'wang'`, [hash]);
    expect((await page(link.url)).status).toBe(200);
  });
});

describe('the group button: the same page behind the login', () => {
  let leadId: string;
  let taskId: string;
  let path: string;

  const loginAs = async (who: { name: string; password: string }, next: string) => {
    const res = await postForm(`${stack.adminUrl}/admin/login`, {
      login: who.name,
      password: who.password,
      next,
      remember: 'on',
    });
    expect(res.status).toBe(303);
    return { location: res.headers.get('location'), cookie: res.headers.get('set-cookie')!.split(';')[0] };
  };
  const as = (cookie: string, ua = PHONE_UA) => ({ headers: { cookie, accept: BROWSER_ACCEPT, 'user-agent': ua } });

  beforeAll(async () => {
    ({ leadId, taskId } = await leadWithTask(stack, { name: '群消息测试', phone: '13912345600' }));
    path = `/admin/leads/${leadId}/act`;
  });

  it('sends a browser without a session to the login and, once logged in, back to the page; a GET changes nothing', async () => {
    const before = { task: await taskRow(stack, taskId), history: await historyOf(taskId) };
    for (const ua of [PHONE_UA, DINGTALK_UA, FEISHU_UA]) {
      const res = await page(`${stack.adminUrl}${path}`, ua);
      expect(res.status).toBe(303);
      expect(res.headers.get('location')).toBe(`/admin/login?next=${encodeURIComponent(path)}`);
    }
    const { location, cookie } = await loginAs(WANG, path);
    expect(location).toBe(path);
    const res = await get(`${stack.adminUrl}${path}`, as(cookie));
    expect(res.status).toBe(200);
    expect(res.text).toContain('群消息测试');
    expect(res.text).toContain('href="tel:+8613912345600"');
    for (const action of ['claim', 'contact']) expect(res.text).toContain(`action="${path}/${action}"`);
    // No personal token: the session is the credential.
    expect(res.text).not.toContain('name="form"');
    expect(res.text).not.toContain('/admin/go/');
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(await taskRow(stack, taskId)).toEqual(before.task);
    expect(await historyOf(taskId)).toEqual(before.history);
  });

  it('claims with the session, refuses another site, and says it is done', async () => {
    const { cookie } = await loginAs(WANG, path);
    const cross = await postForm(
      `${stack.adminUrl}${path}/claim`,
      { lead: leadId },
      { headers: { cookie, origin: 'https://evil.example' } },
    );
    expect(cross.status).toBe(403);
    const anonymous = await postForm(`${stack.adminUrl}${path}/claim`, { lead: leadId });
    expect(anonymous.status).toBe(401);
    expect((await taskRow(stack, taskId)).first_touch_at).toBeNull();

    const res = await postForm(`${stack.adminUrl}${path}/claim`, { lead: leadId }, as(cookie));
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe(`${path}?done=claim`);
    expect(await taskRow(stack, taskId)).toMatchObject({ status: 'in_progress', assignee: 'wang', first_touch_by: 'wang' });
    expect((await get(`${stack.adminUrl}${path}?done=claim`, as(cookie))).text).toContain('已认领');
    expect((await postForm(`${stack.adminUrl}${path}/erase`, { lead: leadId }, as(cookie))).status).toBe(404);
  });

  it("answers a salesperson 404 for a colleague's lead, and lets a manager act on it", async () => {
    const before = await taskRow(stack, taskId);
    const li = await loginAs(LI, path);
    expect((await get(`${stack.adminUrl}${path}`, as(li.cookie))).status).toBe(404);
    expect((await postForm(`${stack.adminUrl}${path}/claim`, { lead: leadId }, as(li.cookie))).status).toBe(404);
    expect(await taskRow(stack, taskId)).toEqual(before);

    const admin = await loginAs(ADMIN, path);
    const contact = await postForm(`${stack.adminUrl}${path}/contact`, { lead: leadId, result: 'no_answer' }, as(admin.cookie));
    expect(contact.status).toBe(303);
    expect((await historyOf(taskId)).at(-1)).toEqual({ action: 'contact-no-answer', actor: ADMIN.name });
  });
});

describe('a hand-over', () => {
  it('tells the new owner once, with their own link', async () => {
    await stack.db.query(
      `INSERT INTO staff (login, name, role, email, password_hash) VALUES ('chen', '陈七', 'sales', 'chen@example.com', 'x')
       ON CONFLICT (login) DO NOTHING`,
    );
    const { leadId } = await leadWithTask(stack, { name: '转交测试' });
    const link = await linkOf(leadId);
    const html = (await page(link.url)).text;
    expect(html).toContain('value="chen"');
    const res = await postForm(`${link.url}/hand`, { lead: leadId, form: formOf(html), to: 'chen' });
    expect(res.status).toBe(303);
    const mail = await waitFor(
      () => assignedTo(leadId).find((m) => m.envelopeTo.includes('chen@example.com')),
      15_000,
      "chen's email",
    );
    const token = /\/admin\/go\/([A-Za-z0-9_-]+)/.exec(mail.mail.text ?? '')![1];
    expect(token).not.toBe(link.token);
    expect((await page(`${stack.adminUrl}/admin/go/${token}`)).text).toContain('陈七');
    expect(assignedTo(leadId)).toHaveLength(2);
  });
});

describe('remember this phone', () => {
  const login = (extra: Record<string, string>) =>
    postForm(`${stack.adminUrl}/admin/login`, { login: WANG.name, password: WANG.password, next: '/admin', ...extra });

  it('offers the box, and a ticked box makes a SESSION_REMEMBER_DAYS session that still works', async () => {
    const form = await get(`${stack.adminUrl}/admin/login`, { headers: { accept: BROWSER_ACCEPT } });
    expect(form.text).toContain('name="remember"');
    const plain = await login({});
    expect(plain.status).toBe(303);
    expect(plain.headers.get('set-cookie')).toMatch(/Max-Age=86400\b/);
    const remembered = await login({ remember: 'on' });
    expect(remembered.status).toBe(303);
    const cookie = remembered.headers.get('set-cookie')!;
    expect(cookie).toMatch(/Max-Age=2592000\b/);
    // Idle for two days: a plain session would have ended (SESSION_IDLE_MINUTES), the remembered one has not.
    await stack.db.query(
      `UPDATE staff_sessions SET last_seen_at = now() - interval '2 days', created_at = now() - interval '2 days' WHERE login = 'wang'`,
    );
    const headers = (c: string) => ({ cookie: c.split(';')[0], accept: 'application/json' });
    expect((await get(`${stack.adminUrl}/admin/tasks`, { headers: headers(cookie) })).status).toBe(200);
    expect((await get(`${stack.adminUrl}/admin/tasks`, { headers: headers(plain.headers.get('set-cookie')!) })).status).toBe(401);
  });
});

describe('the weekly review', () => {
  it('sends last week to the managers once, however often the job runs', async () => {
    await stack.db.query(
      `INSERT INTO staff (login, name, role, email, password_hash) VALUES ('boss', '老板', 'manager', 'boss@example.com', 'x')
       ON CONFLICT (login) DO NOTHING`,
    );
    // Two weeks back: on a Monday after 09:00 the deployment sends last week's review by itself (before boss existed).
    const week = weekOf(new Date(), 'Asia/Shanghai', -2).week;
    const reviews = () =>
      stack.sink.messages.filter((m) => m.header('x-lead-notice') === 'weekly-review' && m.header('x-review-week') === week);
    const queue = stack.queue('maintenance');
    await queue.add('maintenance.weekly-review', { week });
    const mail = await stack.sink.waitFor((m) => reviews().includes(m), 20_000, 'the weekly review');
    expect(mail.header('x-review-week')).toBe(week);
    expect(mail.envelopeTo.sort()).toEqual(['boss@example.com', ESCALATION_TO].sort());
    expect(mail.mail.text).toContain('5 分钟内响应占比');
    expect(mail.mail.text).toContain(`${PUBLIC_ADMIN_URL}/admin/reports`);
    await queue.add('maintenance.weekly-review', { week });
    await waitFor(
      async () =>
        (await stack.db.query(`SELECT 1 FROM notifications WHERE dedupe_key LIKE $1 AND status = 'sent'`, [`%${week}`])).rows
          .length === 1,
      10_000,
      'the sent row',
    );
    await sleep(2000);
    expect(reviews()).toHaveLength(1);
  });
});
