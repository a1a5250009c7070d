import { aLead } from '../../../../test/unit-fakes/lead.fixture';
import { ledgerRig, type LedgerRig } from '../../../../test/unit-fakes/ledger.fake';
import { fakeLogger } from '../../../../test/unit-fakes/logger.fake';
import { aMember, InMemoryStaff } from '../../../../test/unit-fakes/staff.fake';
import { workerConfig } from '../../../../test/unit-fakes/worker-config';
import { BusinessCalendar } from '../data/business-calendar';
import type { FormRepository, LeadForm } from '../data/form.repository';
import type { LedgerKey } from '../data/ledger-key';
import type { TaskRepository } from '../data/task.repository';
import type { NotifyProducer } from '../queue/notify-producer.service';
import { LeadAlertService } from './lead-alert.service';

describe('LeadAlertService', () => {
  let rig: LedgerRig;
  let staff: InMemoryStaff;
  let digests: number;
  let forms: Map<string, LeadForm>;
  let formReads: string[];
  let service: LeadAlertService;

  function build(env: Record<string, string> = {}) {
    rig = ledgerRig(workerConfig({ MAIL_TO: 'sales@example.com', FLOOD_ALERTS_PER_MINUTE: '3', ...env }));
    service = new LeadAlertService(
      rig.ledger,
      rig.mailer,
      { scheduleDigest: async () => void digests++ } as unknown as NotifyProducer,
      staff.asRepository(),
      { findByLead: async () => ({ dueAt: new Date('2026-03-02T01:30:00Z') }) } as unknown as TaskRepository,
      new BusinessCalendar(null, 30),
      {
        ofLead: async (leadId: string) => (formReads.push(leadId), forms.get(leadId) ?? null),
      } as unknown as FormRepository,
      rig.config,
      fakeLogger(),
    );
  }

  /** A stored lead and its alert row, as intake leaves them. */
  function stored(recipients = '') {
    const lead = rig.notifications.addLead(aLead());
    const key: LedgerKey = { channel: 'email', kind: 'new-lead', leadId: lead.id };
    rig.notifications.seed({ key, leadId: lead.id, recipients });
    return { lead, key };
  }

  beforeEach(() => {
    staff = new InMemoryStaff(aMember('li', { displayName: '李雷' }));
    digests = 0;
    forms = new Map();
    formReads = [];
    build();
  });

  it('sends the alert to MAIL_TO once, with the lead and its owner, and records it sent', async () => {
    const { lead, key } = stored();
    staff.owners.set(lead.id, 'li');
    expect(await service.deliverNewLeadAlert(lead.id, false)).toBe('sent');
    expect(rig.mail.sent).toHaveLength(1);
    expect(rig.mail.sent[0].to).toEqual(['sales@example.com']);
    expect(String(rig.mail.sent[0].text)).toContain(lead.name);
    expect(String(rig.mail.sent[0].text)).toContain('李雷');
    expect(rig.notifications.row(key)).toMatchObject({ status: 'sent', messageId: '<m1@test>' });
    expect(await service.deliverNewLeadAlert(lead.id, false)).toBe('already-sent');
    expect(rig.mail.sent).toHaveLength(1);
  });

  it("sends to the recipients the form's routing recorded on the row", async () => {
    const { lead } = stored('east@example.com, boss@example.com');
    await service.deliverNewLeadAlert(lead.id, false);
    expect(rig.mail.sent[0].to).toEqual(['east@example.com', 'boss@example.com']);
  });

  it('parks the alert for the digest when more than FLOOD_ALERTS_PER_MINUTE went out in the last minute', async () => {
    const { lead, key } = stored();
    rig.notifications.recentAlerts = 3;
    expect(await service.deliverNewLeadAlert(lead.id, false)).toBe('batched');
    expect(rig.notifications.row(key)!.status).toBe('batched');
    expect(digests).toBe(1);
    expect(rig.mail.sent).toEqual([]);
    // The digest now owns it: a retry sends nothing.
    expect(await service.deliverNewLeadAlert(lead.id, false)).toBe('batched');
  });

  it('never holds back a resend staff asked for', async () => {
    const lead = rig.notifications.addLead(aLead());
    const key = { channel: 'email', kind: 'resend', leadId: lead.id, resendId: 'r1' } as const;
    rig.notifications.seed({ key, leadId: lead.id, recipients: '' });
    rig.notifications.recentAlerts = 100;
    expect(await service.deliverResend(key, false)).toBe('sent');
  });

  it('fails the alert of an erased lead for good, sending nothing', async () => {
    const lead = rig.notifications.addLead(aLead({ erasedAt: new Date() }));
    const key: LedgerKey = { channel: 'email', kind: 'new-lead', leadId: lead.id };
    rig.notifications.seed({ key, leadId: lead.id, recipients: '' });
    expect(await service.deliverNewLeadAlert(lead.id, false)).toBe('no-ledger');
    expect(rig.notifications.row(key)!.status).toBe('failed');
    expect(rig.mail.sent).toEqual([]);
  });

  it('throws when SMTP fails so the job is retried; the last attempt marks the row failed', async () => {
    const { lead, key } = stored();
    rig.mail.failNext(new Error('SMTP 421'), 2);
    await expect(service.deliverNewLeadAlert(lead.id, false)).rejects.toThrow('SMTP 421');
    expect(rig.notifications.row(key)!.status).toBe('pending');
    await expect(service.deliverNewLeadAlert(lead.id, true)).rejects.toThrow('SMTP 421');
    expect(rig.notifications.row(key)!.status).toBe('failed');
  });

  it('uses the row intake already claimed, without claiming again', async () => {
    const { lead, key } = stored();
    const claimed = await rig.ledger.claim(key);
    if (typeof claimed === 'string') throw new Error('expected a claim');
    expect(await service.deliverNewLeadAlert(lead.id, false, claimed, { login: null, name: null })).toBe('sent');
    expect(rig.notifications.row(key)!.attempts).toBe(1);
  });

  const QUOTE: LeadForm = {
    slug: 'quote',
    version: 2,
    name: '询价单',
    fields: [{ key: 'qty', type: 'number', label: { zh: '采购数量', en: 'Quantity' } }],
    custom: { qty: 250 },
  } as LeadForm;

  it("shows the form's name and labelled answers, read from the lead's form when intake did not pass it", async () => {
    const { lead } = stored();
    forms.set(lead.id, QUOTE);
    await service.deliverNewLeadAlert(lead.id, false);
    expect(formReads).toEqual([lead.id]);
    const text = String(rig.mail.sent[0].text);
    expect(text).toContain('询价单');
    expect(text).toMatch(/采购数量\D*250/);
  });

  it('uses the form intake already holds without reading it again (null: a plain lead, no answers)', async () => {
    const first = stored();
    const second = stored();
    forms.set(second.lead.id, QUOTE);
    const claim = async (key: LedgerKey) => {
      const claimed = await rig.ledger.claim(key);
      if (typeof claimed === 'string') throw new Error('expected a claim');
      return claimed;
    };
    const owner = { login: null, name: null };
    await service.deliverNewLeadAlert(first.lead.id, false, await claim(first.key), owner, QUOTE);
    await service.deliverNewLeadAlert(second.lead.id, false, await claim(second.key), owner, null);
    expect(formReads).toEqual([]);
    expect(String(rig.mail.sent[0].text)).toContain('采购数量');
    expect(String(rig.mail.sent[1].text)).not.toContain('采购数量');
  });
});
