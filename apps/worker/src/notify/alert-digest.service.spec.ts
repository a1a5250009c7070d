import { aLead } from '../../../../test/unit-fakes/lead.fixture';
import { ledgerRig, type LedgerRig } from '../../../../test/unit-fakes/ledger.fake';
import { fakeLogger } from '../../../../test/unit-fakes/logger.fake';
import { workerConfig } from '../../../../test/unit-fakes/worker-config';
import { AlertDigestService } from './alert-digest.service';

describe('AlertDigestService', () => {
  let rig: LedgerRig;
  let service: AlertDigestService;

  function parked() {
    const lead = rig.notifications.addLead(aLead());
    const key = { channel: 'email', kind: 'new-lead', leadId: lead.id } as const;
    rig.notifications.seed({ key, leadId: lead.id, recipients: '' }, 'batched');
    return { lead, key };
  }

  beforeEach(() => {
    rig = ledgerRig(workerConfig({ MAIL_TO: 'sales@example.com,boss@example.com' }));
    service = new AlertDigestService(rig.ledger, rig.mailer, rig.config, fakeLogger());
  });

  it('sends one email to MAIL_TO for every parked alert and marks them all sent', async () => {
    const a = parked();
    const b = parked();
    expect(await service.sendDigest(false)).toEqual({ leads: 2 });
    expect(rig.mail.sent).toHaveLength(1);
    const mail = rig.mail.sent[0];
    expect(mail.to).toEqual(['sales@example.com', 'boss@example.com']);
    expect(String(mail.text)).toContain(a.lead.name);
    expect(String(mail.text)).toContain(b.lead.name);
    expect(rig.notifications.row(a.key)!.status).toBe('sent');
    expect(rig.notifications.row(b.key)!.status).toBe('sent');
  });

  it('sends nothing when nothing is parked', async () => {
    expect(await service.sendDigest(false)).toEqual({ leads: 0 });
    expect(rig.mail.sent).toHaveLength(0);
  });

  it('parks the alerts again and throws when the send fails, so the retry covers them', async () => {
    const a = parked();
    rig.mail.failNext();
    await expect(service.sendDigest(false)).rejects.toThrow('ECONNREFUSED');
    expect(rig.notifications.row(a.key)!.status).toBe('batched');
    expect(await service.sendDigest(false)).toEqual({ leads: 1 });
  });

  it('marks them failed when the last attempt fails', async () => {
    const a = parked();
    rig.mail.failNext();
    await expect(service.sendDigest(true)).rejects.toThrow();
    expect(rig.notifications.row(a.key)!.status).toBe('failed');
  });
});
