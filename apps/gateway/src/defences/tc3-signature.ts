import { createHash, createHmac } from 'node:crypto';

/** What Tencent Cloud API v3 signs: a JSON POST to one service's host. */
export interface Tc3Request {
  secretId: string;
  secretKey: string;
  /** e.g. `captcha`, the first label of the host. */
  service: string;
  host: string;
  payload: string;
  /** Unix seconds; the date in the scope is its UTC day. */
  timestamp: number;
}

export const TC3_CONTENT_TYPE = 'application/json; charset=utf-8';

const sha256Hex = (s: string) => createHash('sha256').update(s, 'utf8').digest('hex');
const hmac = (key: string | Buffer, msg: string) => createHmac('sha256', key).update(msg, 'utf8').digest();

/**
 * The Authorization header of TC3-HMAC-SHA256 (cloud.tencent.com/document/api/213/30654),
 * signing only content-type and host, as the documented example does.
 */
export function tc3Authorization(r: Tc3Request): string {
  const date = new Date(r.timestamp * 1000).toISOString().slice(0, 10);
  const signedHeaders = 'content-type;host';
  const canonical = [
    'POST',
    '/',
    '',
    `content-type:${TC3_CONTENT_TYPE}\nhost:${r.host}\n`,
    signedHeaders,
    sha256Hex(r.payload),
  ].join('\n');
  const scope = `${date}/${r.service}/tc3_request`;
  const toSign = ['TC3-HMAC-SHA256', String(r.timestamp), scope, sha256Hex(canonical)].join('\n');
  const signing = hmac(hmac(hmac(`TC3${r.secretKey}`, date), r.service), 'tc3_request');
  const signature = createHmac('sha256', signing).update(toSign, 'utf8').digest('hex');
  return `TC3-HMAC-SHA256 Credential=${r.secretId}/${scope}, SignedHeaders=${signedHeaders}, Signature=${signature}`;
}
