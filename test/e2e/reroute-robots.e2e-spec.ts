/**
 * Re-routes in the robots' groups, with two worker processes and local
 * DingTalk (signed), WeCom, Feishu (signed) and webhook receivers: a silent
 * owner's lead passing on is one message per robot mentioning the new
 * owner by mobile and saying who did not respond, and the limit is one
 * message per robot mentioning the active managers; webhooks get signed
 * lead.rerouted and lead.escalated events. Elapsed time is simulated by
 * moving assigned_at into the past; the check runs every second on both
 * workers, so "exactly once" is tested under the race it guards against.
 */
import { randomBytes } from 'node:crypto';
import { EVIL } from '../support/chat-fixtures';
import { ChatReceiver, verifyWebhookSignature, type ReceivedMessage } from '../support/chat-receivers';
import { messagesFor, shownText } from '../support/chat-stack';
import { leadWithTask, staffWorkerEnv, WANG } from '../support/staff';
import { startStack, waitFor, type Stack } from '../support/stack';
import { sleep } from '../support/wait';

jest.setTimeout(120_000);

const PUBLIC_ADMIN_URL = 'https://crm.example.com';
const ZHAO_MOBILE = '13500135000';
const BOSS_MOBILE = '13700137000';
const GONE_MOBILE = '13600136000';

let stack: Stack;
let ding: ChatReceiver;
let wecom: ChatReceiver;
let feishu: ChatReceiver;
let hook: ChatReceiver;
let robots: ChatReceiver[];

beforeAll(async () => {
  ding = await ChatReceiver.start('dingtalk', { secret: `SEC${randomBytes(16).toString('hex')}`, perMinute: 60 });
  wecom = await ChatReceiver.start('wecom', { perMinute: 60 });
  feishu = await ChatReceiver.start('feishu', { secret: randomBytes(12).toString('base64url') });
  hook = await ChatReceiver.start('webhook');
  robots = [ding, wecom, feishu];
  stack = await startStack({
    gateway: true,
    workerEnv: staffWorkerEnv({
      CLAIM_WITHIN_MINUTES: '1',
      REROUTE_LIMIT: '1',
      BUSINESS_HOURS: 'Mon-Sun 00:00-24:00 Asia/Shanghai',
      PUBLIC_ADMIN_URL,
      DINGTALK_ROBOTS: ding.entry,
      WECOM_ROBOTS: wecom.entry,
      FEISHU_ROBOTS: feishu.entry,
      WEBHOOK_URLS: hook.entry,
      DINGTALK_PER_MINUTE: '60',
      WECOM_PER_MINUTE: '60',
    }),
  });
  await stack.startExtraWorker();
  // wang and zhao take leads (so a step from wang always goes to zhao); boss manages; a departed manager is not mentioned.
  await stack.db.query(
    `INSERT INTO staff (login, name, role, mobile, password_hash) VALUES
       ('zhao', '赵六', 'sales', $1, 'x'), ('boss', '老板', 'manager', $2, 'x'), ('gone', '前经理', 'manager', $3, 'x')
     ON CONFLICT (login) DO NOTHING`,
    [ZHAO_MOBILE, BOSS_MOBILE, GONE_MOBILE],
  );
  await stack.db.query(`UPDATE staff SET active = false WHERE login = 'gone'`);
  await stack.db.query(`UPDATE staff SET receives_leads = login IN ('wang', 'zhao')`);
});

afterAll(async () => {
  await stack?.stop();
  await Promise.all([ding, wecom, feishu, hook].filter(Boolean).map((r) => r.close()));
});

const backdate = (taskId: string, login?: string) =>
  stack.db.query(
    `UPDATE follow_up_tasks SET assignee = coalesce($2, assignee), assigned_at = now() - interval '2 minutes' WHERE id = $1`,
    [taskId, login ?? null],
  );

const rerouted = (r: ChatReceiver, leadId: string) => messagesFor(r, leadId).filter((m) => shownText(m).includes('线索已转派：'));
const limited = (r: ChatReceiver, leadId: string) => messagesFor(r, leadId).filter((m) => shownText(m).includes('线索无人响应'));
const events = (leadId: string, event: string) =>
  hook.messages.filter((m) => m.body?.event === event && m.body?.lead?.id === leadId);

/** Waits until each robot has `count` messages picked by `pick`, then returns them by platform. */
async function eachRobot(pick: (r: ChatReceiver) => ReceivedMessage[], what: string, count = 1) {
  return waitFor(async () => (robots.every((r) => pick(r).length >= count) ? robots.map((r) => pick(r)) : null), 20_000, what);
}

