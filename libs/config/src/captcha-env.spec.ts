import { z } from 'zod';
import { captchaCredentials, captchaEnv } from './captcha-env';
import { ConfigError, loadConfig } from './load-config';

const schema = z.object(captchaEnv).superRefine(captchaCredentials);
const load = (env: Record<string, string>) => loadConfig(schema, env);

function problemsOf(run: () => unknown): string[] {
  try {
    run();
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return (err as ConfigError).problems;
  }
  throw new Error('expected a ConfigError');
}

describe('captchaEnv', () => {
  it('is off by default, adaptive once a provider is set', () => {
    expect(load({})).toEqual({
      CAPTCHA_PROVIDER: 'none',
      CAPTCHA_ID: '',
      CAPTCHA_KEY: '',
      CAPTCHA_MODE: 'under-attack',
      CAPTCHA_TRIGGER_PER_MINUTE: 30,
      CAPTCHA_FAIL_OPEN: true,
    });
  });

  it('needs the id and the key of a configured provider', () => {
    const problems = problemsOf(() => load({ CAPTCHA_PROVIDER: 'geetest' })).join('\n');
    expect(problems).toMatch(/CAPTCHA_ID.*required when CAPTCHA_PROVIDER=geetest/);
    expect(problems).toMatch(/CAPTCHA_KEY.*required when CAPTCHA_PROVIDER=geetest/);
  });

  it("needs Tencent's three secrets, without printing the key", () => {
    const problems = problemsOf(() =>
      load({ CAPTCHA_PROVIDER: 'tencent', CAPTCHA_ID: '1900', CAPTCHA_KEY: 'only-one-part' }),
    ).join('\n');
    expect(problems).toMatch(/AppSecretKey:SecretId:SecretKey/);
    expect(problems).not.toContain('only-one-part');
    expect(load({ CAPTCHA_PROVIDER: 'tencent', CAPTCHA_ID: '1900', CAPTCHA_KEY: 'a:b:c' }).CAPTCHA_PROVIDER).toBe('tencent');
  });

  it('refuses an unknown provider or mode', () => {
    expect(problemsOf(() => load({ CAPTCHA_PROVIDER: 'recaptcha' })).join('\n')).toMatch(/CAPTCHA_PROVIDER/);
    expect(problemsOf(() => load({ CAPTCHA_MODE: 'sometimes' })).join('\n')).toMatch(/CAPTCHA_MODE/);
  });
});
