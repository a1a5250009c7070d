import type { Lead } from '../../apps/worker/src/data/lead';

let seq = 0;

/** A stored lead with every field set; `overrides` change what a spec is about. */
export function aLead(overrides: Partial<Lead> = {}): Lead {
  seq++;
  const id = `00000000-0000-4000-8000-${String(seq).padStart(12, '0')}`;
  return {
    id,
    name: `客户${seq}`,
    phone: '+8613800138000',
    phoneRaw: '13800138000',
    email: `c${seq}@example.com`,
    company: '示例公司',
    requirement: '想了解产品',
    consent: true,
    consentAt: new Date('2026-03-02T01:00:00Z'),
    privacyPolicyVersion: '2024-01',
    utm: {},
    extras: {},
    ip: '203.0.113.7',
    userAgent: 'jest',
    page: 'https://example.com/contact',
    receivedAt: new Date('2026-03-02T01:00:00Z'),
    createdAt: new Date('2026-03-02T01:00:01Z'),
    erasedAt: null,
    spamScore: null,
    spamReasons: null,
    quarantined: false,
    ...overrides,
  };
}