/** Mobiles a message mentions the platform's own way (Feishu's custom bots have none for mobiles: text only). */
function mentioned(m: ReceivedMessage): string[] | null {
  if (m.body?.at) return m.body.at.atMobiles;
  if (m.body?.text?.mentioned_mobile_list) return m.body.text.mentioned_mobile_list;
  return null;
}

it('pages each robot once per step, mentioning the new owner, then puts the limit before the managers once', async () => {
  const { leadId, taskId } = await leadWithTask(stack, { name: EVIL, requirement: `${EVIL} 请尽快报价 www.evil.example` });
  await backdate(taskId, WANG.name);

  const [[d], [w], [f]] = await eachRobot((r) => rerouted(r, leadId), 're-route messages');
  const texts = [d, w, f].map(shownText);
  for (const text of texts) {
    expect(text).toContain('转派：wang 1 分钟内未响应');
    expect(text).toContain('赵六 (zhao)');
    expect(text).toContain(`@${ZHAO_MOBILE}`);
    // Visitor text as plain text: no mention, link or markup of theirs.
    expect(text).toContain('点我');
    for (const bad of ['<@all>', '@all', '[点我]', '**急**', 'http://evil', 'evil.example']) expect(text).not.toContain(bad);
  }
  expect(mentioned(d)).toEqual([ZHAO_MOBILE]);
  expect(mentioned(w)).toEqual([ZHAO_MOBILE]);
  // The one link is the lead's action page behind the login, never a personal link.
  for (const m of [d, w, f]) {
    expect(m.raw).toContain(`${PUBLIC_ADMIN_URL}/admin/leads/${leadId}/act`);
    expect(m.raw).not.toContain('/admin/go/');
    expect(m.raw).not.toMatch(/isAtAll":true|"@all"|<at /);
  }
  const moved = await waitFor(async () => events(leadId, 'lead.rerouted')[0] ?? null, 15_000, 'lead.rerouted');
  expect(moved.body).toMatchObject({ reroute: { step: 1, from: 'wang', to: 'zhao', withinMinutes: 1 }, task: { id: taskId } });
  expect(verifyWebhookSignature(moved.headers['x-lead-signature'] as string, moved.raw, hook.secret!)).toBe('ok');

  // zhao is silent too: REROUTE_LIMIT=1, so zhao keeps it and the managers are put before it.
  await backdate(taskId);
  const [[dl], [wl], [fl]] = await eachRobot((r) => limited(r, leadId), 'limit messages');
  for (const m of [dl, wl, fl]) {
    const text = shownText(m);
    expect(text).toContain('已转派 1 次仍无人响应，现由 赵六 (zhao) 负责');
    expect(text).toContain(`@${BOSS_MOBILE}`);
    expect(text).not.toContain(GONE_MOBILE);
  }
  expect(mentioned(dl)).toEqual([BOSS_MOBILE]);
  expect(mentioned(wl)).toEqual([BOSS_MOBILE]);
  expect(fl.body.card.header.template).toBe('red');
  const escalated = await waitFor(async () => events(leadId, 'lead.escalated')[0] ?? null, 15_000, 'lead.escalated');
  expect(escalated.body).toMatchObject({ reroute: { count: 1, owner: 'zhao' } });
  expect(verifyWebhookSignature(escalated.headers['x-lead-signature'] as string, escalated.raw, hook.secret!)).toBe('ok');

  // Several more checks on both workers: nothing repeats.
  await sleep(4000);
  for (const r of robots) {
    expect({ robot: r.platform, rerouted: rerouted(r, leadId).length, limit: limited(r, leadId).length }).toEqual({
      robot: r.platform,
      rerouted: 1,
      limit: 1,
    });
  }
  expect(events(leadId, 'lead.rerouted')).toHaveLength(1);
  expect(events(leadId, 'lead.escalated')).toHaveLength(1);
  const { rows } = await stack.db.query(
    `SELECT channel, kind, status FROM notifications WHERE task_id = $1 AND channel <> 'email' ORDER BY kind, channel`,
    [taskId],
  );
  expect(rows).toEqual(
    ['assigned', 'reroute-limit'].flatMap((kind) =>
      ['dingtalk', 'feishu', 'webhook', 'wecom'].map((channel) => ({ channel, kind, status: 'sent' })),
    ),
  );
});
