import { aLead } from '../../../../test/unit-fakes/lead.fixture';
import { ledgerRig, type LedgerRig } from '../../../../test/unit-fakes/ledger.fake';
import { fakeLogger } from '../../../../test/unit-fakes/logger.fake';
import { aMember, InMemoryStaff } from '../../../../test/unit-fakes/staff.fake';
import type { LeadRepository } from '../data/lead.repository';
import type { TaskRepository } from '../data/task.repository';
import { HandoverNoticeService, handoverKey } from './handover-notice.service';

describe('HandoverNoticeService', () => {
  const kept = aLead({ name: '赵客户' });
  const erased = aLead({ name: '已删除', erasedAt: new Date() });
  let rig: LedgerRig;
  let staff: InMemoryStaff;
  let service: HandoverNoticeService;

  const payload = {
    handoverId: 'h-1',
    from: 'li',
    to: 'wang',
    tasks: [
      { taskId: 't1', leadId: kept.id },
      { taskId: 't2', leadId: erased.id },
    ],
  };

  beforeEach(() => {
    rig = ledgerRig();
    staff = new InMemoryStaff(
      aMember('li', { displayName: '李雷' }),
      aMember('wang', { displayName: '王芳' }),
      aMember('noaddr', { email: null }),
    );
    for (const t of payload.tasks)
      rig.notifications.seed({
        key: handoverKey(t.taskId, 'h-1'),
        leadId: t.leadId,
        taskId: t.taskId,
        recipients: 'wang@example.com',
      });
    service = new HandoverNoticeService(
      rig.ledger,
      rig.mailer,
      staff.asRepository(),
      { findById: async (id: string) => [kept, erased].find((l) => l.id === id) ?? null } as unknown as LeadRepository,
      { findByLead: async () => ({ dueAt: new Date('2026-03-02T03:00:00Z') }) } as unknown as TaskRepository,
      rig.config,
      fakeLogger(),
    );
  });

  it("tells the new owner in one email of every task handed to them, naming who left, never an erased customer's name", async () => {
    expect(await service.deliver(payload, false)).toBe('sent');
    expect(rig.mail.sent).toHaveLength(1);
    const text = String(rig.mail.sent[0].text);
    expect(rig.mail.sent[0].to).toEqual(expect.stringContaining('wang@example.com'));
    expect(text).toContain('李雷');
    expect(text).toContain('赵客户');
    expect(text).not.toContain('已删除');
    expect(payload.tasks.map((t) => rig.notifications.row(handoverKey(t.taskId, 'h-1'))!.status)).toEqual(['sent', 'sent']);
  });

  it('sends nothing the second time (a retried job)', async () => {
    await service.deliver(payload, false);
    expect(await service.deliver(payload, false)).toBe('already-sent');
    expect(rig.mail.sent).toHaveLength(1);
  });

  it('drops the notice for good when the new owner has no address', async () => {
    expect(await service.deliver({ ...payload, to: 'noaddr' }, false)).toBe('no-recipient');
    expect(rig.notifications.row(handoverKey('t1', 'h-1'))).toMatchObject({
      status: 'failed',
      lastError: expect.stringMatching(/^permanent/),
    });
    expect(rig.mail.sent).toEqual([]);
  });

  it('throws on a failed send so the job retries; the rows wait, or fail on the last attempt', async () => {
    rig.mail.failNext(new Error('SMTP 421'), 2);
    await expect(service.deliver(payload, false)).rejects.toThrow('SMTP 421');
    expect(rig.notifications.row(handoverKey('t1', 'h-1'))!.status).toBe('pending');
    await expect(service.deliver(payload, true)).rejects.toThrow('SMTP 421');
    expect(rig.notifications.row(handoverKey('t1', 'h-1'))!.status).toBe('failed');
  });
});
