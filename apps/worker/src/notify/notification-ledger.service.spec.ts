import { InMemoryNotifications } from '../../../../test/unit-fakes/notifications.fake';
import { fakeLogger } from '../../../../test/unit-fakes/logger.fake';
import { workerConfig } from '../../../../test/unit-fakes/worker-config';
import type { LedgerKey } from '../data/ledger-key';
import { NotificationInFlightError, NotificationLedger } from './notification-ledger.service';

describe('NotificationLedger', () => {
  const key: LedgerKey = { channel: 'email', kind: 'new-lead', leadId: 'lead-1' };
  let rows: InMemoryNotifications;
  let ledger: NotificationLedger;

  beforeEach(() => {
    rows = new InMemoryNotifications();
    ledger = new NotificationLedger(rows.asRepository(), workerConfig({ ALERT_SEND_LEASE_SECONDS: '8' }), fakeLogger());
  });

  afterEach(() => jest.useRealTimers());

  it('claims a pending row once: the second claim learns another attempt holds it', async () => {
    await ledger.ensure({ key, leadId: 'lead-1', recipients: 'a@example.com' });
    await ledger.ensure({ key, leadId: 'lead-1', recipients: 'someone-else@example.com' });
    expect(rows.rows).toHaveLength(1);
    const claim = await ledger.claim(key);
    expect(claim).toMatchObject({ id: rows.rows[0].id, attempts: 1, recipients: 'a@example.com' });
    await expect(ledger.claim(key)).rejects.toBeInstanceOf(NotificationInFlightError);
  });

  it('says why a row cannot be taken: no row, sent already, or parked for a digest', async () => {
    expect(await ledger.claim(key)).toBe('no-ledger');
    rows.seed({ key, leadId: 'lead-1', recipients: 'x' }, 'sent');
    expect(await ledger.claim(key)).toBe('already-sent');
    const parked: LedgerKey = { channel: 'email', kind: 'new-lead', leadId: 'lead-2' };
    rows.seed({ key: parked, leadId: 'lead-2', recipients: 'x' }, 'batched');
    expect(await ledger.claim(parked)).toBe('batched');
  });

  it('passes the configured lease to the repository', async () => {
    const claim = jest.fn().mockResolvedValue({ id: 'n1', attempts: 1, lead: null });
    const own = new NotificationLedger({ claim } as never, workerConfig({ ALERT_SEND_LEASE_SECONDS: '8' }), fakeLogger());
    await own.claim(key);
    expect(claim).toHaveBeenCalledWith(key, 8);
  });

  it('puts a failed row back to pending for a retry, or to failed on the final attempt, with the reason', async () => {
    await ledger.ensure({ key, leadId: 'lead-1', recipients: 'x' });
    const claim = await ledger.claim(key);
    if (typeof claim === 'string') throw new Error('expected a claim');
    await ledger.recordFailure([claim.id], new Error('SMTP 451'), false);
    expect(rows.row(key)).toMatchObject({ status: 'pending', lastError: 'SMTP 451' });
    await ledger.claim(key);
    await ledger.recordFailure([claim.id], 'x'.repeat(2000), true);
    expect(rows.row(key)).toMatchObject({ status: 'failed', attempts: 2 });
    expect(rows.row(key)!.lastError).toHaveLength(1000);
    // A failed row may be claimed again (the sweeper re-drives it later).
    expect(await ledger.claim(key)).toMatchObject({ attempts: 3 });
  });

  it('returns batched rows to batched when a robot digest fails', async () => {
    await ledger.ensure({ key, leadId: 'lead-1', recipients: 'x' });
    const claim = (await ledger.claim(key)) as { id: string };
    await ledger.recordFailure([claim.id], new Error('429'), false, 'batched');
    expect(rows.row(key)!.status).toBe('batched');
  });

  it('keeps trying to record a sent message while Postgres is briefly away', async () => {
    jest.useFakeTimers();
    const markSent = jest
      .fn()
      .mockRejectedValueOnce(new Error('connection terminated'))
      .mockRejectedValueOnce(new Error('connection terminated'))
      .mockResolvedValue(undefined);
    const own = new NotificationLedger({ markSent } as never, workerConfig(), fakeLogger());
    const done = own.recordSent(['n1'], '<m@x>');
    await jest.advanceTimersByTimeAsync(1000);
    await done;
    expect(markSent).toHaveBeenCalledTimes(3);
    expect(markSent).toHaveBeenLastCalledWith(['n1'], '<m@x>');
  });

  it('gives up recording a sent message after two minutes, so BullMQ takes over', async () => {
    jest.useFakeTimers();
    const markSent = jest.fn().mockRejectedValue(new Error('database is down'));
    const own = new NotificationLedger({ markSent } as never, workerConfig(), fakeLogger());
    const done = own.recordSent(['n1'], '<m@x>');
    const outcome = expect(done).rejects.toThrow('database is down');
    await jest.advanceTimersByTimeAsync(125_000);
    await outcome;
  });

  it('renews the lease every quarter lease while a send runs, and stops after', async () => {
    jest.useFakeTimers();
    const renewLease = jest.fn().mockResolvedValue(undefined);
    const own = new NotificationLedger({ renewLease } as never, workerConfig({ ALERT_SEND_LEASE_SECONDS: '8' }), fakeLogger());
    let finish!: (v: string) => void;
    const held = own.whileHeld(['n1', 'n2'], () => new Promise<string>((r) => (finish = r)));
    await jest.advanceTimersByTimeAsync(4500);
    expect(renewLease).toHaveBeenCalledTimes(2);
    expect(renewLease).toHaveBeenCalledWith(['n1', 'n2']);
    finish('ok');
    expect(await held).toBe('ok');
    await jest.advanceTimersByTimeAsync(10_000);
    expect(renewLease).toHaveBeenCalledTimes(2);
  });

  it('lets the send go on when a lease renewal fails, and passes the send error through', async () => {
    jest.useFakeTimers();
    const logger = fakeLogger();
    const renewLease = jest.fn().mockRejectedValue(new Error('pool exhausted'));
    const own = new NotificationLedger({ renewLease } as never, workerConfig({ ALERT_SEND_LEASE_SECONDS: '4' }), logger);
    const held = own.whileHeld(['n1'], async () => {
      await new Promise((r) => setTimeout(r, 1500));
      throw new Error('SMTP timeout');
    });
    const outcome = expect(held).rejects.toThrow('SMTP timeout');
    await jest.advanceTimersByTimeAsync(1500);
    await outcome;
    expect(logger.warn).toHaveBeenCalledWith(expect.objectContaining({ err: 'pool exhausted' }), expect.any(String));
  });

  it('parks an alert, then hands parked alerts to one digest', async () => {
    const lead = rows.addLead({ id: 'lead-1' } as never);
    await ledger.ensure({ key, leadId: 'lead-1', recipients: 'x' });
    const claim = (await ledger.claim(key)) as { id: string };
    await ledger.markBatched(claim.id);
    expect(await ledger.claim(key)).toBe('batched');
    expect(await ledger.claimParked(10)).toEqual([{ id: claim.id, lead }]);
    expect(await ledger.claimParked(10)).toEqual([]);
    await ledger.release([claim.id], 'batched');
    expect(rows.row(key)!.status).toBe('batched');
  });
});
