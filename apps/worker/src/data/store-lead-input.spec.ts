import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { LeadReceivedPayload } from '@app/contracts';
import { storeLeadInput, type StoreLeadPlan } from './store-lead-input';

const payload: LeadReceivedPayload = {
  id: '0b8f8f3e-6a57-4a55-9d8e-2f3a1c9b7e10',
  fields: {
    name: '王先生',
    phone: '+8613812345678',
    phoneRaw: '138 1234 5678',
    email: 'wang@example.com',
    company: null,
    requirement: '钢材报价',
    consent: true,
    utm: { utm_source: 'baidu' },
    extras: { note: 'x' },
  },
  context: {
    receivedAt: '2026-12-07T02:00:00.000Z',
    ip: '203.0.113.9',
    userAgent: 'UA',
    page: 'https://example.com/quote',
    privacyPolicyVersion: '2026-01',
  },
} as LeadReceivedPayload;

const plan: StoreLeadPlan = {
  dueAt: new Date('2026-12-07T03:00:00.000Z'),
  recipients: 'sales@example.com',
  alertKey: 'email:new-lead:0b8f8f3e-6a57-4a55-9d8e-2f3a1c9b7e10',
  assignment: { enabled: true, returningCustomerDays: 730 },
  spam: null,
  team: '华东钢材',
};

const migration = (name: string) => readFileSync(join(__dirname, '../database/migrations', name), 'utf8');

/** The fields of the composite type store_lead_input: as created, then as later migrations added to it. */
function compositeFields(): string[] {
  const body = /CREATE TYPE store_lead_input AS \(([^)]*)\)/.exec(migration('1765200000000-teams.ts'))?.[1] ?? '';
  const added = [
    ...migration('1765510000000-store-lead-contact-history.ts').matchAll(/ALTER TYPE store_lead_input ADD ATTRIBUTE (\w+)/g),
  ];
  return [
    ...body
      .split(',')
      .map((part) => part.trim().split(/\s+/)[0])
      .filter(Boolean),
    ...added.map((m) => m[1]),
  ];
}

describe('storeLeadInput', () => {
  it('names exactly the fields of the Postgres type store_new_lead() reads', () => {
    const fields = compositeFields();
    expect(fields).toContain('team');
    expect(fields).toContain('spam_contact_leads_below');
    expect(Object.keys(storeLeadInput(payload, plan)).sort()).toEqual([...fields].sort());
  });

  it('carries the lead, the plan and the team', () => {
    const input = storeLeadInput(payload, plan);
    expect(input).toMatchObject({
      id: payload.id,
      phone: '+8613812345678',
      phone_raw: '138 1234 5678',
      due_at: '2026-12-07T03:00:00.000Z',
      received_at: '2026-12-07T02:00:00.000Z',
      assign: true,
      returning_days: 730,
      quarantined: false,
      spam_score: null,
      team: '华东钢材',
    });
  });

  it('stores a spam verdict and treats a blank team as none', () => {
    const input = storeLeadInput(payload, {
      ...plan,
      team: '  ',
      spam: { score: 0.93, reasons: ['link-heavy'], quarantined: true },
    });
    expect(input).toMatchObject({ team: null, spam_score: 0.93, spam_reasons: ['link-heavy'], quarantined: true });
    expect(input.spam_contact_leads_below).toBeNull();
  });

  it('says for which contacts a mark made without their history holds', () => {
    const spam = { score: 0.1, reasons: [], quarantined: false, contactLeadsBelow: 3 };
    expect(storeLeadInput(payload, { ...plan, spam }).spam_contact_leads_below).toBe(3);
  });
});
