/**
 * Spam quarantine end to end, with a DingTalk robot and a webhook receiver
 * and two workers: an obvious spam post is stored quarantined with no task,
 * no owner and nothing on any channel; a genuine one is alerted as usual;
 * not-spam releases a held lead exactly once (a double click, on both
 * workers at once), with its task due from now, its owner and one alert
 * per channel; spam verdicts and the blocklist.
 */
import { ChatReceiver } from '../support/chat-receivers';
import { messagesFor } from '../support/chat-stack';
import { postJson } from '../support/http';
import { adminGet, adminSend, metricValue, staffWorkerEnv, WANG } from '../support/staff';
import { startStack, validLead, waitFor, type Stack } from '../support/stack';
import { sleep } from '../support/wait';

jest.setTimeout(120_000);

const SPAM = {
  name: 'SEO优化',
  email: 'seo.rank@mailinator.com',
  company: null,
  requirement: '专业网站SEO优化，百度关键词7天上首页，高权重外链代发，包收录，加微信 seo8888 https://bit.ly/x7Yz',
};

let stack: Stack;
let ding: ChatReceiver;
let hook: ChatReceiver;
let secondAdminUrl: string;

beforeAll(async () => {
  ding = await ChatReceiver.start('dingtalk', { perMinute: 60 });
  hook = await ChatReceiver.start('webhook');
  stack = await startStack({
    workerEnv: staffWorkerEnv({
      ASSIGNMENT: 'round-robin',
      DINGTALK_ROBOTS: ding.entry,
      WEBHOOK_URLS: hook.entry,
      DINGTALK_PER_MINUTE: '60',
    }),
  });
  secondAdminUrl = (await stack.startExtraWorker()).url;
});

afterAll(async () => {
  await stack?.stop();
  await Promise.all([ding, hook].filter(Boolean).map((r) => r.close()));
});

/** A counter summed over both workers (whichever took the job or the click counted it). */
async function counter(name: string, labels: Record<string, string> = {}): Promise<number> {
  const texts = await Promise.all(
    [stack.adminUrl, secondAdminUrl].map((base) => adminGet({ ...stack, adminUrl: base }, '/metrics')),
  );
  return texts.reduce((n, r) => n + (metricValue(r.text, name, labels) ?? 0), 0);
}

async function post(lead: Record<string, unknown>): Promise<string> {
  const res = await postJson(stack.leadsUrl, validLead(lead));
  expect(res.status).toBe(202);
  return res.json().id;
}

const leadRow = async (id: string) =>
  (
    await stack.waitForRows<{ quarantined: boolean; spam_score: number; spam_reasons: string[] }>(
      'SELECT quarantined, spam_score, spam_reasons FROM leads WHERE id = $1',
      [id],
    )
  )[0];

const taskOf = async (id: string) =>
  (await stack.db.query('SELECT id, assignee, due_at, status FROM follow_up_tasks WHERE lead_id = $1', [id])).rows;

const emailsFor = (id: string, notice: string) =>
  stack.sink.messages.filter((m) => m.header('x-lead-id') === id && m.header('x-lead-notice') === notice).length;

const pagesFor = (id: string) => ({
  email: emailsFor(id, 'new-lead'),
  ding: messagesFor(ding, id).length,
  hook: messagesFor(hook, id).length,
});

it('stores an obvious spam post quarantined: no task, no owner, nothing on any channel', async () => {
  const id = await post(SPAM);
  const row = await leadRow(id);
  expect(row.quarantined).toBe(true);
  expect(row.spam_score).toBeGreaterThanOrEqual(0.8);
  expect(row.spam_reasons).toEqual(expect.arrayContaining(['shortener:bit.ly', 'disposable-email:mailinator.com']));
  // A genuine lead posted after it is alerted everywhere; by then the spam would have been too.
  const genuine = await post({ requirement: '需要干式变压器 SCB13-1000kVA 2台，请报价，交期多久？' });
  await stack.sink.waitForLead(genuine);
  await waitFor(async () => messagesFor(ding, genuine).length === 1 && messagesFor(hook, genuine).length === 1, 15_000, 'robots');
  expect((await leadRow(genuine)).quarantined).toBe(false);
  expect((await taskOf(genuine))[0].assignee).not.toBeNull();
  await sleep(1000);
  expect(pagesFor(id)).toEqual({ email: 0, ding: 0, hook: 0 });
  expect(await taskOf(id)).toEqual([]);
  expect((await stack.db.query('SELECT count(*)::int AS n FROM notifications WHERE lead_id = $1', [id])).rows[0].n).toBe(0);

  const detail = await adminGet(stack, `/admin/leads/${id}`);
  expect(detail.status).toBe(200);
  expect(detail.json()).toMatchObject({ quarantined: true, spam: { score: row.spam_score } });
  const list = await adminGet(stack, '/admin/spam');
  expect(list.json().leads.map((l: { id: string }) => l.id)).toContain(id);
  expect((await adminGet(stack, '/admin/spam', WANG)).status).toBe(403);
  expect(await counter('leads_quarantined_total')).toBeGreaterThanOrEqual(1);
});

