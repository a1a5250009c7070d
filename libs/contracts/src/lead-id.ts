import { createHash, randomUUID } from 'node:crypto';

// Fixed namespace for name-based lead ids (RFC 9562 UUIDv5).
const IDEMPOTENCY_NAMESPACE = Buffer.from('5f0c2f7e8d3a4b1c9e6a7b2d4c1f0e9a', 'hex');

/**
 * The lead id. With an Idempotency-Key it is derived from the key (UUIDv5),
 * so a repeated request maps to the same BullMQ job id and the same row
 * without any extra lookup on the accept path.
 */
export function leadIdFor(idempotencyKey: string | undefined, scope: string): string {
  if (!idempotencyKey) return randomUUID();
  const hash = createHash('sha1').update(IDEMPOTENCY_NAMESPACE).update(`${scope}\u0000${idempotencyKey}`).digest();
  hash[6] = (hash[6] & 0x0f) | 0x50;
  hash[8] = (hash[8] & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[1-8][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i;

export function isLeadId(value: unknown): value is string {
  return typeof value === 'string' && UUID_PATTERN.test(value);
}
