import { destinationKeySuffix, ledgerKey, parseLedgerKey, taskNoticeKeyPrefix } from './ledger-key';

const LEAD = '0b8f8f3e-6a57-4a55-9d8e-2f3a1c9b7e10';
const TASK = '5d1c2b3a-1111-4222-8333-944455566677';
const RESEND = '9a8b7c6d-aaaa-4bbb-8ccc-ddddeeeeffff';

describe('ledger keys', () => {
  // Rows in deployed databases use these exact strings.
  it.each([
    [{ channel: 'email', kind: 'new-lead', leadId: LEAD } as const, `email:new-lead:${LEAD}`],
    [{ channel: 'email', kind: 'resend', leadId: LEAD, resendId: RESEND } as const, `email:resend:${LEAD}:${RESEND}`],
    [{ channel: 'email', kind: 'reminder', taskId: TASK } as const, `email:reminder:${TASK}`],
    [{ channel: 'email', kind: 'escalation', taskId: TASK } as const, `email:escalation:${TASK}`],
    [
      { channel: 'email', kind: 'autoresponse', address: 'li@example.com', day: '2026-11-25' } as const,
      'email:autoresponse:li@example.com:2026-11-25',
    ],
  ])('keeps the email key %j as %s, and reads it back', (key, text) => {
    expect(ledgerKey(key)).toBe(text);
    expect(parseLedgerKey(text)).toEqual(key);
  });

  it('lowercases an autoresponse address (one confirmation per address, whatever its case)', () => {
    expect(ledgerKey({ channel: 'email', kind: 'autoresponse', address: 'Li@Example.COM', day: '2026-11-25' })).toBe(
      'email:autoresponse:li@example.com:2026-11-25',
    );
  });

  it('adds a destination for channels with several', () => {
    const key = { channel: 'dingtalk', kind: 'new-lead', leadId: LEAD, destination: 'r1a2b3' } as const;
    expect(ledgerKey(key)).toBe(`dingtalk:new-lead:${LEAD}:r1a2b3`);
    expect(parseLedgerKey(ledgerKey(key))).toEqual(key);
    const resend = { channel: 'webhook', kind: 'resend', leadId: LEAD, resendId: RESEND, destination: 'w9' } as const;
    expect(parseLedgerKey(ledgerKey(resend))).toEqual(resend);
  });

  it('refuses a destination that would break the key apart', () => {
    expect(() => ledgerKey({ channel: 'wecom', kind: 'new-lead', leadId: LEAD, destination: 'a:b' })).toThrow();
  });

  it.each([
    '',
    'email',
    'sms:new-lead:x',
    `email:unknown:${LEAD}`,
    'email:new-lead:',
    `email:new-lead:${LEAD}:a:b`,
    'email:resend:x',
  ])('reads %p as no key', (text) => {
    expect(parseLedgerKey(text)).toBeNull();
  });

  it('gives the prefix of a task level, for matching in SQL', () => {
    expect(taskNoticeKeyPrefix('email', 'reminder')).toBe('email:reminder:');
    expect(
      ledgerKey({ channel: 'email', kind: 'reminder', taskId: TASK }).startsWith(taskNoticeKeyPrefix('email', 'reminder')),
    ).toBe(true);
  });

  it('names each task update sent to a webhook, and reads it back', () => {
    const key = { channel: 'webhook', kind: 'task-updated', taskId: TASK, updateId: RESEND, destination: 'w9' } as const;
    expect(ledgerKey(key)).toBe(`webhook:task-updated:${TASK}:${RESEND}:w9`);
    expect(parseLedgerKey(ledgerKey(key))).toEqual(key);
  });

  it('names each task of a hand-over, and reads it back', () => {
    const key = { channel: 'email', kind: 'handover', taskId: TASK, handoverId: RESEND } as const;
    expect(ledgerKey(key)).toBe(`email:handover:${TASK}:${RESEND}`);
    expect(parseLedgerKey(ledgerKey(key))).toEqual(key);
  });

  it('gives the suffix of a destination, for matching in SQL', () => {
    const key = { channel: 'feishu', kind: 'reminder', taskId: TASK, destination: 'f1' } as const;
    expect(ledgerKey(key)).toBe(`${taskNoticeKeyPrefix('feishu', 'reminder')}${TASK}${destinationKeySuffix('f1')}`);
    expect(destinationKeySuffix()).toBe('');
    expect(() => destinationKeySuffix('a:b')).toThrow();
  });
});
