import { pageSecurity } from './page-security';

const directives = (provider: 'none' | 'geetest' | 'tencent' | 'turnstile') => {
  const csp = pageSecurity({ CORS_ORIGINS: [], CAPTCHA_PROVIDER: provider }).contentSecurityPolicy;
  return (csp as { directives: Record<string, string[]> }).directives;
};

describe('pageSecurity', () => {
  it('admits no third party without a captcha provider', () => {
    const d = directives('none');
    expect(d.scriptSrc).toEqual(["'self'"]);
    expect(d.connectSrc).toEqual(["'self'"]);
    expect(d).not.toHaveProperty('frameSrc');
  });

  it("admits the configured provider's widget, and only that one", () => {
    const d = directives('geetest');
    expect(d.scriptSrc).toEqual(["'self'", 'https://static.geetest.com', 'https://gcaptcha4.geetest.com']);
    expect(d.frameSrc).toEqual(['https://static.geetest.com', 'https://gcaptcha4.geetest.com']);
    expect(JSON.stringify(d)).not.toContain('cloudflare');
    expect(directives('turnstile').frameSrc).toEqual(['https://challenges.cloudflare.com']);
    expect(directives('tencent').scriptSrc).toContain('https://turing.captcha.qcloud.com');
  });
});
