/**
 * The weekly review in the robots' groups (issue 21): one short message per
 * robot and week with the team's numbers and a link to /admin/reports,
 * exactly once across two workers however often the job runs; webhooks get
 * none; a ledger row per destination.
 */
import { randomBytes } from 'node:crypto';
import { weekOf } from '../../apps/worker/src/maintenance/weekly-review-schedule';
import { ChatReceiver, type ReceivedMessage } from '../support/chat-receivers';
import { shownText } from '../support/chat-stack';
import { staffWorkerEnv } from '../support/staff';
import { startStack, waitFor, type Stack } from '../support/stack';

jest.setTimeout(90_000);

const PUBLIC_ADMIN_URL = 'https://crm.example.com';
let stack: Stack;
let ding: ChatReceiver;
let wecom: ChatReceiver;
let hook: ChatReceiver;

beforeAll(async () => {
  ding = await ChatReceiver.start('dingtalk', { secret: `SEC${randomBytes(16).toString('hex')}`, perMinute: 60 });
  wecom = await ChatReceiver.start('wecom', { perMinute: 60 });
  hook = await ChatReceiver.start('webhook');
  stack = await startStack({
    workerEnv: staffWorkerEnv({
      DINGTALK_ROBOTS: ding.entry,
      WECOM_ROBOTS: wecom.entry,
      WEBHOOK_URLS: hook.entry,
      DINGTALK_PER_MINUTE: '60',
      WECOM_PER_MINUTE: '60',
      PUBLIC_ADMIN_URL,
      WEEKLY_REVIEW: 'true',
    }),
  });
  await stack.startExtraWorker();
});

afterAll(async () => {
  await stack?.stop();
  await Promise.all([ding, wecom, hook].filter(Boolean).map((r) => r.close()));
});

/** A review of `firstDay`'s week (the deployment also sends last week's by itself, today being past Monday 09:00 or not). */
const reviewOf = (firstDay: string) => (m: ReceivedMessage) =>
  shownText(m).includes('线索响应速度') && shownText(m).includes(firstDay);

it('goes to each robot once per week with the numbers and the reports link, never to webhooks', async () => {
  // Three weeks back: no deployment sends that one by itself.
  const week = weekOf(new Date(), 'Asia/Shanghai', -3);
  const isReview = reviewOf(week.firstDay);
  const queue = stack.queue('maintenance');
  await Promise.all([1, 2, 3].map(() => queue.add('maintenance.weekly-review', { week: week.week })));
  for (const robot of [ding, wecom]) {
    const [m] = await waitFor(
      async () => (robot.messages.some(isReview) ? robot.messages.filter(isReview) : null),
      20_000,
      `${robot.platform}: the weekly review`,
    );
    const text = shownText(m);
    expect(text).toContain(week.lastDay);
    for (const label of ['线索数', '首次响应中位数', '5 分钟内响应占比', '被转派', '当前超时未处理'])
      expect(text).toContain(label);
    expect(m.raw).toContain(`${PUBLIC_ADMIN_URL}/admin/reports`);
  }
  const rows = await waitFor(
    async () => {
      const { rows } = await stack.db.query(
        `SELECT channel, status FROM notifications WHERE kind = 'weekly-review' AND dedupe_key LIKE $1 ORDER BY channel`,
        [`%:${week.week}:%`],
      );
      return rows.length === 2 && rows.every((r) => r.status === 'sent') ? rows : null;
    },
    10_000,
    'a sent ledger row per robot',
  );
  expect(rows.map((r) => r.channel)).toEqual(['dingtalk', 'wecom']);
  // Run again, on either worker: nothing more.
  await Promise.all([1, 2].map(() => queue.add('maintenance.weekly-review', { week: week.week })));
  await new Promise((r) => setTimeout(r, 3000));
  expect(ding.messages.filter(isReview)).toHaveLength(1);
  expect(wecom.messages.filter(isReview)).toHaveLength(1);
  expect(hook.messages).toHaveLength(0);
});
