import { z } from 'zod';
import { bool, int } from './env-fields';

export const CAPTCHA_PROVIDERS = ['none', 'geetest', 'tencent', 'turnstile'] as const;
export type CaptchaProviderName = (typeof CAPTCHA_PROVIDERS)[number];
export const CAPTCHA_MODES = ['always', 'under-attack', 'never'] as const;
export type CaptchaMode = (typeof CAPTCHA_MODES)[number];

/** The gateway's adaptive captcha, spread into its schema (docs/spam.md). */
export const captchaEnv = {
  CAPTCHA_PROVIDER: z
    .enum(CAPTCHA_PROVIDERS)
    .default('none')
    .describe(
      'Captcha asked of visitors when required: `geetest` (v4) or `tencent` (both work in mainland China), `turnstile` (Cloudflare; not reliably reachable in China), or `none` (never asked, no extra work per post).',
    ),
  CAPTCHA_ID: z
    .string()
    .trim()
    .default('')
    .describe(
      "The provider's public id: GeeTest captcha_id, Tencent CaptchaAppId, Turnstile site key. Required unless CAPTCHA_PROVIDER is none.",
    ),
  CAPTCHA_KEY: z
    .string()
    .trim()
    .default('')
    .describe(
      "Secret: GeeTest captcha_key, Tencent `AppSecretKey:SecretId:SecretKey` (the app's key, then the API credentials that sign DescribeCaptchaResult), Turnstile secret key. Required unless CAPTCHA_PROVIDER is none.",
    ),
  CAPTCHA_MODE: z
    .enum(CAPTCHA_MODES)
    .default('under-attack')
    .describe(
      '`always`: every post needs a captcha; `under-attack`: only while a form gets more than CAPTCHA_TRIGGER_PER_MINUTE posts a minute (or the worker reports most recent leads quarantined); `never`: off.',
    ),
  CAPTCHA_TRIGGER_PER_MINUTE: int(30, 1).describe(
    'Posts to one form within a minute, counted across all gateways, above which the form asks for a captcha (CAPTCHA_MODE=under-attack).',
  ),
  CAPTCHA_FAIL_OPEN: bool(true).describe(
    'true: when the captcha provider cannot be reached in 3 s, accept the post and mark it unverified (the worker adds to its spam score); false: answer 503 with Retry-After.',
  ),
  CAPTCHA_VERIFY_URL: z
    .url({ protocol: /^https?$/ })
    .optional()
    .describe("Replaces the provider's verification endpoint (base URL), for tests and proxies. Empty: the provider's own."),
};

/** A provider needs its id and secret; caught at boot rather than as a 503 under attack. */
export function captchaCredentials(
  c: { CAPTCHA_PROVIDER: CaptchaProviderName; CAPTCHA_ID: string; CAPTCHA_KEY: string },
  ctx: z.RefinementCtx,
): void {
  if (c.CAPTCHA_PROVIDER === 'none') return;
  for (const name of ['CAPTCHA_ID', 'CAPTCHA_KEY'] as const) {
    if (!c[name]) ctx.addIssue({ code: 'custom', path: [name], message: `required when CAPTCHA_PROVIDER=${c.CAPTCHA_PROVIDER}` });
  }
  if (c.CAPTCHA_PROVIDER === 'tencent' && c.CAPTCHA_KEY.split(':').length !== 3) {
    ctx.addIssue({ code: 'custom', path: ['CAPTCHA_KEY'], message: 'tencent needs AppSecretKey:SecretId:SecretKey' });
  }
}
