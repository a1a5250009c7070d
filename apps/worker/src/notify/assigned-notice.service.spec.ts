import { aLead } from '../../../../test/unit-fakes/lead.fixture';
import { ledgerRig, type LedgerRig } from '../../../../test/unit-fakes/ledger.fake';
import { fakeLogger } from '../../../../test/unit-fakes/logger.fake';
import { aMember, InMemoryStaff } from '../../../../test/unit-fakes/staff.fake';
import { workerConfig } from '../../../../test/unit-fakes/worker-config';
import { ARRIVAL_STEP, type AssignedNotice, type AssignedNoticeRepository } from '../data/assigned-notice.repository';
import type { PersonalLinks } from '../notify/personal-links.service';
import { AssignedNoticeService } from './assigned-notice.service';

describe('AssignedNoticeService', () => {
  let rig: LedgerRig;
  let staff: InMemoryStaff;
  let addressee: string | null;
  let handedBy: string | null;
  let recorded: AssignedNotice | null;
  let links: { linkFor: jest.Mock };
  let service: AssignedNoticeService;

  /** What the repository records: a ledger row for the owner's address, and the notice. */
  function record(leadId: string, step: string): AssignedNotice {
    const key = { channel: 'email', kind: 'assigned', taskId: 'task-1', step } as const;
    rig.notifications.seed({ key, leadId, taskId: 'task-1', recipients: 'li@example.com' });
    return { key, leadId, taskId: 'task-1', recipients: ['li@example.com'] };
  }

  beforeEach(() => {
    rig = ledgerRig(workerConfig({ CLAIM_WITHIN_MINUTES: '15', LINK_TTL_HOURS: '48' }));
    staff = new InMemoryStaff(aMember('li', { displayName: '李雷' }), aMember('boss', { displayName: '老板' }));
    addressee = 'li';
    handedBy = null;
    recorded = null;
    links = {
      linkFor: jest.fn(async (leadId: string, login: string) => `https://admin.example.com/admin/go/${login}.${leadId}`),
    };
    const notices = {
      recordArrival: jest.fn(async () => recorded),
      recordHandOver: jest.fn(async () => recorded),
      addressee: jest.fn(async () => addressee),
      handedBy: jest.fn(async () => handedBy),
    };
    service = new AssignedNoticeService(
      notices as unknown as AssignedNoticeRepository,
      links as unknown as PersonalLinks,
      staff.asRepository(),
      rig.ledger,
      rig.mailer,
      rig.config,
      fakeLogger(),
    );
  });

  it("emails a new lead's owner their one-tap link, once", async () => {
    const lead = rig.notifications.addLead(aLead());
    recorded = record(lead.id, ARRIVAL_STEP);
    expect(await service.onArrival(lead.id)).toBe('sent');
    expect(rig.mail.sent).toHaveLength(1);
    const mail = rig.mail.sent[0];
    expect(mail.to).toEqual(['li@example.com']);
    expect(String(mail.text)).toContain(`https://admin.example.com/admin/go/li.${lead.id}`);
    expect(links.linkFor).toHaveBeenCalledWith(lead.id, 'li');
    expect(rig.notifications.row(recorded.key)!.status).toBe('sent');
    expect(await service.onArrival(lead.id)).toBe('already-sent');
    expect(rig.mail.sent).toHaveLength(1);
  });

  it('does nothing when no notice was recorded (nobody owns it, or the owner has no address)', async () => {
    expect(await service.onArrival('lead-x')).toBe('none');
    expect(await service.onHandOver('task-1', 'li')).toBe('none');
    expect(rig.mail.sent).toHaveLength(0);
  });

  it('names who handed the task over, by display name and login', async () => {
    const lead = rig.notifications.addLead(aLead());
    recorded = record(lead.id, 'h42');
    handedBy = 'boss';
    expect(await service.onHandOver('task-1', 'li')).toBe('sent');
    expect(String(rig.mail.sent[0].text)).toContain('老板 (boss)');
  });

  it('leaves a failed send pending for the SLA check, without throwing from arrival', async () => {
    const lead = rig.notifications.addLead(aLead());
    recorded = record(lead.id, ARRIVAL_STEP);
    rig.mail.failNext(new Error('SMTP down'));
    expect(await service.onArrival(lead.id)).toBe('unsent');
    expect(rig.notifications.row(recorded.key)).toMatchObject({ status: 'pending', lastError: 'SMTP down' });
    // The SLA check's re-drive calls deliver, which throws so it counts a failure.
    rig.mail.failNext(new Error('SMTP still down'));
    await expect(service.deliver(recorded)).rejects.toThrow('SMTP still down');
    expect(await service.deliver(recorded)).toBe('sent');
  });

  it('fails the row for good when the lead was erased or the owner has no link any more', async () => {
    const erased = rig.notifications.addLead(aLead({ erasedAt: new Date() }));
    recorded = record(erased.id, ARRIVAL_STEP);
    expect(await service.onArrival(erased.id)).toBe('none');
    expect(rig.notifications.row(recorded.key)).toMatchObject({
      status: 'failed',
      lastError: expect.stringMatching(/^permanent/),
    });

    rig = ledgerRig(rig.config);
    const lead = rig.notifications.addLead(aLead());
    links.linkFor.mockResolvedValue(null);
    const own = new AssignedNoticeService(
      { addressee: async () => 'li' } as unknown as AssignedNoticeRepository,
      links as unknown as PersonalLinks,
      staff.asRepository(),
      rig.ledger,
      rig.mailer,
      rig.config,
      fakeLogger(),
    );
    const notice = record(lead.id, ARRIVAL_STEP);
    expect(await own.deliver(notice)).toBe('none');
    expect(rig.notifications.row(notice.key)!.status).toBe('failed');
    expect(rig.mail.sent).toHaveLength(0);
  });

  it('answers in-flight when another attempt holds the row', async () => {
    const lead = rig.notifications.addLead(aLead());
    recorded = record(lead.id, ARRIVAL_STEP);
    await rig.ledger.claim(recorded.key);
    expect(await service.deliver(recorded)).toBe('in-flight');
    expect(rig.mail.sent).toHaveLength(0);
  });
});
