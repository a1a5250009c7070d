import { createHmac, randomUUID } from 'node:crypto';

/**
 * A new lead id: random (UUIDv4). An Idempotency-Key never determines the
 * id by itself: the gateway records which id a key was first given (with
 * the request it came with) and answers retries from that record, so
 * knowing someone's key tells nothing about their lead's id.
 */
export function newLeadId(): string {
  return randomUUID();
}

/**
 * A stable id for a key that only the holder of `secret` can compute
 * (HMAC-SHA256 in the UUIDv8 layout, RFC 9562). For answers that must look
 * like a lead's without storing anything, such as the one a bot gets.
 */
export function keyedLeadId(key: string, secret: string | Buffer): string {
  const mac = createHmac('sha256', secret).update(key).digest();
  mac[6] = (mac[6] & 0x0f) | 0x80;
  mac[8] = (mac[8] & 0x3f) | 0x80;
  const hex = mac.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[1-8][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i;

export function isLeadId(value: unknown): value is string {
  return typeof value === 'string' && UUID_PATTERN.test(value);
}
