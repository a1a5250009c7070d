import { UnrecoverableError } from 'bullmq';
import { channelAlertLaterJobId, robotDigestJobId } from '@app/contracts';
import { chatRegistry } from '../../../../test/unit-fakes/chat-registry.fixture';
import { channelDirectory, DINGTALK_URL, WEBHOOK_URL } from '../../../../test/unit-fakes/channels.fixture';
import { aLead } from '../../../../test/unit-fakes/lead.fixture';
import { ledgerRig, type LedgerRig } from '../../../../test/unit-fakes/ledger.fake';
import { sample, workerMetrics } from '../../../../test/unit-fakes/metrics.fixture';
import { FakeQueue } from '../../../../test/unit-fakes/queue.fake';
import { aMember, InMemoryStaff } from '../../../../test/unit-fakes/staff.fake';
import type { FollowUpTask } from '../data/follow-up-task';
import type { DeadLetterRepository } from '../data/dead-letter.repository';
import type { FormRepository, LeadForm } from '../data/form.repository';
import type { RerouteRepository, RerouteStepEvent } from '../data/reroute.repository';
import { ledgerKey, type LedgerKey } from '../data/ledger-key';
import type { TaskRepository } from '../data/task.repository';
import type { WorkerMetrics } from '../metrics/worker-metrics.service';
import { ChannelProducer } from '../queue/channel-producer.service';
import { ChannelAlertService } from './channel-alert.service';
import type { ChannelSender } from './channel-sender.service';
import type { ChatNotice, DeliveryOutcome } from './channels/chat-channel';
import { MentionDirectory } from './channels/mention-directory';
import type { BudgetDecision, RobotBudgetService } from './channels/robot-budget.service';
import { RerouteChatNotices } from './reroute-chat-notice.service';

const NOW = 5_000_000;

