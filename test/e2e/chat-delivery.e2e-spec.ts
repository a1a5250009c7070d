/**
 * Chat robots and webhooks end to end: the built worker against local
 * DingTalk (signed), WeCom, Feishu (signed) and webhook receivers written
 * from the platforms' documentation, with real Redis, Postgres and SMTP.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { EVIL } from '../support/chat-fixtures';
import { ChatReceiver, type ReceivedMessage } from '../support/chat-receivers';
import { channelRow, messagesFor, shownText } from '../support/chat-stack';
import { postJson } from '../support/http';
import { ADMIN, adminGet, adminSend, leadWithTask, metricValue, patchTask, staffWorkerEnv, WANG } from '../support/staff';
import { startStack, validLead, waitFor, type Stack } from '../support/stack';
import { sleep } from '../support/wait';

jest.setTimeout(60_000);

let stack: Stack;
let ding: ChatReceiver;
let wecom: ChatReceiver;
let feishu: ChatReceiver;
let hook: ChatReceiver;
let robots: ChatReceiver[];
let all: ChatReceiver[];

beforeAll(async () => {
  // A minute's budget the file cannot use up, so no lead here waits for a digest.
  ding = await ChatReceiver.start('dingtalk', { secret: `SEC${randomBytes(16).toString('hex')}`, perMinute: 60 });
  wecom = await ChatReceiver.start('wecom', { perMinute: 60 });
  feishu = await ChatReceiver.start('feishu', { secret: randomBytes(12).toString('base64url') });
  hook = await ChatReceiver.start('webhook');
  robots = [ding, wecom, feishu];
  all = [...robots, hook];
  stack = await startStack({
    workerEnv: staffWorkerEnv({
      DINGTALK_ROBOTS: ding.entry,
      WECOM_ROBOTS: wecom.entry,
      FEISHU_ROBOTS: feishu.entry,
      WEBHOOK_URLS: hook.entry,
      DINGTALK_PER_MINUTE: '60',
      WECOM_PER_MINUTE: '60',
      PUBLIC_ADMIN_URL: 'https://crm.example.com',
      ESCALATION_MINUTES: '1',
    }),
  });
});

afterEach(() => {
  for (const r of all ?? []) r.mode = 'ok';
});

afterAll(async () => {
  await stack?.stop();
  await Promise.all((all ?? []).map((r) => r.close()));
});

async function postLead(overrides: Record<string, unknown> = {}): Promise<string> {
  const res = await postJson(stack.leadsUrl, validLead(overrides));
  expect(res.status).toBe(202);
  return res.json().id;
}

const waitForMessage = (r: ChatReceiver, leadId: string, count = 1, timeoutMs = 10_000) =>
  waitFor(
    async () => (messagesFor(r, leadId).length >= count ? messagesFor(r, leadId) : null),
    timeoutMs,
    `${r.platform} message ${count} for ${leadId}`,
  );

it('alerts every robot and webhook within 2 s, exactly once each, and still emails the lead', async () => {
  const posted = Date.now();
  const id = await postLead();
  const arrived = await Promise.all(all.map((r) => waitForMessage(r, id).then((m) => m[0].at - posted)));
  for (const ms of arrived) expect(ms).toBeLessThan(2000);
  await stack.sink.waitForLead(id);
  await sleep(1000);
  for (const r of all) expect(messagesFor(r, id)).toHaveLength(1);
  expect(stack.sink.messages.filter((m) => m.header('x-lead-id') === id)).toHaveLength(1);

  const { rows } = await stack.db.query(
    `SELECT channel, status, recipients, destination FROM notifications WHERE lead_id = $1 AND kind = 'new-lead' ORDER BY channel`,
    [id],
  );
  expect(rows.map((r) => [r.channel, r.status])).toEqual([
    ['dingtalk', 'sent'],
    ['email', 'sent'],
    ['feishu', 'sent'],
    ['webhook', 'sent'],
    ['wecom', 'sent'],
  ]);
  // The delivery log names each destination masked: never a token or secret.
  const log = JSON.stringify(rows);
  for (const r of robots) expect(log).not.toContain(r.token);
  const detail = await adminGet(stack, `/admin/leads/${id}`);
  expect(
    detail
      .json()
      .notifications.map((n: any) => n.channel)
      .sort(),
  ).toEqual(['dingtalk', 'email', 'feishu', 'webhook', 'wecom']);

  const [card] = messagesFor(ding, id);
  expect(card.body.msgtype).toBe('actionCard');
  // The group's button opens the lead's action page behind the login (a group message carries no personal token).
  expect(card.body.actionCard.singleURL).toBe(`https://crm.example.com/admin/leads/${id}/act`);
  const [feishuCard] = messagesFor(feishu, id);
  expect(feishuCard.body.card.elements[1].actions[0].url).toBe(`https://crm.example.com/admin/leads/${id}/act`);
  expect(shownText(messagesFor(wecom, id)[0])).toContain(`(https://crm.example.com/admin/leads/${id}/act)`);
  expect(shownText(card)).toContain('线索');
  // Masked in a group chat (ROBOT_SHOW_CONTACT=false); the webhook, a system of record, gets it whole.
  expect(shownText(card)).toContain('+8613');
  expect(shownText(card)).not.toContain('13812345678');
  const [event] = messagesFor(hook, id);
  expect(event.headers['x-lead-event']).toBe('lead.created');
  expect(event.body).toMatchObject({ event: 'lead.created', lead: { id, phone: '+8613812345678' } });
});

it('shows visitor text as plain text: no link, mention, @all or bold reaches any robot', async () => {
  const id = await postLead({
    name: EVIL,
    company: EVIL,
    requirement: `${EVIL} 详见 https://evil.example/x 或 www.evil.example`,
  });
  for (const r of robots) {
    const [m] = await waitForMessage(r, id);
    const text = shownText(m);
    expect(text).toContain('点我');
    for (const bad of ['<@all>', '@all', '[点我]', '**急**', 'http://evil', 'https://evil', 'evil.example', 'www.evil']) {
      expect(text).not.toContain(bad);
    }
    // The only links are our own.
    expect([...text.matchAll(/\]\(([^)]*)\)/g)].map((l) => l[1])).toEqual(
      text.includes('](') ? [`https://crm.example.com/admin/leads/${id}/act`] : [],
    );
    expect(m.raw).not.toMatch(/isAtAll":true|"@all"|<at /);
  }
  const [event] = await waitForMessage(hook, id);
  expect(event.body.lead.name).toBe(EVIL);
});

it('webhook requests verify with the five lines of Node in docs/chat.md', async () => {
  const readme = readFileSync(join(__dirname, '../../docs/chat.md'), 'utf8');
  const block = /<!-- webhook-verify -->\s*```js\n([\s\S]*?)```/.exec(readme)?.[1];
  expect(block).toBeDefined();
  const verify = new Function('require', `${block}\nreturn verify;`)(require) as (h: string, raw: string, s: string) => boolean;
  expect(hook.messages.length).toBeGreaterThan(0);
  for (const m of hook.messages) {
    expect(verify(m.headers['x-lead-signature'] as string, m.raw, hook.secret!)).toBe(true);
    expect(verify(m.headers['x-lead-signature'] as string, `${m.raw} `, hook.secret!)).toBe(false);
    expect(verify(m.headers['x-lead-signature'] as string, m.raw, 'whsec_wrong')).toBe(false);
  }
});

it('records a robot answering 310000 on the rows, logs it once, and sends once fixed, without a restart', async () => {
  ding.mode = 'bad-config';
  const id = await postLead();
  const failing = await channelRow(stack, id, 'dingtalk', 'new-lead', (r) => r.attempts >= 2 && r.status !== 'sent');
  expect(failing.last_error).toContain('310000');
  ding.mode = 'ok';
  const sent = await channelRow(stack, id, 'dingtalk', 'new-lead', (r) => r.status === 'sent');
  expect(sent.last_error).toBeNull();
  expect(messagesFor(ding, id)).toHaveLength(1);
  const alarms = stack.worker
    .output()
    .split('\n')
    .filter((l) => l.includes('chat destination misconfigured'));
  expect(alarms).toHaveLength(1);
  expect(alarms[0]).toContain('"level":50');
  expect(alarms[0]).not.toContain(ding.token);
  const metrics = (await adminGet(stack, '/metrics')).text;
  expect(metricValue(metrics, 'alerts_failed_total', { channel: 'dingtalk', reason: 'bad-signature' })).toBeGreaterThanOrEqual(1);
  expect(metricValue(metrics, 'alerts_sent_total', { channel: 'dingtalk', kind: 'new-lead' })).toBeGreaterThanOrEqual(2);
  expect(metricValue(metrics, 'robot_budget_remaining', { channel: 'dingtalk' })).toBeLessThan(60);
});

it('retries a robot that is down with backoff and delivers when it is back; the email does not wait', async () => {
  await wecom.down();
  try {
    const id = await postLead();
    await stack.sink.waitForLead(id, 5000);
    const failing = await channelRow(stack, id, 'wecom', 'new-lead', (r) => r.attempts >= 2 && r.status === 'pending');
    expect(failing.last_error).toMatch(/network|fetch failed|ECONNREFUSED/);
    await wecom.up();
    await channelRow(stack, id, 'wecom', 'new-lead', (r) => r.status === 'sent');
    expect(messagesFor(wecom, id)).toHaveLength(1);
  } finally {
    if (!(wecom as any).server.listening) await wecom.up();
  }
});

it('stops at a webhook answering 410 (failed, no more attempts) and retries one answering 500', async () => {
  hook.mode = 'http-410';
  const gone = await postLead();
  const failed = await channelRow(stack, gone, 'webhook', 'new-lead', (r) => r.status === 'failed');
  expect(failed.last_error).toContain('410');
  await sleep(2500);
  expect((await channelRow(stack, gone, 'webhook', 'new-lead', () => true)).attempts).toBe(1);

  hook.mode = 'http-500';
  const flaky = await postLead();
  await channelRow(stack, flaky, 'webhook', 'new-lead', (r) => r.attempts >= 2 && r.status === 'pending');
  hook.mode = 'ok';
  await channelRow(stack, flaky, 'webhook', 'new-lead', (r) => r.status === 'sent');
  expect(messagesFor(hook, gone)).toHaveLength(0);
  expect(messagesFor(hook, flaky)).toHaveLength(1);
});

it('resends on one channel when asked, and on all by default', async () => {
  const id = await postLead();
  await waitForMessage(ding, id);
  await stack.sink.waitForLead(id);

  const one = await adminSend(stack, 'POST', `/admin/leads/${id}/resend`, { channel: 'dingtalk' });
  expect(one.status).toBe(202);
  expect(one.json()).toMatchObject({ status: 'queued', notifications: [{ channel: 'dingtalk' }] });
  expect(one.json().notificationId).toBe(one.json().notifications[0].id);
  await waitForMessage(ding, id, 2);
  await stack.waitForRows(`SELECT 1 FROM notifications WHERE id = $1 AND status = 'sent'`, [one.json().notificationId]);
  expect(stack.sink.messages.filter((m) => m.header('x-lead-id') === id)).toHaveLength(1);

  const every = await adminSend(stack, 'POST', `/admin/leads/${id}/resend`, undefined);
  expect(every.status).toBe(202);
  expect(
    every
      .json()
      .notifications.map((n: any) => n.channel)
      .sort(),
  ).toEqual(['dingtalk', 'email', 'feishu', 'webhook', 'wecom']);
  expect(every.json().notificationId).toBe(every.json().notifications.find((n: any) => n.channel === 'email').id);
  await Promise.all([
    waitForMessage(ding, id, 3),
    waitForMessage(wecom, id, 2),
    waitForMessage(feishu, id, 2),
    waitForMessage(hook, id, 2),
  ]);

  expect((await adminSend(stack, 'POST', `/admin/leads/${id}/resend`, { channel: 'sms' })).status).toBe(400);
});

it('lists the destinations masked for the admin, with last success and the minute budget', async () => {
  expect((await adminGet(stack, '/admin/channels', WANG)).status).toBe(403);
  const res = await adminGet(stack, '/admin/channels', ADMIN);
  expect(res.status).toBe(200);
  const { destinations } = res.json();
  expect(destinations.map((d: any) => d.channel).sort()).toEqual(['dingtalk', 'feishu', 'webhook', 'wecom']);
  for (const r of robots) expect(res.text).not.toContain(r.token);
  expect(res.text).not.toContain(hook.secret);
  expect(res.text).not.toContain(ding.secret);
  for (const d of destinations) {
    expect(d.lastSuccessAt).not.toBeNull();
    expect(d.label).toContain(d.channel);
  }
  const dingtalk = destinations.find((d: any) => d.channel === 'dingtalk');
  expect(dingtalk.budgetRemaining).toBeLessThan(60);
  expect(dingtalk.sentLastMinute).toBeGreaterThan(0);
  expect(destinations.find((d: any) => d.channel === 'webhook').budgetRemaining).toBeNull();
});

it('sends a test message to every destination and reports each answer', async () => {
  feishu.mode = 'bad-config';
  expect((await adminSend(stack, 'POST', '/admin/channels/test', undefined, WANG)).status).toBe(403);
  const res = await adminSend(stack, 'POST', '/admin/channels/test', undefined);
  expect(res.status).toBe(200);
  const results = Object.fromEntries(res.json().results.map((r: any) => [r.channel, r]));
  expect(results.dingtalk).toMatchObject({ ok: true, result: 'ok' });
  expect(results.wecom).toMatchObject({ ok: true, result: 'ok' });
  expect(results.webhook).toMatchObject({ ok: true, result: 'ok' });
  expect(results.feishu.ok).toBe(false);
  expect(results.feishu.result).toContain('19021');
  expect(ding.messages.at(-1)!.raw).toContain('测试消息');
});

it('tells webhooks about a task change and robots and webhooks about an overdue task', async () => {
  const { leadId, taskId } = await leadWithTask(stack);
  await Promise.all(all.map((r) => waitForMessage(r, leadId)));

  expect((await patchTask(stack, taskId, { assignee: WANG.name })).status).toBe(200);
  const updated = await waitFor(
    async () => hook.messages.find((m: ReceivedMessage) => m.body.event === 'task.updated' && m.body.task?.id === taskId) ?? null,
    10_000,
    'task.updated',
  );
  expect(updated.body.task.assignee).toBe(WANG.name);

  // Due three minutes ago: the reminder, and (ESCALATION_MINUTES=1) the escalation.
  await stack.db.query(`UPDATE follow_up_tasks SET due_at = now() - interval '3 minutes' WHERE id = $1`, [taskId]);
  for (const r of robots) {
    const msgs = await waitForMessage(r, leadId, 3, 15_000);
    const texts = msgs.map(shownText).join('\n');
    expect(texts).toContain('线索跟进提醒');
    expect(texts).toContain('线索升级');
  }
  const reminders = await waitFor(
    async () => {
      const found = hook.messages.filter((m) => m.body.event === 'lead.reminder' && m.body.lead?.id === leadId);
      return found.length >= 2 ? found : null;
    },
    15_000,
    'lead.reminder events',
  );
  expect(reminders.map((m) => m.body.notice).sort()).toEqual(['escalation', 'reminder']);
  await sleep(2500);
  for (const r of robots) expect(messagesFor(r, leadId)).toHaveLength(3);
});
