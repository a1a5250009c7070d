import { isIP } from 'node:net';
import { normalizePhone } from '@app/contracts';

export interface BlockRequest {
  kind: 'phone' | 'email' | 'ip';
  value: string;
  days: number;
}

const MAX_DAYS = 3650;

/** `{phone|email|ip, days}` from `POST /admin/blocklist`: one contact, 1..3650 days (default 30); a message when bad. */
export function parseBlockRequest(body: unknown): BlockRequest | string {
  const b = (body ?? {}) as Record<string, unknown>;
  const given = (['phone', 'email', 'ip'] as const).filter((k) => typeof b[k] === 'string' && (b[k] as string).trim() !== '');
  if (given.length !== 1) return 'give exactly one of phone, email, ip';
  const kind = given[0];
  const raw = (b[kind] as string).trim().slice(0, 320);
  const days = b.days === undefined ? 30 : Number(b.days);
  if (!Number.isInteger(days) || days < 1 || days > MAX_DAYS) return `days must be a whole number from 1 to ${MAX_DAYS}`;
  if (kind === 'phone') {
    const phone = normalizePhone(raw);
    return phone ? { kind, value: phone, days } : 'phone is not a phone number';
  }
  if (kind === 'email')
    return /^[^\s@]+@[^\s@]+$/.test(raw) ? { kind, value: raw.toLowerCase(), days } : 'email is not an address';
  // As the gateway records a client: IPv6 in lower case (Node's form).
  return isIP(raw) ? { kind, value: raw.toLowerCase(), days } : 'ip is not an IP address';
}