describe('ChannelAlertService', () => {
  let rig: LedgerRig;
  let queue: FakeQueue;
  let metrics: WorkerMetrics;
  let decision: BudgetDecision;
  let outcome: DeliveryOutcome;
  let sent: { destination: string; notice: ChatNotice; attempt: number }[];
  let budget: { take: jest.Mock; pause: jest.Mock };
  let task: FollowUpTask | null;
  let service: ChannelAlertService;
  let robot: { id: string; channel: 'dingtalk' };
  let hook: { id: string; channel: 'webhook' };
  let forms: Map<string, LeadForm>;
  let events: Map<number, RerouteStepEvent>;

  function build(env: Record<string, string> = {}) {
    const { directory, config } = channelDirectory({ DINGTALK_ROBOTS: DINGTALK_URL, WEBHOOK_URLS: WEBHOOK_URL, ...env });
    [robot, hook] = directory.all as unknown as [typeof robot, typeof hook];
    rig = ledgerRig(config);
    queue = new FakeQueue('lead-channels');
    metrics = workerMetrics();
    const staff = new InMemoryStaff(
      aMember('li', { displayName: '李雷', mobile: '13800138000' }),
      aMember('wang', { displayName: '王芳', mobile: '13900139000' }),
      aMember('boss', { displayName: '老板', role: 'manager', mobile: '13700137000', receivesLeads: false }),
      aMember('gone', { role: 'manager', mobile: '13600136000', active: false }),
    );
    const mentions = new MentionDirectory(staff.asRepository());
    const sender = {
      send: async (d: { id: string }, notice: ChatNotice, _id: string, attempt: number) => {
        sent.push({ destination: d.id, notice, attempt });
        return outcome;
      },
    };
    service = new ChannelAlertService(
      directory,
      chatRegistry(),
      budget as unknown as RobotBudgetService,
      sender as unknown as ChannelSender,
      rig.ledger,
      { findByLead: async () => task } as unknown as TaskRepository,
      mentions,
      new ChannelProducer(queue.asQueue()),
      metrics,
      {
        find: async (id: string) => (id === 'dl-1' ? { id, createdAt: new Date(NOW) } : null),
      } as unknown as DeadLetterRepository,
      { ofLead: async (leadId: string) => forms.get(leadId) ?? null } as unknown as FormRepository,
      new RerouteChatNotices(
        { stepEvent: async (_task: string, step: number) => events.get(step) ?? null } as unknown as RerouteRepository,
        mentions,
        config,
      ),
    );
  }

  /** A row as the fan-out leaves it, and the job's payload. */
  function row(key: LedgerKey, leadErased = false) {
    const lead = rig.notifications.addLead(aLead(leadErased ? { erasedAt: new Date() } : {}));
    const k = { ...key, ...('leadId' in key ? { leadId: lead.id } : {}) } as LedgerKey;
    rig.notifications.seed({ key: k, leadId: lead.id, recipients: 'robot' });
    return { key: k, lead, payload: { ledgerKey: ledgerKey(k), destinationId: (k as { destination: string }).destination } };
  }

  beforeEach(() => {
    decision = { allowed: true, remaining: 5, nextFreeAt: NOW, now: NOW };
    outcome = { status: 'sent', reason: 'ok', detail: 'errcode 0' };
    sent = [];
    budget = {
      take: jest.fn(async () => decision),
      pause: jest.fn(async (_d, ms: number) => ({ allowed: false, remaining: 0, nextFreeAt: NOW + ms, now: NOW })),
    };
    task = { id: 'task-1', leadId: 'x', status: 'open', assignee: 'li', dueAt: new Date(NOW) } as FollowUpTask;
    forms = new Map();
    events = new Map([[1, { from: 'li', to: 'wang' }]]);
    build();
  });

  it('sends a new lead to a robot within its budget, naming the owner, and records it sent', async () => {
    const { key, payload, lead } = row({ channel: 'dingtalk', kind: 'new-lead', leadId: '', destination: robot.id } as LedgerKey);
    expect(await service.deliver(payload, false)).toBe('sent');
    expect(budget.take).toHaveBeenCalledTimes(1);
    expect(sent).toEqual([{ destination: robot.id, attempt: 1, notice: expect.objectContaining({ kind: 'new-lead' }) }]);
    expect(sent[0].notice).toMatchObject({ lead: { id: lead.id }, task: { assigneeName: '李雷' } });
    expect(rig.notifications.row(key)).toMatchObject({ status: 'sent', messageId: 'errcode 0' });
    expect(await service.deliver(payload, false)).toBe('already-sent');
  });

  it("shows a form lead's form and answers, labelled as its form version labels them; a plain lead none", async () => {
    const form = row({ channel: 'dingtalk', kind: 'new-lead', leadId: '', destination: robot.id } as LedgerKey);
    forms.set(form.lead.id, {
      slug: 'quote',
      version: 2,
      name: '询价',
      fields: [{ key: 'qty', type: 'number', label: { zh: '数量', en: 'Quantity' } }],
      custom: { qty: 200 },
    } as LeadForm);
    const plain = row({ channel: 'dingtalk', kind: 'new-lead', leadId: '', destination: robot.id } as LedgerKey);
    expect(await service.deliver(form.payload, false)).toBe('sent');
    expect(await service.deliver(plain.payload, false)).toBe('sent');
    expect(sent[0].notice).toMatchObject({
      lead: {
        id: form.lead.id,
        answers: {
          form: { slug: 'quote', version: 2, name: '询价' },
          fields: [{ key: 'qty', label: { zh: '数量' }, value: 200 }],
        },
      },
    });
    expect(sent[1].notice).toMatchObject({ lead: { id: plain.lead.id, answers: null } });
  });

  it("holds a new lead back for the robot's digest when its budget is spent", async () => {
    const { key, payload } = row({ channel: 'dingtalk', kind: 'new-lead', leadId: '', destination: robot.id } as LedgerKey);
    decision = { allowed: false, remaining: 0, nextFreeAt: NOW + 20_000, now: NOW };
    expect(await service.deliver(payload, false)).toBe('batched');
    expect(rig.notifications.row(key)).toMatchObject({ status: 'batched', lastError: null });
    expect(queue.jobs.get(robotDigestJobId(robot.id, NOW + 20_000))!.opts).toMatchObject({ delay: 20_000 });
    expect(await sample(metrics, 'alerts_batched_total', { channel: 'dingtalk' })).toBe(1);
    expect(sent).toEqual([]);
  });

  it('sends a held-back notice alone, later, when the robot takes no digests (or it is no new lead)', async () => {
    build({ ROBOT_NOTICES: 'new-lead,reminder' });
    const { key, payload } = row({ channel: 'dingtalk', kind: 'new-lead', leadId: '', destination: robot.id } as LedgerKey);
    decision = { allowed: false, remaining: 0, nextFreeAt: NOW + 3_000, now: NOW };
    expect(await service.deliver(payload, false)).toBe('deferred');
    expect(rig.notifications.row(key)!.status).toBe('pending');
    expect(queue.jobs.has(channelAlertLaterJobId(payload.ledgerKey, NOW + 3_000))).toBe(true);
  });

  it('pauses the robot when the platform says too fast, and holds the lead back', async () => {
    const { payload } = row({ channel: 'dingtalk', kind: 'new-lead', leadId: '', destination: robot.id } as LedgerKey);
    outcome = { status: 'rate-limited', reason: 'throttled', detail: '130101' };
    expect(await service.deliver(payload, false)).toBe('batched');
    expect(budget.pause).toHaveBeenCalledWith(expect.objectContaining({ id: robot.id }), 60_000);
  });

  it('sends webhooks without asking any budget', async () => {
    const { payload } = row({ channel: 'webhook', kind: 'new-lead', leadId: '', destination: hook.id } as LedgerKey);
    expect(await service.deliver(payload, false)).toBe('sent');
    expect(budget.take).not.toHaveBeenCalled();
  });

  it('throws to retry a passing failure (row pending, failed on the last attempt), and gives up on a gone receiver', async () => {
    const { key, payload } = row({ channel: 'webhook', kind: 'new-lead', leadId: '', destination: hook.id } as LedgerKey);
    outcome = { status: 'retry', reason: 'http-503', detail: 'unavailable' };
    await expect(service.deliver(payload, false)).rejects.toThrow('unavailable');
    expect(rig.notifications.row(key)!.status).toBe('pending');
    await expect(service.deliver(payload, true)).rejects.toThrow('unavailable');
    expect(rig.notifications.row(key)!.status).toBe('failed');

    const other = row({ channel: 'webhook', kind: 'new-lead', leadId: '', destination: hook.id } as LedgerKey);
    outcome = { status: 'gone', reason: 'http-410', detail: 'gone' };
    await expect(service.deliver(other.payload, false)).rejects.toBeInstanceOf(UnrecoverableError);
    expect(rig.notifications.row(other.key)!.lastError).toMatch(/^permanent/);
  });

  it('drops the row of an erased lead, a removed destination or a finished task, sending nothing', async () => {
    const erased = row({ channel: 'dingtalk', kind: 'new-lead', leadId: '', destination: robot.id } as LedgerKey, true);
    expect(await service.deliver(erased.payload, false)).toBe('dropped');
    const reminder = row({ channel: 'dingtalk', kind: 'reminder', taskId: 'task-old', destination: robot.id });
    expect(await service.deliver(reminder.payload, false)).toBe('dropped');
    const orphan = row({ channel: 'dingtalk', kind: 'new-lead', leadId: '', destination: 'removed' } as LedgerKey);
    expect(await service.deliver(orphan.payload, false)).toBe('dropped');
    expect(sent).toEqual([]);
    expect(rig.notifications.row(orphan.key)!.status).toBe('failed');
  });

  it("mentions the active owner's mobile in a reminder", async () => {
    const { payload } = row({ channel: 'dingtalk', kind: 'reminder', taskId: 'task-1', destination: robot.id });
    await service.deliver(payload, false);
    expect(sent[0].notice).toMatchObject({ kind: 'reminder', mentionMobiles: ['13800138000'] });
  });

  it("pages a re-route step's new owner by mobile, naming who did not respond, as the step's own history says", async () => {
    // By the time it is sent the task may have moved on again: the message is about step 1.
    task = { ...task!, assignee: 'li', reroutes: 2 };
    const { key, payload } = row({ channel: 'dingtalk', kind: 'assigned', taskId: 'task-1', step: '1', destination: robot.id });
    expect(await service.deliver(payload, false)).toBe('sent');
    expect(sent[0].notice).toMatchObject({
      kind: 'rerouted',
      step: 1,
      from: { login: 'li', name: '李雷' },
      task: { assignee: 'wang', assigneeName: '王芳' },
      mentionMobiles: ['13900139000'],
    });
    expect(budget.take).toHaveBeenCalledTimes(1);
    expect(rig.notifications.row(key)!.status).toBe('sent');
    expect(await service.deliver(payload, false)).toBe('already-sent');
  });

  it('puts a lead that ran out of re-routes before the active managers, naming the owner who keeps it', async () => {
    task = { ...task!, reroutes: 2 };
    const { payload } = row({ channel: 'webhook', kind: 'reroute-limit', taskId: 'task-1', destination: hook.id });
    expect(await service.deliver(payload, false)).toBe('sent');
    expect(sent[0].notice).toMatchObject({
      kind: 'reroute-limit',
      count: 2,
      task: { assignee: 'li', assigneeName: '李雷' },
      mentionMobiles: ['13700137000'],
    });
  });

  it("drops a step the task's history does not have, and refuses an owner's arrival notice on a robot", async () => {
    const missing = row({ channel: 'dingtalk', kind: 'assigned', taskId: 'task-1', step: '7', destination: robot.id });
    expect(await service.deliver(missing.payload, false)).toBe('dropped');
    const arrival = row({ channel: 'dingtalk', kind: 'assigned', taskId: 'task-1', step: 'arrival', destination: robot.id });
    await expect(service.deliver(arrival.payload, false)).rejects.toBeInstanceOf(UnrecoverableError);
    expect(sent).toEqual([]);
  });

  it('refuses a forged payload as unrecoverable', async () => {
    await expect(service.deliver({ ledgerKey: 'email:new-lead:x', destinationId: 'r' }, false)).rejects.toBeInstanceOf(
      UnrecoverableError,
    );
    const { payload } = row({ channel: 'dingtalk', kind: 'new-lead', leadId: '', destination: robot.id } as LedgerKey);
    await expect(service.deliver({ ...payload, destinationId: hook.id }, false)).rejects.toBeInstanceOf(UnrecoverableError);
  });
});
