import { aLead } from '../../../../../test/unit-fakes/lead.fixture';
import { aMember, InMemoryStaff } from '../../../../../test/unit-fakes/staff.fake';
import type { FollowUpTask } from '../../data/follow-up-task';
import type { LeadReader, LeadRepository } from '../../data/lead.repository';
import type { SignedInStaff } from '../../data/staff-account';
import type { TaskRepository } from '../../data/task.repository';
import type { AdminTasksService } from '../admin-tasks.service';
import type { LeadContactsService } from '../lead-contacts.service';
import { isGoAction, LeadActionService } from './lead-action.service';

describe('LeadActionService', () => {
  const lead = aLead();
  const erased = aLead({ erasedAt: new Date() });
  let reads: LeadReader[];
  let changes: { change: unknown; actor: SignedInStaff; ip: string }[];
  let service: LeadActionService;

  beforeEach(() => {
    reads = [];
    changes = [];
    const task = { id: 'task-1', leadId: lead.id, assignee: 'wang', status: 'open' } as FollowUpTask;
    const leads = {
      // As the SQL: a salesperson reads their own and unassigned leads only.
      findById: async (id: string, reader?: LeadReader) => {
        reads.push(reader);
        const found = [lead, erased].find((l) => l.id === id) ?? null;
        return found && (reader === undefined || reader === task.assignee) ? found : null;
      },
    };
    service = new LeadActionService(
      leads as unknown as LeadRepository,
      { findByLead: async () => task } as unknown as TaskRepository,
      new InMemoryStaff(aMember('li', { displayName: '李雷' }), aMember('wang', { displayName: '王芳' })).asRepository(),
      {
        change: async (_id: string, change: unknown, actor: SignedInStaff, ip: string) =>
          void changes.push({ change, actor, ip }),
      } as unknown as AdminTasksService,
      {} as LeadContactsService,
    );
  });

  it('shows a lead only to whom its reader may read it, and nothing of an erased one', async () => {
    expect(await service.page(lead.id, 'boss')).toMatchObject({ lead, ownerName: '王芳' });
    expect(await service.page(lead.id, 'li', 'li')).toBeNull();
    expect(await service.page(lead.id, 'wang', 'wang')).toMatchObject({ colleagues: [{ login: 'li', name: '李雷' }] });
    expect(await service.page(erased.id, 'boss')).toBeNull();
    expect(reads).toEqual([undefined, 'li', 'wang', undefined]);
  });

  it('acts as the account it is given, with its role, so the task rules are the board’s', async () => {
    const boss: SignedInStaff = { login: 'boss', displayName: '老板', role: 'manager' };
    expect(await service.act(lead.id, 'claim', {}, boss, '203.0.113.9')).toEqual({ ok: true });
    expect(changes).toEqual([{ change: { status: 'in_progress', assignee: 'boss' }, actor: boss, ip: '203.0.113.9' }]);
    expect(await service.act(lead.id, 'hand', { to: 'li' }, boss, '203.0.113.9')).toEqual({ ok: true, to: 'li' });
  });

  it('knows its three actions and nothing else', () => {
    expect(['claim', 'contact', 'hand'].every(isGoAction)).toBe(true);
    expect(['delete', 'claim ', '', null, 'CLAIM'].some(isGoAction)).toBe(false);
  });
});
