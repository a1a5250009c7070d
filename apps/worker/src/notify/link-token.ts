import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Personal links (`/admin/go/<token>`): a token names one lead, one login,
 * an expiry and the login's credential version, signed with HMAC-SHA256.
 * Binary and base64url so the link stays short in a phone's mail app:
 *
 *   version(1) | lead id (16, a UUID's bytes) | expiry (4, unix seconds) | credential (8) | login (utf-8) || MAC (32)
 *
 * Nothing is stored per link: a changed password or a deactivated account
 * changes the credential version (or fails the account check), which
 * revokes every link sent before.
 */

const VERSION = 1;
const HEAD = 1 + 16 + 4 + 8;
const MAC_BYTES = 32;
const CREDENTIAL_BYTES = 8;
const MAX_LOGIN_BYTES = 200;

export interface LinkClaims {
  leadId: string;
  login: string;
  expiresAt: Date;
  /** credentialVersion() of the login's password hash when the link was made. */
  credential: string;
}

/** An expired token's lead is genuine (its MAC checked): where its page sends the reader to log in. */
export type LinkReading =
  | { ok: true; claims: LinkClaims }
  | { ok: false; reason: 'malformed' | 'forged' }
  | { ok: false; reason: 'expired'; leadId: string };

/** What the link may do once read: act, or why not. */
export type LinkScope = 'ok' | 'other-lead' | 'revoked';

const mac = (secret: string, body: Buffer) => createHmac('sha256', secret).update(body).digest();

/** A short keyed digest of the password hash: changes with the password, tells nothing about it. */
export function credentialVersion(secret: string, passwordHash: string): string {
  return createHmac('sha256', secret)
    .update(`credential\0${passwordHash}`)
    .digest()
    .subarray(0, CREDENTIAL_BYTES)
    .toString('base64url');
}

export function signLink(secret: string, claims: LinkClaims): string {
  const uuid = Buffer.from(claims.leadId.replace(/-/g, ''), 'hex');
  const login = Buffer.from(claims.login, 'utf8');
  const credential = Buffer.from(claims.credential, 'base64url');
  if (uuid.length !== 16) throw new Error('a link names a lead by its UUID');
  if (login.length === 0 || login.length > MAX_LOGIN_BYTES) throw new Error('a link names a login');
  if (credential.length !== CREDENTIAL_BYTES) throw new Error('a link carries a credential version');
  const body = Buffer.alloc(HEAD + login.length);
  body.writeUInt8(VERSION, 0);
  uuid.copy(body, 1);
  body.writeUInt32BE(Math.floor(claims.expiresAt.getTime() / 1000), 17);
  credential.copy(body, 21);
  login.copy(body, HEAD);
  return Buffer.concat([body, mac(secret, body)]).toString('base64url');
}

function uuidOf(bytes: Buffer): string {
  const h = bytes.toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

/** Checks the signature first, then the expiry: an unsigned token says nothing, not even that it expired. */
export function readLink(secret: string, token: string, now = new Date()): LinkReading {
  if (typeof token !== 'string' || token.length > 600 || !/^[A-Za-z0-9_-]+$/.test(token))
    return { ok: false, reason: 'malformed' };
  const raw = Buffer.from(token, 'base64url');
  if (raw.length <= HEAD + MAC_BYTES || raw.readUInt8(0) !== VERSION) return { ok: false, reason: 'malformed' };
  const body = raw.subarray(0, raw.length - MAC_BYTES);
  if (!timingSafeEqual(raw.subarray(raw.length - MAC_BYTES), mac(secret, body))) return { ok: false, reason: 'forged' };
  const claims: LinkClaims = {
    leadId: uuidOf(body.subarray(1, 17)),
    expiresAt: new Date(body.readUInt32BE(17) * 1000),
    credential: body.subarray(21, HEAD).toString('base64url'),
    login: body.subarray(HEAD).toString('utf8'),
  };
  if (claims.expiresAt.getTime() <= now.getTime()) return { ok: false, reason: 'expired', leadId: claims.leadId };
  return { ok: true, claims };
}

/**
 * A read link against the request and the account as it is now: only its
 * lead, only while its account is active with the same password.
 */
export function linkScope(
  claims: LinkClaims,
  leadId: string,
  account: { active: boolean; credential: string } | null,
): LinkScope {
  if (!account || !account.active || account.credential !== claims.credential) return 'revoked';
  if (leadId.toLowerCase() !== claims.leadId) return 'other-lead';
  return 'ok';
}

const FORM_MAC_BYTES = 16;

const formMac = (secret: string, token: string, issued: string, nonce: string) =>
  createHmac('sha256', secret).update(`form\0${token}\0${issued}\0${nonce}`).digest().subarray(0, FORM_MAC_BYTES);

/**
 * The action page's form token: bound to the link and to one rendering of
 * the page (its nonce), so a form is good only on the page it came from.
 */
export function signForm(secret: string, token: string, nonce: string, issuedAt: Date): string {
  const issued = String(Math.floor(issuedAt.getTime() / 1000));
  return `${issued}.${nonce}.${formMac(secret, token, issued, nonce).toString('base64url')}`;
}

/** Whether `value` came from a page rendered for `token` within `maxAgeMs`. */
export function checkForm(secret: string, token: string, value: unknown, now: Date, maxAgeMs: number): boolean {
  if (typeof value !== 'string' || value.length > 200) return false;
  const [issued, nonce, mac, ...rest] = value.split('.');
  if (rest.length || !/^\d{1,12}$/.test(issued ?? '') || !/^[A-Za-z0-9_-]{8,64}$/.test(nonce ?? '') || !mac) return false;
  const given = Buffer.from(mac, 'base64url');
  if (given.length !== FORM_MAC_BYTES || !timingSafeEqual(given, formMac(secret, token, issued, nonce))) return false;
  const age = now.getTime() - Number(issued) * 1000;
  return age >= -60_000 && age <= maxAgeMs;
}
