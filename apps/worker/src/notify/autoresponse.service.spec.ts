import { ledgerRig, type LedgerRig } from '../../../../test/unit-fakes/ledger.fake';
import { workerConfig } from '../../../../test/unit-fakes/worker-config';
import { AutoresponseService, autoresponseKey } from './autoresponse.service';

describe('AutoresponseService', () => {
  const AT = new Date('2026-03-02T01:00:00Z');
  let rig: LedgerRig;
  let service: AutoresponseService;

  function build(env: Record<string, string>) {
    rig = ledgerRig(workerConfig(env));
    service = new AutoresponseService(rig.ledger, rig.mailer, rig.config);
  }

  beforeEach(() => build({ AUTORESPONSE_ENABLED: 'true' }));

  it('confirms to the visitor once per address and Shanghai day, whatever the case of the address', async () => {
    expect(await service.deliver('lead-1', 'Visitor@Example.com', AT, false)).toBe('sent');
    expect(rig.mail.sent.map((m) => m.to)).toEqual(['Visitor@Example.com']);
    expect(await service.deliver('lead-2', 'visitor@example.com', AT, false)).toBe('already-sent');
    // 16:30 UTC is already the next day in Shanghai.
    expect(await service.deliver('lead-3', 'visitor@example.com', new Date('2026-03-02T16:30:00Z'), false)).toBe('sent');
    expect(rig.mail.sent).toHaveLength(2);
  });

  it('skips with AUTORESPONSE_ENABLED off or without an address', async () => {
    build({ AUTORESPONSE_ENABLED: 'false' });
    expect(await service.deliver('lead-1', 'v@example.com', AT, false)).toBe('skipped');
    build({ AUTORESPONSE_ENABLED: 'true' });
    expect(await service.deliver('lead-1', null, AT, false)).toBe('skipped');
    expect(rig.notifications.rows).toEqual([]);
  });

  it("leaves today's confirmation to the job sending it", async () => {
    const key = autoresponseKey('v@example.com', AT);
    await rig.ledger.ensure({ key, leadId: 'lead-0', recipients: 'v@example.com' });
    await rig.ledger.claim(key);
    expect(await service.deliver('lead-1', 'v@example.com', AT, false)).toBe('in-flight');
  });

  it('throws on a failed send so the job retries it', async () => {
    rig.mail.failNext();
    await expect(service.deliver('lead-1', 'v@example.com', AT, false)).rejects.toThrow();
    expect(rig.notifications.row(autoresponseKey('v@example.com', AT))!.status).toBe('pending');
  });
});
