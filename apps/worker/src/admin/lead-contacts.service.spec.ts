import { NotFoundException } from '@nestjs/common';
import type { SignedInStaff } from '../data/staff-account';
import { fakeLogger } from '../../../../test/unit-fakes/logger.fake';
import type { FollowUpTask } from '../data/follow-up-task';
import type { ContactAttempt, ContactLogRepository } from '../data/contact-log.repository';
import type { ChannelFanout } from '../notify/channel-fanout.service';
import { LeadContactsService } from './lead-contacts.service';

const sales = (login: string): SignedInStaff => ({ login: login, displayName: login, role: 'sales' });
const manager: SignedInStaff = { login: 'mgr', displayName: 'mgr', role: 'manager' };

describe('LeadContactsService', () => {
  let assignee: string | null;
  let saved: ContactAttempt[];
  let updates: { id: string; leadId: string }[];
  let queueError: Error | null;
  let logger: ReturnType<typeof fakeLogger>;
  let service: LeadContactsService;

  beforeEach(() => {
    assignee = 'li';
    saved = [];
    updates = [];
    queueError = null;
    logger = fakeLogger();
    // As the repository: the lead's task is locked and checked before anything is written; no task, no attempt.
    const contacts = {
      record: async (
        leadId: string,
        attempt: { by: string; result: ContactAttempt['result']; note: string | null },
        check: (t: FollowUpTask) => void,
      ) => {
        if (leadId === 'no-task') return null;
        check({ id: 'task-1', leadId, assignee } as FollowUpTask);
        const row: ContactAttempt = {
          id: 'h1',
          leadId,
          taskId: 'task-1',
          ...attempt,
          at: new Date(),
          firstTouch: saved.length === 0,
        };
        saved.push(row);
        return row;
      },
    };
    const channels = {
      taskUpdated: async (task: { id: string; leadId: string }) => {
        if (queueError) throw queueError;
        updates.push(task);
      },
    };
    service = new LeadContactsService(contacts as unknown as ContactLogRepository, channels as unknown as ChannelFanout, logger);
  });

  it("records the owner's attempt as them, the first one as the lead's first touch, and tells the webhooks", async () => {
    const attempt = await service.record('lead-1', { result: 'no_answer', note: null }, sales('li'));
    expect(attempt).toMatchObject({ by: 'li', result: 'no_answer', firstTouch: true });
    expect((await service.record('lead-1', { result: 'reached', note: '约了周三' }, sales('li'))).firstTouch).toBe(false);
    expect(updates).toEqual([
      { id: 'task-1', leadId: 'lead-1' },
      { id: 'task-1', leadId: 'lead-1' },
    ]);
  });

  it("answers a salesperson's attempt on someone else's lead as not found, and saves nothing", async () => {
    await expect(service.record('lead-1', { result: 'reached', note: null }, sales('wang'))).rejects.toBeInstanceOf(
      NotFoundException,
    );
    expect(saved).toEqual([]);
    expect(updates).toEqual([]);
  });

  it('lets anyone log on an unassigned lead, and managers on any', async () => {
    await service.record('lead-1', { result: 'messaged', note: null }, manager);
    assignee = null;
    await service.record('lead-1', { result: 'messaged', note: null }, sales('wang'));
    expect(saved.map((s) => s.by)).toEqual(['mgr', 'wang']);
  });

  it('answers 404 for a lead without a task (or erased)', async () => {
    await expect(service.record('no-task', { result: 'reached', note: null }, manager)).rejects.toBeInstanceOf(NotFoundException);
  });

  it('keeps the attempt when the webhooks could not be queued, and logs it', async () => {
    queueError = new Error('Redis down');
    expect(await service.record('lead-1', { result: 'reached', note: null }, sales('li'))).toMatchObject({ id: 'h1' });
    expect(logger.error).toHaveBeenCalledWith({ taskId: 'task-1', err: 'Redis down' }, 'task.updated webhooks not queued');
  });
});
