import { channelDirectory, DINGTALK_URL, WEBHOOK_URL } from '../../../../test/unit-fakes/channels.fixture';
import { ledgerRig, type LedgerRig } from '../../../../test/unit-fakes/ledger.fake';
import { fakeLogger } from '../../../../test/unit-fakes/logger.fake';
import type { WeeklyReviewRepository } from '../data/weekly-review.repository';
import type { ChannelSender } from '../notify/channel-sender.service';
import type { ChatNotice, DeliveryOutcome } from '../notify/channels/chat-channel';
import type { RobotBudgetService } from '../notify/channels/robot-budget.service';
import { reviewRobots, WeeklyReviewRobots, type WeeklyRobotNotice } from './weekly-review-robots.service';

const WEEK = '2026-W09';
const NOTICE: WeeklyRobotNotice = {
  kind: 'weekly-review',
  week: WEEK,
  heading: '上周线索回顾',
  rows: [['线索数', '42']],
  link: 'http://admin.example/admin/reports',
} as unknown as WeeklyRobotNotice;

describe('WeeklyReviewRobots', () => {
  let rig: LedgerRig;
  let robots: WeeklyReviewRobots;
  let sends: { robot: string; notice: ChatNotice }[];
  let outcome: DeliveryOutcome;
  let budget: { allowed: boolean };
  let pauses: number[];
  let built: number;

  function build(env: Record<string, string>) {
    const { directory, config } = channelDirectory({ MAIL_TO: 'sales@example.com', ...env });
    rig = ledgerRig(config);
    const reviews = {
      // As the SQL: each robot's row of the week once.
      recordRobots: async (week: string, list: { channel: 'dingtalk'; id: string; label: string }[]) => {
        for (const r of list) {
          const key = { channel: r.channel, kind: 'weekly-review', week, destination: r.id } as const;
          if (!rig.notifications.row(key)) rig.notifications.seed({ key, leadId: null, recipients: r.label });
        }
      },
    };
    robots = new WeeklyReviewRobots(
      directory,
      reviews as unknown as WeeklyReviewRepository,
      rig.ledger,
      {
        take: async () => ({ ...budget }),
        pause: async (_robot: unknown, ms: number) => void pauses.push(ms),
      } as unknown as RobotBudgetService,
      {
        send: async (d: { id: string }, notice: ChatNotice) => (sends.push({ robot: d.id, notice }), outcome),
      } as unknown as ChannelSender,
      fakeLogger(),
    );
  }

  const notice = async () => (built++, NOTICE);

  beforeEach(() => {
    sends = [];
    pauses = [];
    built = 0;
    budget = { allowed: true };
    outcome = { status: 'sent', reason: 'ok', detail: 'errcode 0' } as DeliveryOutcome;
    build({ DINGTALK_ROBOTS: DINGTALK_URL, WEBHOOK_URLS: WEBHOOK_URL });
  });

  it('leaves webhooks out: their receivers get one event per lead, not a weekly message', () => {
    build({ DINGTALK_ROBOTS: DINGTALK_URL, WEBHOOK_URLS: WEBHOOK_URL });
    const all = (robots as unknown as { directory: { all: { channel: string }[] } }).directory.all;
    expect(all.map((d) => d.channel).sort()).toEqual(['dingtalk', 'webhook']);
    expect(reviewRobots(all as never).map((d) => d.channel)).toEqual(['dingtalk']);
  });

  it('sends each robot the week once, and builds the numbers only for a claimed row', async () => {
    const first = await robots.send(WEEK, notice);
    expect(Object.values(first)).toEqual(['sent']);
    expect(sends).toEqual([{ robot: expect.any(String), notice: NOTICE }]);
    expect(built).toBe(1);
    expect(Object.values(await robots.send(WEEK, notice))).toEqual(['already-sent']);
    expect(sends).toHaveLength(1);
    expect(built).toBe(1);
  });

  it('waits for budget: no send and the row back to pending, sent at a later check', async () => {
    budget = { allowed: false };
    expect(Object.values(await robots.send(WEEK, notice))).toEqual(['later']);
    expect(sends).toEqual([]);
    budget = { allowed: true };
    expect(Object.values(await robots.send(WEEK, notice))).toEqual(['sent']);
    expect(sends).toHaveLength(1);
  });

  it("pauses the robot for the platform's retry-after when rate-limited, and tries again later", async () => {
    outcome = { status: 'rate-limited', reason: 'limit', detail: 'errcode 130101', retryAfterMs: 42_000 } as DeliveryOutcome;
    expect(Object.values(await robots.send(WEEK, notice))).toEqual(['later']);
    expect(pauses).toEqual([42_000]);
    outcome = { status: 'sent', reason: 'ok', detail: 'errcode 0' } as DeliveryOutcome;
    expect(Object.values(await robots.send(WEEK, notice))).toEqual(['sent']);
  });

  it('hands the row back when the numbers cannot be read, so nothing is lost', async () => {
    const broken = async (): Promise<WeeklyRobotNotice> => {
      throw new Error('Postgres gone');
    };
    expect(Object.values(await robots.send(WEEK, broken))).toEqual(['later']);
    expect(Object.values(await robots.send(WEEK, notice))).toEqual(['sent']);
  });
});
