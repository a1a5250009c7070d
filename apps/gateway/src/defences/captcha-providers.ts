import { createHmac } from 'node:crypto';
import type { CaptchaProviderName } from '@app/config';
import { TC3_CONTENT_TYPE, tc3Authorization } from './tc3-signature';

/** One server-side verification call, built without I/O so it can be checked against the docs. */
export interface VerifyRequest {
  url: string;
  headers: Record<string, string>;
  body: string;
}

/** `error`: the provider could not say (down, misconfigured): CAPTCHA_FAIL_OPEN decides. */
export type VerifyVerdict = 'pass' | 'fail' | 'error';

export interface CaptchaProvider {
  /** null: the token is not something this provider's widget produces. */
  request(token: string, ip: string, now: Date): VerifyRequest | null;
  verdict(status: number, body: unknown): VerifyVerdict;
}

export interface ProviderSettings {
  id: string;
  key: string;
  /** CAPTCHA_VERIFY_URL: replaces the provider's base URL. */
  baseUrl?: string;
}

const FORM = 'application/x-www-form-urlencoded';

/** The widget's fields, serialized by the page into the one `captcha` form field. */
function fieldsOf<K extends string>(token: string, names: readonly K[]): Record<K, string> | null {
  let parsed: unknown;
  try {
    parsed = JSON.parse(token);
  } catch {
    return null;
  }
  if (typeof parsed !== 'object' || parsed === null) return null;
  const out = {} as Record<K, string>;
  for (const name of names) {
    const v = (parsed as Record<string, unknown>)[name];
    if (typeof v !== 'string' || v === '' || v.length > 4096) return null;
    out[name] = v;
  }
  return out;
}

const record = (body: unknown): Record<string, unknown> =>
  typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : {};

/** GeeTest v4 二次校验: POST /validate with sign_token = HMAC-SHA256(captcha_key, lot_number). */
export function geetest({ id, key, baseUrl = 'https://gcaptcha4.geetest.com' }: ProviderSettings): CaptchaProvider {
  const names = ['lot_number', 'captcha_output', 'pass_token', 'gen_time'] as const;
  return {
    request(token) {
      const f = fieldsOf(token, names);
      if (!f) return null;
      const sign_token = createHmac('sha256', key).update(f.lot_number, 'utf8').digest('hex');
      return {
        url: `${baseUrl}/validate?captcha_id=${encodeURIComponent(id)}`,
        headers: { 'content-type': FORM },
        body: new URLSearchParams({ ...f, sign_token }).toString(),
      };
    },
    verdict(status, body) {
      const b = record(body);
      if (status !== 200 || b.status !== 'success') return 'error';
      return b.result === 'success' ? 'pass' : 'fail';
    },
  };
}

/**
 * Tencent Captcha's DescribeCaptchaResult (API 2019-07-22), signed with TC3.
 * CAPTCHA_KEY is `AppSecretKey:SecretId:SecretKey`.
 */
export function tencent({ id, key, baseUrl = 'https://captcha.tencentcloudapi.com' }: ProviderSettings): CaptchaProvider {
  const [appSecretKey, secretId, secretKey] = key.split(':');
  const host = new URL(baseUrl).host;
  return {
    request(token, ip, now) {
      const f = fieldsOf(token, ['ticket', 'randstr'] as const);
      if (!f) return null;
      const payload = JSON.stringify({
        CaptchaType: 9,
        Ticket: f.ticket,
        UserIp: ip,
        Randstr: f.randstr,
        CaptchaAppId: Number(id),
        AppSecretKey: appSecretKey,
      });
      const timestamp = Math.floor(now.getTime() / 1000);
      return {
        url: `${baseUrl}/`,
        headers: {
          authorization: tc3Authorization({ secretId, secretKey, service: 'captcha', host, payload, timestamp }),
          'content-type': TC3_CONTENT_TYPE,
          'x-tc-action': 'DescribeCaptchaResult',
          'x-tc-version': '2019-07-22',
          'x-tc-timestamp': String(timestamp),
        },
        body: payload,
      };
    },
    verdict(status, body) {
      const r = record(record(body).Response);
      // An Error is about the call (signature, credentials, quota), not the visitor.
      if (status !== 200 || r.Error !== undefined || typeof r.CaptchaCode !== 'number') return 'error';
      return r.CaptchaCode === 1 ? 'pass' : 'fail';
    },
  };
}

/** Cloudflare Turnstile siteverify. */
export function turnstile({
  key,
  baseUrl = 'https://challenges.cloudflare.com/turnstile/v0',
}: ProviderSettings): CaptchaProvider {
  return {
    request(token, ip) {
      if (token.length > 2048) return null;
      return {
        url: `${baseUrl}/siteverify`,
        headers: { 'content-type': FORM },
        body: new URLSearchParams({ secret: key, response: token, remoteip: ip }).toString(),
      };
    },
    verdict(status, body) {
      const b = record(body);
      if (status !== 200 || typeof b.success !== 'boolean') return 'error';
      if (b.success) return 'pass';
      const codes = Array.isArray(b['error-codes']) ? b['error-codes'] : [];
      return codes.includes('internal-error') || codes.includes('invalid-input-secret') ? 'error' : 'fail';
    },
  };
}

export function captchaProvider(name: Exclude<CaptchaProviderName, 'none'>, settings: ProviderSettings): CaptchaProvider {
  const make = { geetest, tencent, turnstile }[name];
  return make(settings);
}
