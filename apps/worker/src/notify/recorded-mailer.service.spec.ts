import { ledgerRig, type LedgerRig } from '../../../../test/unit-fakes/ledger.fake';
import type { LedgerKey } from '../data/ledger-key';

describe('RecordedMailer', () => {
  const key: LedgerKey = { channel: 'email', kind: 'reminder', taskId: 't1' };
  let rig: LedgerRig;
  let id: string;

  beforeEach(async () => {
    rig = ledgerRig();
    await rig.ledger.ensure({ key, leadId: null, taskId: 't1', recipients: 'owner@example.com' });
    id = ((await rig.ledger.claim(key)) as { id: string }).id;
  });

  it('sends the composed message and records it sent with its Message-ID', async () => {
    await rig.mailer.send([id], () => ({ to: 'owner@example.com', subject: 'due' }), false);
    expect(rig.mail.sent).toEqual([expect.objectContaining({ to: 'owner@example.com', subject: 'due' })]);
    expect(rig.notifications.row(key)).toMatchObject({ status: 'sent', messageId: '<m1@test>', lastError: null });
  });

  it('rethrows a failed send (so BullMQ retries) after putting the row back to pending', async () => {
    rig.mail.failNext(new Error('421 try later'));
    await expect(rig.mailer.send([id], () => ({ subject: 'x' }), false)).rejects.toThrow('421 try later');
    expect(rig.notifications.row(key)).toMatchObject({ status: 'pending', lastError: '421 try later' });
    expect(rig.mail.sent).toHaveLength(0);
  });

  it('marks the row failed when the final attempt fails, and batched when asked to keep it for a digest', async () => {
    rig.mail.failNext(new Error('550 no such user'));
    await expect(rig.mailer.send([id], () => ({}), true)).rejects.toThrow('550');
    expect(rig.notifications.row(key)!.status).toBe('failed');
    await rig.ledger.claim(key);
    rig.mail.failNext(new Error('timeout'));
    await expect(rig.mailer.send([id], () => ({}), false, 'batched')).rejects.toThrow('timeout');
    expect(rig.notifications.row(key)!.status).toBe('batched');
  });

  it('treats a compose error like a failed send: recorded, rethrown, nothing sent', async () => {
    const compose = () => {
      throw new Error('template missing');
    };
    await expect(rig.mailer.send([id], compose, false)).rejects.toThrow('template missing');
    expect(rig.notifications.row(key)!.status).toBe('pending');
    expect(rig.mail.sent).toHaveLength(0);
  });
});
