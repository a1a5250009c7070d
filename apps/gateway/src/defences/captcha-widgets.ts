import type { CaptchaProviderName } from '@app/config';

/**
 * Where each provider's widget comes from, for the pages' Content-Security-Policy.
 * The script URLs themselves live in the browser bundle (browser/captcha-widget.ts).
 */
const WIDGET_ORIGINS: Record<Exclude<CaptchaProviderName, 'none'>, string[]> = {
  geetest: ['https://static.geetest.com', 'https://gcaptcha4.geetest.com'],
  tencent: ['https://turing.captcha.qcloud.com', 'https://turing.captcha.gtimg.com', 'https://ca.turing.captcha.qcloud.com'],
  turnstile: ['https://challenges.cloudflare.com'],
};

export function captchaWidgetOrigins(provider: CaptchaProviderName): string[] {
  return provider === 'none' ? [] : WIDGET_ORIGINS[provider];
}
