/**
 * A worker SIGKILLed while it sends a burst of robot and webhook messages:
 * another worker process picks the jobs up (stalled jobs, expired ledger
 * leases), every lead still reaches the robot and the webhook, and the
 * duplicates are bounded by what was in flight at the kill.
 */
import { ChatReceiver } from '../support/chat-receivers';
import { leadIdsIn } from '../support/chat-stack';
import { postJson } from '../support/http';
import { startStack, validLead, waitFor, type Stack } from '../support/stack';

jest.setTimeout(150_000);

const LEADS = 40;
const CONCURRENCY = 4;

let stack: Stack;
let wecom: ChatReceiver;
let hook: ChatReceiver;

beforeAll(async () => {
  wecom = await ChatReceiver.start('wecom', { perMinute: 0 });
  hook = await ChatReceiver.start('webhook');
  stack = await startStack({
    workerEnv: {
      WECOM_ROBOTS: wecom.entry,
      WECOM_PER_MINUTE: '0',
      WEBHOOK_URLS: hook.entry,
      WORKER_CONCURRENCY: String(CONCURRENCY),
    },
  });
});

afterAll(async () => {
  await stack?.stop();
  await Promise.all([wecom?.close(), hook?.close()]);
});

it('loses no lead and bounds duplicates when a worker is killed mid-send', async () => {
  const answers = await Promise.all(Array.from({ length: LEADS }, () => postJson(stack.leadsUrl, validLead())));
  const ids = answers.map((res) => {
    expect(res.status).toBe(202);
    return res.json().id as string;
  });
  await waitFor(async () => (wecom.messages.length + hook.messages.length >= 5 ? true : null), 20_000, 'the first messages');
  await stack.worker.kill('SIGKILL');
  const atKill = { wecom: wecom.messages.length, hook: hook.messages.length };
  await stack.startExtraWorker();

  const everyLead = (r: ChatReceiver) =>
    waitFor(
      async () => {
        const seen = r.messages.flatMap((m) => (r.platform === 'webhook' ? [m.body.lead.id] : leadIdsIn(m)));
        return ids.every((id) => seen.includes(id)) ? seen : null;
      },
      60_000,
      `every lead at the ${r.platform} receiver`,
    );
  const [robotSeen, hookSeen] = await Promise.all([everyLead(wecom), everyLead(hook)]);
  const duplicates = (seen: string[]) => seen.length - new Set(seen).size;
  // At most the messages in flight at the kill (one per concurrent job and queue) come twice.
  expect(duplicates(robotSeen)).toBeLessThanOrEqual(CONCURRENCY);
  expect(duplicates(hookSeen)).toBeLessThanOrEqual(CONCURRENCY);
  // Webhook repeats carry the same X-Lead-Delivery, so a receiver can drop them.
  const deliveries = new Map<string, string>();
  for (const m of hook.messages) {
    const delivery = String(m.headers['x-lead-delivery']);
    expect(deliveries.get(m.body.lead.id) ?? delivery).toBe(delivery);
    deliveries.set(m.body.lead.id, delivery);
  }
  // A row the killed worker left "sending" after its message went out is
  // settled by the sweeper once its lease (5 s here) expires.
  const rows = await waitFor(
    async () => {
      const { rows: r } = await stack.db.query(
        `SELECT channel, status, count(*)::int AS n FROM notifications WHERE channel <> 'email' GROUP BY channel, status ORDER BY channel`,
      );
      return r.every((row: { status: string }) => row.status !== 'sending' && row.status !== 'pending') ? r : null;
    },
    30_000,
    'every channel row settled',
  );
  expect(rows).toEqual([
    { channel: 'webhook', status: 'sent', n: LEADS },
    { channel: 'wecom', status: 'sent', n: LEADS },
  ]);
  expect(atKill.wecom + atKill.hook).toBeLessThan(2 * LEADS);
});
