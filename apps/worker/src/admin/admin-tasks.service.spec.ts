import { BadRequestException, ConflictException, NotFoundException } from '@nestjs/common';
import type { SignedInStaff } from '../data/staff-account';
import { fakeLogger } from '../../../../test/unit-fakes/logger.fake';
import { aMember, InMemoryStaff } from '../../../../test/unit-fakes/staff.fake';
import { workerConfig } from '../../../../test/unit-fakes/worker-config';
import type { FollowUpTask } from '../data/follow-up-task';
import type { AuditRepository } from '../data/audit.repository';
import { BusinessCalendar } from '../data/business-calendar';
import { parseBusinessHours } from '../data/business-hours';
import type { LeadRepository } from '../data/lead.repository';
import type { TaskQuery, TaskRepository } from '../data/task.repository';
import type { AssignedNoticeService } from '../notify/assigned-notice.service';
import type { ChannelFanout } from '../notify/channel-fanout.service';
import { AdminTasksService } from './admin-tasks.service';
import { businessTimestamp } from './business-time';
import type { AdminSpamService } from './spam/admin-spam.service';

const sales = (login: string): SignedInStaff => ({ login: login, displayName: login, role: 'sales' });
const manager: SignedInStaff = { login: 'mgr', displayName: 'mgr', role: 'manager' };

type Event = { actor: string; action: string; touchedBy: string | null; fromAssignee: string | null; toAssignee: string | null };

/** Follow-up tasks in memory; `update` runs the service's change on the row and keeps the history entry it returns. */
class InMemoryTasks {
  readonly rows = new Map<string, FollowUpTask>();
  readonly events: Event[] = [];

  add(task: Partial<FollowUpTask>): FollowUpTask {
    const row = {
      id: 'task-1',
      leadId: 'lead-1',
      status: 'open',
      assignee: null,
      note: null,
      outcome: null,
      doneAt: null,
      firstTouchAt: null,
      ...task,
    } as FollowUpTask;
    this.rows.set(row.id, row);
    return row;
  }

  async update(id: string, apply: (task: FollowUpTask) => Event): Promise<FollowUpTask | null> {
    const current = this.rows.get(id);
    if (!current) return null;
    const draft = { ...current };
    const event = apply(draft);
    this.rows.set(id, draft);
    this.events.push(event);
    return draft;
  }
}

describe('AdminTasksService.list', () => {
  const sh = (local: string) => new Date(`${local}+08:00`);

  function serviceListing(items: Partial<FollowUpTask>[], env: Record<string, string>, asked: TaskQuery[] = []) {
    const listed = {
      list: async (q: TaskQuery) => {
        asked.push(q);
        return items.map((t) => ({ leadId: 'lead-1', assignee: null, firstTouchAt: null, ...t }));
      },
    };
    const leads = { returningAmong: async () => new Set<string>() };
    const config = workerConfig(env);
    return new AdminTasksService(
      listed as unknown as TaskRepository,
      new InMemoryStaff(aMember('li')).asRepository(),
      leads as unknown as LeadRepository,
      {} as AuditRepository,
      {} as ChannelFanout,
      {} as AssignedNoticeService,
      {} as AdminSpamService,
      new BusinessCalendar(parseBusinessHours(config.BUSINESS_HOURS), config.FOLLOW_UP_SLA_MINUTES),
      config,
      fakeLogger(),
    );
  }

  const lead = (receivedAt: Date) => ({ id: 'lead-1', receivedAt, phone: null }) as unknown as FollowUpTask['lead'];

  it('says when each untouched task is due for its first touch: CLAIM_WITHIN_MINUTES business minutes after arrival', async () => {
    const service = serviceListing(
      [
        // Monday 22:00 in Beijing: the clock starts at Tuesday's opening.
        { id: 'night', status: 'open', lead: lead(sh('2026-11-23T22:00:00')) },
        { id: 'touched', status: 'in_progress', firstTouchAt: sh('2026-11-24T09:02:00'), lead: lead(sh('2026-11-24T09:00:00')) },
        { id: 'cancelled', status: 'cancelled', lead: lead(sh('2026-11-24T09:00:00')) },
      ],
      { BUSINESS_HOURS: 'Mon-Fri 09:00-18:00 Asia/Shanghai', CLAIM_WITHIN_MINUTES: '10' },
    );
    const items = await service.list({ limit: 50 });
    expect(items.map((t) => [t.id, t.touchDueAt])).toEqual([
      ['night', sh('2026-11-24T09:10:00')],
      ['touched', null],
      ['cancelled', null],
    ]);
  });

  it.each([
    ['Asia/Shanghai', {}],
    ['Asia/Tokyo', { BUSINESS_HOURS: 'Mon-Fri 09:00-18:00 Asia/Tokyo' }],
  ])('due today: asks for tasks due from midnight to midnight of today in the business zone (%s)', async (zone, env) => {
    const asked: TaskQuery[] = [];
    const service = serviceListing([], env, asked);
    const before = Date.now();
    await service.list({ limit: 50, dueToday: true }, sales('li'));
    const [q] = asked;
    expect(q).not.toHaveProperty('dueToday');
    expect(q).toMatchObject({ limit: 50, visibleTo: 'li' });
    const { from, to } = q.dueWithin!;
    expect(businessTimestamp(from, zone)).toMatch(/ 00:00:00$/);
    expect(to.getTime() - from.getTime()).toBe(24 * 3_600_000);
    expect(from.getTime()).toBeLessThanOrEqual(before);
    expect(to.getTime()).toBeGreaterThan(Date.now());
  });

  it('without dueToday asks for no due window', async () => {
    const asked: TaskQuery[] = [];
    await serviceListing([], {}, asked).list({ limit: 50, dueToday: false });
    expect(asked[0]).toEqual({ limit: 50 });
  });

  it('says nothing of a first-touch target when CLAIM_WITHIN_MINUTES is 0', async () => {
    const service = serviceListing([{ id: 'open', status: 'open', lead: lead(sh('2026-11-23T10:00:00')) }], {
      CLAIM_WITHIN_MINUTES: '0',
    });
    expect((await service.list({ limit: 50 }))[0].touchDueAt).toBeNull();
  });
});

