import { UnrecoverableError } from 'bullmq';
import { parseLeadPayload } from './lead-payload';

const job = (over: Record<string, unknown> = {}) => ({
  v: 1,
  id: '0190d6a4-7c3e-7b1a-9f3e-2d4c5b6a7e8f',
  fields: {
    name: '张伟',
    phone: '+8613812345678',
    phoneRaw: '13812345678',
    email: null,
    company: null,
    requirement: '报价',
    consent: true,
    utm: {},
    extras: {},
  },
  context: { receivedAt: new Date().toISOString(), ip: null, userAgent: null, page: null, privacyPolicyVersion: null },
  ...over,
});

describe('parseLeadPayload with forms', () => {
  it('accepts a job from before forms (no form, no custom values)', () => {
    expect(parseLeadPayload(job()).form).toBeUndefined();
  });

  it('accepts a form job with typed answers and no requirement text', () => {
    const data = job({
      form: { slug: 'quote', version: 2 },
      custom: { product: 'steel', quantity: 12, regions: ['east'], samples: true },
    });
    (data.fields as { requirement: string }).requirement = '';
    expect(parseLeadPayload(data).custom).toEqual({ product: 'steel', quantity: 12, regions: ['east'], samples: true });
  });

  it.each([
    [{ form: { slug: 'Bad Slug', version: 1 } }],
    [{ form: { slug: 'quote', version: 0 } }],
    [{ form: { slug: 'quote', version: 1 }, custom: { 'Bad-Key': 'x' } }],
    [{ form: { slug: 'quote', version: 1 }, custom: { note: { nested: true } } }],
    [{ form: { slug: 'quote', version: 1 }, custom: { note: 'lone \ud800 half' } }],
  ])('refuses a forged or damaged form part: %p', (over) => {
    expect(() => parseLeadPayload(job(over))).toThrow(UnrecoverableError);
  });
});
