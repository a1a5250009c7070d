import { channelDirectory, DINGTALK_URL, WEBHOOK_URL } from '../../../../test/unit-fakes/channels.fixture';
import { ledgerRig, type LedgerRig } from '../../../../test/unit-fakes/ledger.fake';
import { fakeLogger } from '../../../../test/unit-fakes/logger.fake';
import { BusinessCalendar } from '../data/business-calendar';
import type { LedgerKey } from '../data/ledger-key';
import type { WeekNumbers, WeeklyReviewRepository } from '../data/weekly-review.repository';
import type { ChannelSender } from '../notify/channel-sender.service';
import type { ChatNotice, DeliveryOutcome } from '../notify/channels/chat-channel';
import type { RobotBudgetService } from '../notify/channels/robot-budget.service';
import { WeeklyReviewRobots } from './weekly-review-robots.service';
import { WeeklyReviewService } from './weekly-review.service';

// Monday 2 March 2026, 10:00 in Shanghai: last week's review (2026-W09) is due since 09:00.
const MONDAY_10 = new Date('2026-03-02T02:00:00Z');
const MONDAY_08 = new Date('2026-03-02T00:00:00Z');
const NUMBERS: WeekNumbers = { leads: 42, medianResponseSeconds: 240, within5mShare: 0.5, rerouted: 3, overdueOpen: 1 };

describe('WeeklyReviewService', () => {
  let rig: LedgerRig;
  let managers: string[];
  let asked: { from: Date; to: Date }[];
  let service: WeeklyReviewService;
  let robotSends: { robot: string; notice: ChatNotice }[];
  let outcome: DeliveryOutcome;

  function build(env: Record<string, string> = {}) {
    const { directory, config } = channelDirectory({ MAIL_TO: 'sales@example.com', ...env });
    rig = ledgerRig(config);
    const reviews = {
      managerAddresses: async () => managers,
      // As the SQL: the first worker's row wins, and its recipients are read back.
      record: async (key: Extract<LedgerKey, { kind: 'weekly-review' }>, recipients: string[]) => {
        const row =
          rig.notifications.row(key) ?? rig.notifications.seed({ key, leadId: null, recipients: recipients.join(', ') });
        return row.recipients.split(', ').filter(Boolean);
      },
      numbers: async (from: Date, to: Date) => (asked.push({ from, to }), NUMBERS),
      // As the SQL: each robot's row of the week once.
      recordRobots: async (week: string, robots: { channel: 'dingtalk'; id: string; label: string }[]) => {
        for (const r of robots) {
          const key = { channel: r.channel, kind: 'weekly-review', week, destination: r.id } as const;
          if (!rig.notifications.row(key)) rig.notifications.seed({ key, leadId: null, recipients: r.label });
        }
      },
    };
    // The real robots' sender logic over a platform that answers `outcome`, with budget to spare.
    const robots = new WeeklyReviewRobots(
      directory,
      reviews as unknown as WeeklyReviewRepository,
      rig.ledger,
      { take: async () => ({ allowed: true }), pause: async () => undefined } as unknown as RobotBudgetService,
      {
        send: async (d: { id: string }, notice: ChatNotice) => (robotSends.push({ robot: d.id, notice }), outcome),
      } as unknown as ChannelSender,
      fakeLogger(),
    );
    service = new WeeklyReviewService(
      reviews as unknown as WeeklyReviewRepository,
      new BusinessCalendar(null, 30),
      rig.ledger,
      rig.mailer,
      robots,
      rig.config,
      fakeLogger(),
    );
  }

  beforeEach(() => {
    managers = ['mgr@example.com'];
    asked = [];
    robotSends = [];
    outcome = { status: 'sent', reason: 'ok', detail: 'errcode 0' };
    build();
  });

  it("sends last week's numbers to the managers once, from Monday 09:00", async () => {
    expect(await service.run(MONDAY_08)).toBe('not-due');
    expect(await service.run(MONDAY_10)).toBe('sent');
    expect(rig.mail.sent).toHaveLength(1);
    expect(rig.mail.sent[0].to).toEqual(['mgr@example.com']);
    expect(String(rig.mail.sent[0].subject)).toContain('2026-02-23 至 2026-03-01');
    // Monday 23 Feb to Monday 2 March, Shanghai midnight.
    expect(asked).toEqual([{ from: new Date('2026-02-22T16:00:00Z'), to: new Date('2026-03-01T16:00:00Z') }]);
    expect(rig.notifications.row('email:weekly-review:2026-W09')!.status).toBe('sent');
    expect(await service.run(MONDAY_10)).toBe('already-sent');
    expect(rig.mail.sent).toHaveLength(1);
  });

  it('adds ESCALATION_TO to the managers, each address once', async () => {
    build({ ESCALATION_TO: 'MGR@example.com,boss@example.com' });
    await service.run(MONDAY_10);
    expect(rig.mail.sent[0].to).toEqual(['mgr@example.com', 'boss@example.com']);
  });

  it('falls back to MAIL_TO with no manager and no ESCALATION_TO', async () => {
    managers = [];
    await service.run(MONDAY_10);
    expect(rig.mail.sent[0].to).toEqual(['sales@example.com']);
  });

  it('sends nothing with WEEKLY_REVIEW off', async () => {
    build({ WEEKLY_REVIEW: 'false' });
    expect(await service.run(MONDAY_10)).toBe('off');
    expect(rig.mail.sent).toEqual([]);
  });

  it("re-runs a named recent week on an operator's request, and refuses an unknown one", async () => {
    expect(await service.run(MONDAY_10, '2026-W07')).toBe('sent');
    expect(String(rig.mail.sent[0].subject)).toContain('2026-02-09 至 2026-02-15');
    expect(rig.notifications.row('email:weekly-review:2026-W07')!.status).toBe('sent');
    expect(await service.run(MONDAY_10, '2019-W01')).toBe('not-due');
  });

  it('leaves the row pending and throws when the send fails, so the next check sends it', async () => {
    rig.mail.failNext(new Error('SMTP 421'));
    await expect(service.run(MONDAY_10)).rejects.toThrow('SMTP 421');
    expect(rig.notifications.row('email:weekly-review:2026-W09')!.status).toBe('pending');
    expect(await service.run(MONDAY_10)).toBe('sent');
  });

  it("sends each robot the week's numbers once (webhooks none), reading the numbers once per check", async () => {
    build({ DINGTALK_ROBOTS: DINGTALK_URL, WEBHOOK_URLS: WEBHOOK_URL });
    expect(await service.run(MONDAY_10)).toBe('sent');
    expect(robotSends).toHaveLength(1);
    expect(robotSends[0].notice).toMatchObject({ kind: 'weekly-review', week: '2026-W09' });
    expect(JSON.stringify(robotSends[0].notice)).toContain('42');
    expect(asked).toHaveLength(1);
    await service.run(MONDAY_10);
    expect(robotSends).toHaveLength(1);
  });

  it("keeps a robot's row pending when the platform fails for now, and sends it at the next check", async () => {
    build({ DINGTALK_ROBOTS: DINGTALK_URL });
    outcome = { status: 'retry', reason: 'server', detail: 'HTTP 502' } as DeliveryOutcome;
    expect(await service.run(MONDAY_10)).toBe('sent');
    outcome = { status: 'sent', reason: 'ok', detail: 'errcode 0' };
    await service.run(MONDAY_10);
    expect(robotSends).toHaveLength(2);
    expect(rig.mail.sent).toHaveLength(1);
  });
});