describe('AdminTasksService.change', () => {
  let tasks: InMemoryTasks;
  let staff: InMemoryStaff;
  let audit: { action: string; detail?: unknown }[];
  let handOvers: [string, string][];
  let webhooks: string[];
  let verdicts: [string, string][];
  let spamFails: boolean;
  let logger: ReturnType<typeof fakeLogger>;
  let service: AdminTasksService;

  beforeEach(() => {
    tasks = new InMemoryTasks();
    staff = new InMemoryStaff(
      aMember('li'),
      aMember('wang'),
      aMember('left', { active: false }),
      aMember('boss', { role: 'admin' }),
    );
    audit = [];
    handOvers = [];
    webhooks = [];
    verdicts = [];
    spamFails = false;
    logger = fakeLogger();
    service = new AdminTasksService(
      tasks as unknown as TaskRepository,
      staff.asRepository(),
      {} as LeadRepository,
      { record: async (e: (typeof audit)[number]) => void audit.push(e) } as unknown as AuditRepository,
      { taskUpdated: async (t: { id: string }) => void webhooks.push(t.id) } as unknown as ChannelFanout,
      {
        onHandOver: async (id: string, login: string) => (handOvers.push([id, login]), 'sent'),
      } as unknown as AssignedNoticeService,
      {
        markSpam: async (leadId: string, actor: string) => {
          if (spamFails) throw new Error('model store down');
          verdicts.push([leadId, actor]);
          return { id: leadId, learned: true };
        },
      } as unknown as AdminSpamService,
      new BusinessCalendar(null, 30),
      workerConfig(),
      logger,
    );
  });

  it("a claim is the lead's first touch, by the claimer", async () => {
    tasks.add({});
    const saved = await service.change('task-1', { status: 'in_progress', assignee: 'li' }, sales('li'));
    expect(saved).toMatchObject({ status: 'in_progress', assignee: 'li', updatedBy: 'li' });
    expect(tasks.events).toEqual([
      expect.objectContaining({ action: 'claimed', touchedBy: 'li', fromAssignee: null, toAssignee: 'li' }),
    ]);
    // Claimed for oneself: nobody to tell, nothing to audit as a reassignment; webhooks hear of it.
    expect(handOvers).toEqual([]);
    expect(audit).toEqual([]);
    expect(webhooks).toEqual(['task-1']);
  });

  it('a hand-over is no touch: the new owner gets their notice and the reassignment is audited', async () => {
    tasks.add({ assignee: 'li' });
    await service.change('task-1', { assignee: 'wang' }, manager, '203.0.113.1');
    expect(tasks.events[0]).toMatchObject({ action: 'assigned', touchedBy: null });
    expect(handOvers).toEqual([['task-1', 'wang']]);
    expect(audit).toEqual([
      expect.objectContaining({ action: 'task.reassigned', detail: { from: 'li', to: 'wang', role: 'manager' } }),
    ]);
  });

  it('a note is a touch', async () => {
    tasks.add({ assignee: 'li', status: 'in_progress' });
    await service.change('task-1', { note: '客户说下周再联系' }, sales('li'));
    expect(tasks.events[0]).toMatchObject({ action: 'noted', touchedBy: 'li' });
  });

  it("answers a salesperson's change to a colleague's task as not found", async () => {
    tasks.add({ assignee: 'wang' });
    await expect(service.change('task-1', { status: 'in_progress' }, sales('li'))).rejects.toBeInstanceOf(NotFoundException);
    expect(tasks.events).toEqual([]);
  });

  it('assigns only to active staff (stored spelling), refusing a leaver or a stranger', async () => {
    tasks.add({});
    await service.change('task-1', { assignee: 'WANG' }, manager);
    expect(tasks.rows.get('task-1')!.assignee).toBe('wang');
    await expect(service.change('task-1', { assignee: 'left' }, manager)).rejects.toBeInstanceOf(BadRequestException);
    await expect(service.change('task-1', { assignee: 'stranger' }, manager)).rejects.toBeInstanceOf(BadRequestException);
  });

  it('closes a task with an outcome and no note, or a note and no outcome; with neither it is refused', async () => {
    tasks.add({ assignee: 'li', status: 'in_progress' });
    await expect(service.change('task-1', { status: 'done', note: '  ' }, sales('li'))).rejects.toBeInstanceOf(
      BadRequestException,
    );
    await expect(service.change('task-1', { status: 'done', outcome: null }, sales('li'))).rejects.toBeInstanceOf(
      BadRequestException,
    );
    expect(tasks.events).toEqual([]);
    expect(await service.change('task-1', { status: 'done', outcome: 'qualified' }, sales('li'))).toMatchObject({
      status: 'done',
      outcome: 'qualified',
      note: null,
    });
    expect(tasks.events).toEqual([expect.objectContaining({ action: 'done', touchedBy: 'li' })]);
    tasks.add({ id: 'task-2', assignee: 'li', status: 'in_progress' });
    expect(await service.change('task-2', { status: 'done', note: '已报价' }, sales('li'))).toMatchObject({
      status: 'done',
      outcome: null,
    });
  });

  it('refuses a change the task cannot take', async () => {
    tasks.add({ status: 'done', assignee: 'li' });
    await expect(service.change('task-1', { status: 'in_progress', assignee: 'wang' }, manager)).rejects.toBeInstanceOf(
      ConflictException,
    );
    await expect(service.change('nope', { note: 'x' }, manager)).rejects.toBeInstanceOf(NotFoundException);
  });

  it('keeps a saved change when the notice or the webhooks fail, and logs both', async () => {
    tasks.add({ assignee: 'li' });
    const failing = new AdminTasksService(
      tasks as unknown as TaskRepository,
      staff.asRepository(),
      {} as LeadRepository,
      { record: async () => undefined } as unknown as AuditRepository,
      { taskUpdated: async () => Promise.reject(new Error('Redis down')) } as unknown as ChannelFanout,
      { onHandOver: async () => Promise.reject(new Error('ledger down')) } as unknown as AssignedNoticeService,
      {} as AdminSpamService,
      new BusinessCalendar(null, 30),
      workerConfig(),
      logger,
    );
    expect(await failing.change('task-1', { assignee: 'wang' }, manager)).toMatchObject({ assignee: 'wang' });
    expect(logger.error.mock.calls.map((c) => c[1])).toEqual(['new owner not told', 'task.updated webhooks not queued']);
  });

  it('closing a task as spam is a spam verdict on its lead, once, in the audit log as such', async () => {
    tasks.add({ assignee: 'li', status: 'in_progress' });
    await service.change('task-1', { status: 'done', outcome: 'spam', note: '卖发票的广告' }, sales('li'), '203.0.113.9');
    expect(verdicts).toEqual([['lead-1', 'li']]);
    expect(audit).toEqual([expect.objectContaining({ action: 'lead.spam', subject: 'lead-1', detail: { via: 'task-outcome' } })]);
    // Edited again while spam: nothing new is taught.
    await service.change('task-1', { note: '广告' }, sales('li'));
    expect(verdicts).toHaveLength(1);
  });

  it('another outcome is no verdict; a failed verdict is logged and the change kept', async () => {
    tasks.add({ assignee: 'li', status: 'in_progress' });
    await service.change('task-1', { status: 'done', outcome: 'won', note: '下单 200 吨' }, sales('li'));
    expect(verdicts).toEqual([]);
    spamFails = true;
    expect(await service.change('task-1', { outcome: 'spam' }, sales('li'))).toMatchObject({ outcome: 'spam' });
    expect(logger.error.mock.calls.map((c) => c[1])).toEqual(['spam outcome not taught to the model']);
  });
});