it('releases a held lead exactly once on a double click across two workers: task due from now, owner, one alert per channel', async () => {
  const id = await post({ ...SPAM, email: 'seo.two@mailinator.com' });
  expect((await leadRow(id)).quarantined).toBe(true);
  const clickedAt = Date.now();
  const results = await Promise.all(
    [stack.adminUrl, stack.adminUrl, secondAdminUrl, secondAdminUrl].map((base) =>
      adminSend({ ...stack, adminUrl: base }, 'POST', `/admin/leads/${id}/not-spam`, undefined),
    ),
  );
  for (const r of results) expect(r.status).toBe(200);
  expect(results.filter((r) => r.json().released)).toHaveLength(1);

  await stack.sink.waitForLead(id);
  await waitFor(async () => messagesFor(ding, id).length === 1 && messagesFor(hook, id).length === 1, 15_000, 'robots');
  const [task] = await taskOf(id);
  expect(task.status).toBe('open');
  expect(task.assignee).not.toBeNull();
  expect(new Date(task.due_at).getTime()).toBeGreaterThan(clickedAt);
  expect((await leadRow(id)).quarantined).toBe(false);
  // The owner's own email with the one-tap link, when they have an address (STAFF_EMAILS: wang).
  const ownerMails = task.assignee === WANG.name ? 1 : 0;
  if (ownerMails) await waitFor(async () => emailsFor(id, 'assigned') === 1, 15_000, "the owner's email");

  // Clicked again later: nothing more.
  const again = await adminSend(stack, 'POST', `/admin/leads/${id}/not-spam`, undefined);
  expect(again.json().released).toBe(false);
  await sleep(1500);
  expect(pagesFor(id)).toEqual({ email: 1, ding: 1, hook: 1 });
  expect(emailsFor(id, 'assigned')).toBe(ownerMails);
  expect(await taskOf(id)).toHaveLength(1);
  const audit = await stack.db.query(`SELECT count(*)::int AS n FROM audit_log WHERE action = 'lead.not-spam' AND subject = $1`, [
    id,
  ]);
  expect(audit.rows[0].n).toBe(5);
  expect(await counter('spam_verdicts_total', { verdict: 'not-spam' })).toBe(1);
});

it('a spam verdict closes the task as spam and teaches the shared model', async () => {
  const id = await post({ requirement: '需要镀锌钢管 DN100 20吨，请报价' });
  await stack.sink.waitForLead(id);
  const res = await adminSend(stack, 'POST', `/admin/leads/${id}/spam`, undefined);
  expect(res.status).toBe(200);
  expect(res.json().learned).toBe(true);
  expect((await taskOf(id))[0].status).toBe('done');
  const model = (await stack.db.query('SELECT version, model FROM spam_model')).rows[0];
  expect(model.version).toBeGreaterThanOrEqual(1);
  const verdicts = (await stack.db.query('SELECT verdict FROM spam_verdicts WHERE lead_id = $1', [id])).rows;
  expect(verdicts).toEqual([{ verdict: 'spam' }]);
  // The same verdict again teaches nothing more.
  expect((await adminSend(stack, 'POST', `/admin/leads/${id}/spam`, undefined)).json().learned).toBe(false);
});

