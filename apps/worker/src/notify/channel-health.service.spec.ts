import { chatRegistry } from '../../../../test/unit-fakes/chat-registry.fixture';
import { channelDirectory, DINGTALK_URL, WEBHOOK_URL } from '../../../../test/unit-fakes/channels.fixture';
import type { DestinationStats, NotificationRepository } from '../data/notification.repository';
import type { ChannelSender } from './channel-sender.service';
import type { DeliveryOutcome } from './channels/chat-channel';
import type { BudgetDecision, RobotBudgetService } from './channels/robot-budget.service';
import { ChannelHealth } from './channel-health.service';

describe('ChannelHealth', () => {
  const { directory } = channelDirectory({ DINGTALK_ROBOTS: `华东=${DINGTALK_URL}`, WEBHOOK_URLS: WEBHOOK_URL });
  const [robot, hook] = directory.all;
  let stats: DestinationStats[];
  let decision: BudgetDecision;
  let outcome: DeliveryOutcome;
  let sends: string[];
  let budget: { peek: jest.Mock; take: jest.Mock };
  let health: ChannelHealth;

  beforeEach(() => {
    stats = [];
    decision = { allowed: true, remaining: 17, nextFreeAt: 0, now: 0 };
    outcome = { status: 'sent', reason: 'ok', detail: 'ok' };
    sends = [];
    budget = { peek: jest.fn(async () => decision), take: jest.fn(async () => decision) };
    health = new ChannelHealth(
      directory,
      { destinationStats: async () => stats } as unknown as NotificationRepository,
      budget as unknown as RobotBudgetService,
      chatRegistry(),
      { send: async (d: { id: string }) => (sends.push(d.id), outcome) } as unknown as ChannelSender,
    );
  });

  it("shows each destination's ledger stats and, for rate-limited robots only, the budget left (peeked, not spent)", async () => {
    const since = new Date(Date.now() - 30 * 60_000);
    stats = [
      {
        destination: robot.id,
        lastSuccessAt: null,
        lastError: 'bad-secret',
        lastErrorAt: since,
        failingSince: since,
        sentLastMinute: 3,
      },
    ];
    const [r, h] = await health.overview();
    expect(r).toMatchObject({
      id: robot.id,
      name: '华东',
      perMinute: 20,
      lastError: 'bad-secret',
      sentLastMinute: 3,
      budgetRemaining: 17,
    });
    expect(h).toMatchObject({ id: hook.id, lastError: null, sentLastMinute: 0, budgetRemaining: null });
    expect(budget.peek).toHaveBeenCalledTimes(1);
    expect(budget.take).not.toHaveBeenCalled();
  });

  it('warns only of destinations failing for longer than the horizon', async () => {
    stats = [
      {
        destination: robot.id,
        lastSuccessAt: null,
        lastError: 'x',
        lastErrorAt: null,
        failingSince: new Date(Date.now() - 11 * 60_000),
        sentLastMinute: 0,
      },
      {
        destination: hook.id,
        lastSuccessAt: null,
        lastError: 'y',
        lastErrorAt: null,
        failingSince: new Date(Date.now() - 5 * 60_000),
        sentLastMinute: 0,
      },
    ];
    expect((await health.failing(10)).map((d) => d.id)).toEqual([robot.id]);
  });

  it('sends a test to each destination within its budget and reports each answer', async () => {
    outcome = { status: 'config-error', reason: 'keyword', detail: '310000 keywords not in content' };
    const results = await health.test();
    expect(results.map((r) => [r.id, r.ok, r.result])).toEqual([
      [robot.id, false, '310000 keywords not in content'],
      [hook.id, false, '310000 keywords not in content'],
    ]);
    expect(budget.take).toHaveBeenCalledTimes(1);
  });

  it('sends no test to a robot whose budget is spent, saying when it frees', async () => {
    decision = { allowed: false, remaining: 0, nextFreeAt: 12_400, now: 1_000 };
    const [r, h] = await health.test();
    expect(r).toMatchObject({ ok: false, result: "not sent: the robot's rate budget frees in 12 s" });
    expect(h).toMatchObject({ ok: true, result: 'ok' });
    expect(sends).toEqual([hook.id]);
  });
});
