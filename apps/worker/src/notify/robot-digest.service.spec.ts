import { UnrecoverableError } from 'bullmq';
import { channelDirectory, DINGTALK_URL } from '../../../../test/unit-fakes/channels.fixture';
import { aLead } from '../../../../test/unit-fakes/lead.fixture';
import { ledgerRig, type LedgerRig } from '../../../../test/unit-fakes/ledger.fake';
import { fakeLogger } from '../../../../test/unit-fakes/logger.fake';
import type { TaskRepository } from '../data/task.repository';
import type { ChannelProducer } from '../queue/channel-producer.service';
import type { ChannelSender } from './channel-sender.service';
import type { ChatNotice, DeliveryOutcome } from './channels/chat-channel';
import type { BudgetDecision, RobotBudgetService } from './channels/robot-budget.service';
import { RobotDigestService } from './robot-digest.service';

const NOW = 1_000_000;

describe('RobotDigestService', () => {
  const { directory } = channelDirectory({ DINGTALK_ROBOTS: DINGTALK_URL });
  const robot = directory.all[0];
  let rig: LedgerRig;
  let decision: BudgetDecision;
  let outcome: DeliveryOutcome;
  let sent: ChatNotice[];
  let scheduled: { destinationId: string; atMs: number; delayMs: number }[];
  let budget: { take: jest.Mock; pause: jest.Mock };
  let service: RobotDigestService;

  /** A new-lead row for the robot, held back by its budget. */
  function heldBack(erased = false) {
    const lead = rig.notifications.addLead(aLead(erased ? { erasedAt: new Date() } : {}));
    const key = { channel: 'dingtalk', kind: 'new-lead', leadId: lead.id, destination: robot.id } as const;
    rig.notifications.seed({ key, leadId: lead.id, recipients: robot.label }, 'batched');
    return { lead, key };
  }

  beforeEach(() => {
    rig = ledgerRig();
    decision = { allowed: true, remaining: 10, nextFreeAt: NOW, now: NOW };
    outcome = { status: 'sent', reason: 'ok', detail: 'errcode 0' };
    sent = [];
    scheduled = [];
    budget = {
      take: jest.fn(async () => decision),
      pause: jest.fn(async (_r, ms: number) => ({ allowed: false, remaining: 0, nextFreeAt: NOW + ms, now: NOW })),
    };
    const sender = {
      send: jest.fn(async (_d, notice: ChatNotice) => {
        sent.push(notice);
        return outcome;
      }),
    };
    const producer = {
      scheduleDigest: jest.fn(async (destinationId: string, atMs: number, delayMs: number) => {
        scheduled.push({ destinationId, atMs, delayMs });
      }),
    };
    const tasks = { findByLead: jest.fn(async () => null) };
    service = new RobotDigestService(
      directory,
      rig.notifications.asRepository(),
      tasks as unknown as TaskRepository,
      rig.ledger,
      budget as unknown as RobotBudgetService,
      sender as unknown as ChannelSender,
      producer as unknown as ChannelProducer,
      fakeLogger(),
    );
  });

  it('sends every held-back lead in one digest message and marks all their rows sent', async () => {
    const a = heldBack();
    const b = heldBack();
    expect(await service.send(robot.id, false)).toEqual({ leads: 2 });
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({ kind: 'digest', more: 0 });
    expect((sent[0] as { leads: { id: string }[] }).leads.map((l) => l.id)).toEqual([a.lead.id, b.lead.id]);
    expect([a, b].map((x) => rig.notifications.row(x.key)!.status)).toEqual(['sent', 'sent']);
    expect(budget.take).toHaveBeenCalledTimes(1);
  });

  it('sends a single held-back lead as its own new-lead message', async () => {
    const a = heldBack();
    await service.send(robot.id, false);
    expect(sent).toEqual([expect.objectContaining({ kind: 'new-lead', lead: expect.objectContaining({ id: a.lead.id }) })]);
  });

  it('does nothing for an unknown robot or when nothing is held back', async () => {
    expect(await service.send('no-such-robot', false)).toEqual({ leads: 0 });
    expect(await service.send(robot.id, false)).toEqual({ leads: 0 });
    expect(budget.take).not.toHaveBeenCalled();
    expect(sent).toHaveLength(0);
  });

  it('fails erased leads for good and leaves them out of the message', async () => {
    const erased = heldBack(true);
    const kept = heldBack();
    await service.send(robot.id, false);
    expect(rig.notifications.row(erased.key)).toMatchObject({ status: 'failed', lastError: expect.stringMatching(/^permanent/) });
    expect(sent[0]).toMatchObject({ kind: 'new-lead', lead: expect.objectContaining({ id: kept.lead.id }) });
  });

  it('when the budget is spent, puts the rows back to batched and schedules the digest for when it frees', async () => {
    const a = heldBack();
    decision = { allowed: false, remaining: 0, nextFreeAt: NOW + 30_000, now: NOW };
    expect(await service.send(robot.id, false)).toEqual({ leads: 0, deferred: 1 });
    expect(rig.notifications.row(a.key)).toMatchObject({ status: 'batched', lastError: null });
    expect(scheduled).toEqual([{ destinationId: robot.id, atMs: NOW + 30_000, delayMs: 30_000 }]);
    expect(sent).toHaveLength(0);
  });

  it('schedules at least a second on, even when the budget frees sooner', async () => {
    heldBack();
    decision = { allowed: false, remaining: 0, nextFreeAt: NOW + 10, now: NOW };
    await service.send(robot.id, false);
    expect(scheduled).toEqual([{ destinationId: robot.id, atMs: NOW + 1000, delayMs: 1000 }]);
  });

  it('on "too fast" pauses the robot for what the platform asked and waits for that', async () => {
    const a = heldBack();
    outcome = { status: 'rate-limited', reason: 'throttled', detail: '130101', retryAfterMs: 600_000 };
    expect(await service.send(robot.id, false)).toEqual({ leads: 0, deferred: 1 });
    expect(budget.pause).toHaveBeenCalledWith(robot, 600_000);
    expect(rig.notifications.row(a.key)!.status).toBe('batched');
    expect(scheduled).toEqual([{ destinationId: robot.id, atMs: NOW + 600_000, delayMs: 600_000 }]);
  });

  it('throws on a passing failure so the job retries, rows back to batched; the final attempt books another digest', async () => {
    const a = heldBack();
    outcome = { status: 'retry', reason: 'http-502', detail: 'bad gateway' };
    await expect(service.send(robot.id, false)).rejects.toThrow('bad gateway');
    expect(rig.notifications.row(a.key)).toMatchObject({ status: 'batched', lastError: 'http-502: bad gateway' });
    expect(scheduled).toEqual([]);
    await expect(service.send(robot.id, true)).rejects.toThrow('bad gateway');
    expect(scheduled).toEqual([{ destinationId: robot.id, atMs: NOW + 60_000, delayMs: 60_000 }]);
  });

  it('gives up for good (UnrecoverableError, rows failed) when the robot is gone', async () => {
    const a = heldBack();
    outcome = { status: 'gone', reason: 'http-404', detail: 'robot deleted' };
    await expect(service.send(robot.id, false)).rejects.toBeInstanceOf(UnrecoverableError);
    expect(rig.notifications.row(a.key)).toMatchObject({ status: 'failed', lastError: expect.stringMatching(/^permanent/) });
  });
});
