/**
 * The optional confirmation to the visitor (AUTORESPONSE_ENABLED=true): a
 * fixed text to the address the visitor typed, at most one per address per
 * day, never echoing what was typed, so the form cannot relay spam.
 */
jest.setTimeout(90_000);

import { intakeCompleted, visibleText } from '../support/defences';
import { postJson } from '../support/http';
import type { SinkMessage } from '../support/smtp-sink';
import { startStack, validLead, type Stack } from '../support/stack';

let stack: Stack;

beforeAll(async () => {
  stack = await startStack({ workerEnv: { AUTORESPONSE_ENABLED: 'true' } });
});

afterAll(async () => {
  await stack?.stop();
});

const autoresponses = (): SinkMessage[] => stack.sink.messages.filter((m) => m.header('x-lead-notice') === 'autoresponse');
const autoresponsesTo = (address: string) =>
  autoresponses().filter((m) => m.envelopeTo.map((a) => a.toLowerCase()).includes(address.toLowerCase()));

/** Posts a lead, waits for the sales alert and for the worker to finish the whole intake job. */
async function processed(fields: Record<string, unknown>): Promise<string> {
  const res = await postJson(stack.leadsUrl, fields);
  expect(res.status).toBe(202);
  const id: string = res.json().id;
  await stack.sink.waitForLead(id);
  await intakeCompleted(stack, id);
  return id;
}

describe('autoresponse to the visitor (AUTORESPONSE_ENABLED=true)', () => {
  const visitor = `visitor.${Date.now().toString(36)}@example.com`;
  // What a spammer would like to relay to a third party through the form.
  const spamName = '免费领取 iPhone 点击 http://spam.example/win';
  const spamRequirement = 'BUY CHEAP PILLS at http://spam.example/pills — 立即联系 VX: spam-888';
  const spamCompany = 'Spam Relay Ltd 垃圾邮件公司';
  let firstAutoresponse: SinkMessage;

  it('sends one fixed confirmation to the visitor address, marked X-Lead-Notice: autoresponse', async () => {
    const id = await processed(validLead({ email: visitor, name: spamName, requirement: spamRequirement, company: spamCompany }));
    firstAutoresponse = await stack.sink.waitFor(
      (m) => m.header('x-lead-notice') === 'autoresponse' && m.envelopeTo.includes(visitor),
      15000,
      'the autoresponse',
    );
    expect(autoresponsesTo(visitor)).toHaveLength(1);
    expect(firstAutoresponse.envelopeTo).toEqual([visitor]);
    const to = firstAutoresponse.mail.to;
    const toAddresses = (Array.isArray(to) ? to : to ? [to] : []).flatMap((a) => a.value.map((v) => v.address));
    expect(toAddresses).toEqual([visitor]);
    // Sales still got their own alert, which is a separate email.
    expect(stack.sink.forLead(id)).toHaveLength(1);
    expect(stack.sink.forLead(id)[0].header('x-lead-notice')).toBe('new-lead');
    expect(stack.sink.forLead(id)[0].envelopeTo).toEqual(['sales@example.com']);
  });

  it("never echoes the visitor's own text (name, requirement, company)", () => {
    const shown = visibleText(firstAutoresponse);
    expect(shown).toMatch(/已收到/);
    for (const typed of [spamName, spamRequirement, spamCompany, 'spam.example', 'PILLS', 'iPhone', '垃圾邮件']) {
      expect(shown).not.toContain(typed);
    }
    // Not in any header either (e.g. a subject or a Reply-To built from the form).
    const headers = firstAutoresponse.mail.headerLines.map((h) => h.line).join('\n');
    expect(headers).not.toContain('spam.example');
    expect(firstAutoresponse.header('x-lead-id') ?? '').toBe('');
    expect(firstAutoresponse.mail.attachments).toHaveLength(0);
  });

  it('sends the same fixed text for every visitor', async () => {
    const other = `other.${Date.now().toString(36)}@example.com`;
    await processed(validLead({ email: other, requirement: '另一个需求:需要 3 台发电机' }));
    const second = await stack.sink.waitFor(
      (m) => m.header('x-lead-notice') === 'autoresponse' && m.envelopeTo.includes(other),
      15000,
      'the second visitor autoresponse',
    );
    expect(second.mail.subject).toBe(firstAutoresponse.mail.subject);
    expect(second.mail.text).toBe(firstAutoresponse.mail.text);
  });

  it('sends no second confirmation to the same address the same day, while sales still get the alert', async () => {
    const id = await processed(validLead({ email: visitor, requirement: '第二次提交:再要一份报价' }));
    expect(stack.sink.forLead(id)).toHaveLength(1);
    // Any case of the same address is the same address.
    const upperId = await processed(validLead({ email: visitor.toUpperCase(), requirement: '第三次提交' }));
    expect(stack.sink.forLead(upperId)).toHaveLength(1);
    expect(autoresponsesTo(visitor)).toHaveLength(1);
  });

  it('sends none for a lead without an email address', async () => {
    const before = autoresponses().length;
    const fields = validLead({ email: undefined, requirement: '只留电话的需求' });
    const id = await processed(fields);
    expect(stack.sink.forLead(id)).toHaveLength(1);
    expect(autoresponses()).toHaveLength(before);
  });

  it('sent each confirmation exactly once overall', () => {
    const perAddress = new Map<string, number>();
    for (const m of autoresponses()) {
      for (const a of m.envelopeTo) perAddress.set(a.toLowerCase(), (perAddress.get(a.toLowerCase()) ?? 0) + 1);
    }
    expect([...perAddress.values()].every((n) => n === 1)).toBe(true);
    expect(perAddress.size).toBe(2);
  });
});
