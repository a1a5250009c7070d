import type { LeadReceivedPayload } from '@app/contracts';

/** An intake job's payload as the gateway sends it (v1, valid); `over` replaces top-level parts. */
export function aLeadPayload(over: Partial<LeadReceivedPayload> = {}): LeadReceivedPayload {
  return {
    v: 1,
    id: '0190d6a4-7c3e-7b1a-9f3e-2d4c5b6a7e8f',
    fields: {
      name: '张伟',
      phone: '+8613812345678',
      phoneRaw: '13812345678',
      email: 'zhang@example.com',
      company: null,
      requirement: '报价',
      consent: true,
      utm: {},
      extras: {},
    },
    context: {
      receivedAt: '2026-03-02T01:00:00.000Z',
      ip: '203.0.113.9',
      userAgent: 'jest',
      page: null,
      privacyPolicyVersion: null,
    },
    ...over,
  } as LeadReceivedPayload;
}
