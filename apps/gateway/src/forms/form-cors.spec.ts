import type { FastifyReply, FastifyRequest } from 'fastify';
import { compileForm, DEFAULT_FORM, type CompiledForm } from '@app/contracts';
import { FormCorsPolicy } from './form-cors';

const SITE = 'https://www.example.com';
const SHOP = 'https://shop.example.cn';
const EVIL = 'https://evil.example.net';

function form(slug: string, origins: string[], version = 1): CompiledForm {
  return compileForm({ ...DEFAULT_FORM, slug, origins, version }, { consentRequired: false });
}

/** A reply that records what the policy did with it. */
function fakeReply() {
  const seen = { headers: {} as Record<string, string>, status: 200, sent: false, notFound: false };
  const reply = {
    header(name: string, value: string) {
      seen.headers[name] = value;
      return reply;
    },
    code(status: number) {
      seen.status = status;
      return reply;
    },
    send() {
      seen.sent = true;
      return reply;
    },
    callNotFound() {
      seen.notFound = true;
    },
  };
  return { reply: reply as unknown as FastifyReply, seen };
}

const req = (slug: string, origin?: string) =>
  ({ params: { slug }, headers: origin ? { origin } : {} }) as unknown as FastifyRequest;

function allowed(policy: FormCorsPolicy, slug: string, origin: string): string | undefined {
  const { reply, seen } = fakeReply();
  let called = false;
  policy.allow(req(slug, origin), reply, () => (called = true));
  expect(called).toBe(true);
  return seen.headers['access-control-allow-origin'];
}

describe('FormCorsPolicy', () => {
  const forms = new Map([
    ['quote', form('quote', [SHOP])],
    ['plain', form('plain', [])],
  ]);
  const policy = new FormCorsPolicy((slug) => forms.get(slug), [SITE]);

  it('lets a form’s own origins read its answers, and CORS_ORIGINS for a form without any', () => {
    expect(allowed(policy, 'quote', SHOP)).toBe(SHOP);
    // The form's list replaces CORS_ORIGINS for it.
    expect(allowed(policy, 'quote', SITE)).toBeUndefined();
    expect(allowed(policy, 'plain', SITE)).toBe(SITE);
    expect(allowed(policy, 'plain', SHOP)).toBeUndefined();
    expect(allowed(policy, 'quote', EVIL)).toBeUndefined();
  });

  it('answers a preflight from an allowed origin with the methods and headers, another with no CORS headers', () => {
    const ok = fakeReply();
    policy.preflight(req('quote', SHOP), ok.reply);
    expect(ok.seen).toMatchObject({ status: 204, sent: true });
    expect(ok.seen.headers).toMatchObject({
      'access-control-allow-origin': SHOP,
      'access-control-allow-methods': 'GET, POST',
      vary: 'Origin',
    });
    expect(ok.seen.headers['access-control-allow-headers']).toContain('idempotency-key');
    const other = fakeReply();
    policy.preflight(req('quote', EVIL), other.reply);
    expect(other.seen.status).toBe(204);
    expect(Object.keys(other.seen.headers).filter((h) => h.startsWith('access-control-'))).toEqual([]);
  });

  it('has no preflight where no origin is configured, as without CORS_ORIGINS today', () => {
    const none = new FormCorsPolicy((slug) => forms.get(slug), []);
    const { reply, seen } = fakeReply();
    none.preflight(req('plain', SITE), reply);
    expect(seen.notFound).toBe(true);
    expect(allowed(none, 'quote', SHOP)).toBe(SHOP);
  });

  it('builds a form’s set once per compiled version and follows a new version', () => {
    const own = new Map([['quote', form('quote', [SHOP])]]);
    const p = new FormCorsPolicy((slug) => own.get(slug), [SITE]);
    const first = p.originsOf('quote');
    expect(p.originsOf('quote')).toBe(first);
    own.set('quote', form('quote', [SITE, SHOP], 2));
    expect([...p.originsOf('quote')]).toEqual([SITE, SHOP]);
  });
});
