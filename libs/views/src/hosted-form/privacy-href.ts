import type { Lang } from '@app/contracts';

/** Where the form links when PRIVACY_POLICY_URL is left at its default: the gateway's own policy page. */
export const DEFAULT_PRIVACY_PATH = '/privacy';

/**
 * Only http(s) or site-relative links; anything else (javascript:, data:)
 * becomes the default. The gateway's own policy opens in the form's language.
 */
export function privacyHref(url: string, lang: Lang): string {
  const u = url.trim();
  if (u !== DEFAULT_PRIVACY_PATH && (/^https?:\/\//i.test(u) || (u.startsWith('/') && !u.startsWith('//')))) return u;
  return `${DEFAULT_PRIVACY_PATH}?lang=${lang}`;
}
