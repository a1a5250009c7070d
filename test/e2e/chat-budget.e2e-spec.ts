/**
 * A flood of leads to one DingTalk robot, shared by two worker processes:
 * the robot is never pushed past its minute (DINGTALK_PER_MINUTE, the same
 * limit the receiver enforces with the platform's 130101 and 10-minute
 * throttle), and every lead is in exactly one message, its own or the
 * digest sent when the budget frees. The digest waits out the minute, so
 * this file takes a little over a minute.
 */
import { ChatReceiver } from '../support/chat-receivers';
import { leadIdsIn, maxInWindow } from '../support/chat-stack';
import { postJson } from '../support/http';
import { startStack, validLead, waitFor, type Stack } from '../support/stack';
import { sleep } from '../support/wait';

jest.setTimeout(150_000);

const PER_MINUTE = 5;
const LEADS = 60;

let stack: Stack;
let ding: ChatReceiver;

beforeAll(async () => {
  ding = await ChatReceiver.start('dingtalk', { secret: 'SECbudget-e2e-0123456789abcdef', perMinute: PER_MINUTE });
  stack = await startStack({ workerEnv: { DINGTALK_ROBOTS: ding.entry, DINGTALK_PER_MINUTE: String(PER_MINUTE) } });
  await stack.startExtraWorker();
});

afterAll(async () => {
  await stack?.stop();
  await ding?.close();
});

it(`keeps ${LEADS} leads in a minute within ${PER_MINUTE} messages a minute, each lead in exactly one message`, async () => {
  const ids: string[] = [];
  const started = Date.now();
  // Spread over ~15 s, in bursts, as a busy morning would bring them.
  for (let burst = 0; burst < 6; burst++) {
    const answers = await Promise.all(
      Array.from({ length: LEADS / 6 }, () => postJson(stack.leadsUrl, validLead({ requirement: `预算测试 ${burst}` }))),
    );
    for (const res of answers) {
      expect(res.status).toBe(202);
      ids.push(res.json().id);
    }
    await sleep(2500);
  }
  expect(Date.now() - started).toBeLessThan(60_000);

  const covered = await waitFor(
    async () => {
      const seen = ding.messages.flatMap(leadIdsIn);
      return ids.every((id) => seen.includes(id)) ? seen : null;
    },
    100_000,
    `every lead in a DingTalk message`,
  );
  for (const id of ids) expect(covered.filter((seen) => seen === id)).toHaveLength(1);
  expect(ding.rejections.filter((r) => r.code === 130101)).toEqual([]);
  expect(ding.rejections).toEqual([]);
  expect(maxInWindow(ding.messages, 60_000)).toBeLessThanOrEqual(PER_MINUTE);
  expect(ding.messages.length).toBeLessThanOrEqual(PER_MINUTE + 2);
  expect(ding.messages.some((m) => m.raw.includes('新线索汇总'))).toBe(true);

  const { rows } = await stack.db.query(
    `SELECT status, count(*)::int AS n FROM notifications WHERE channel = 'dingtalk' GROUP BY status`,
  );
  expect(rows).toEqual([{ status: 'sent', n: LEADS }]);
  // The robot being held back never held back the email.
  await waitFor(async () => (stack.sink.messages.length >= LEADS ? true : null), 30_000, 'every alert email');
});