it('takes a held lead confirmed as spam off the list that waits for a verdict, and keeps it stored and held', async () => {
  const id = await post({ ...SPAM, email: 'seo.three@mailinator.com' });
  expect((await leadRow(id)).quarantined).toBe(true);
  const ids = async () => (await adminGet(stack, '/admin/spam')).json().leads.map((l: { id: string }) => l.id);
  expect(await ids()).toContain(id);
  expect((await adminSend(stack, 'POST', `/admin/leads/${id}/spam`, undefined)).status).toBe(200);
  expect(await ids()).not.toContain(id);
  expect((await leadRow(id)).quarantined).toBe(true);
});

it('quarantines posts from a blocked phone, email or IP, still answering 202', async () => {
  const blocked = await adminSend(stack, 'POST', '/admin/blocklist', { phone: '13987654321', days: 7 });
  expect(blocked.status).toBe(201);
  expect((await adminSend(stack, 'POST', '/admin/blocklist', { phone: '13987654321', email: 'a@b.cn' })).status).toBe(400);
  expect((await adminSend(stack, 'POST', '/admin/blocklist', { email: 'x@y.cn', days: 0 })).status).toBe(400);
  const id = await post({ phone: '13987654321', requirement: '需要储能柜 215kWh 2台，请报价' });
  const row = await leadRow(id);
  expect(row.quarantined).toBe(true);
  expect(row.spam_reasons[0]).toBe('blocked:phone');
  await sleep(1000);
  expect(pagesFor(id)).toEqual({ email: 0, ding: 0, hook: 0 });

  // An address in any case, and (last: it holds every later post from here) the client's IP.
  expect((await adminSend(stack, 'POST', '/admin/blocklist', { email: 'Buyer.Blocked@Example.cn', days: 1 })).status).toBe(201);
  const byEmail = await post({
    phone: '13987650001',
    email: 'buyer.blocked@example.cn',
    requirement: '需要储能柜 215kWh，请报价',
  });
  expect((await leadRow(byEmail)).spam_reasons[0]).toBe('blocked:email');
  expect((await adminSend(stack, 'POST', '/admin/blocklist', { ip: '127.0.0.1', days: 1 })).status).toBe(201);
  const byIp = await post({ phone: '13987650002', requirement: '需要储能柜 215kWh，请报价' });
  expect(await leadRow(byIp)).toMatchObject({ quarantined: true, spam_reasons: expect.arrayContaining(['blocked:ip']) });
  // Every post of this file comes from 127.0.0.1: lift that block for the tests after this one.
  await stack.db.query(`DELETE FROM spam_blocklist WHERE kind = 'ip'`);
});

it("scores a contact's later leads with its history (leads today, a spam verdict), each alerted once unless held", async () => {
  const contact = { phone: '13911112222', email: 'repeat.buyer@example.com' };
  const lead = (n: number) => post({ ...contact, requirement: `需要热轧钢板 Q235B ${n}0吨，请报价，交期多久？` });
  // One at a time, each stored before the next: the first three have 0, 1 and 2 others today.
  const first = [];
  for (const n of [1, 2, 3]) {
    const id = await lead(n);
    expect((await leadRow(id)).spam_reasons.filter((r) => r.startsWith('contact-'))).toEqual([]);
    first.push(id);
  }
  const fourth = await lead(4);
  const fourthRow = await leadRow(fourth);
  expect(fourthRow.spam_reasons).toContain('contact-frequency:3');
  expect(fourthRow.quarantined).toBe(false);
  await stack.sink.waitForLead(fourth);

  expect((await adminSend(stack, 'POST', `/admin/leads/${first[0]}/spam`, undefined)).status).toBe(200);
  const fifth = await lead(5);
  const fifthRow = await leadRow(fifth);
  expect(fifthRow.spam_reasons).toEqual(expect.arrayContaining(['contact-marked-spam', 'contact-frequency:4']));
  const fifthTasks = await taskOf(fifth);
  if (fifthRow.quarantined) expect(fifthTasks).toEqual([]);
  else await stack.sink.waitForLead(fifth);

  await sleep(1000);
  // One lead row each, and exactly one alert for every lead that was not held.
  const { rows } = await stack.db.query('SELECT count(*)::int AS n FROM leads WHERE phone = $1', ['+8613911112222']);
  expect(rows[0].n).toBe(5);
  const alerts = stack.sink.alertsByLead();
  for (const id of [...first, fourth]) expect(alerts.get(id)).toBe(1);
  expect(alerts.get(fifth) ?? 0).toBe(fifthRow.quarantined ? 0 : 1);
});
