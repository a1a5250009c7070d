import { hash } from 'node:crypto';
import type { LeadFields } from '@app/contracts';

/** JSON with every object's keys in order: the same fields give the same text whatever order they came in. */
function canonical(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  const record = value as Record<string, unknown>;
  const entries = Object.keys(record)
    .filter((key) => record[key] !== undefined)
    .sort()
    .map((key) => `${JSON.stringify(key)}:${canonical(record[key])}`);
  return `{${entries.join(',')}}`;
}

/**
 * What an Idempotency-Key is bound to: the SHA-256 of the validated fields
 * in canonical form. A retry of the same post has the same fingerprint (key
 * order, and whatever validation trims or ignores, make no difference); a
 * post that would store anything else (another form, other answers) has another.
 */
export function leadFingerprint(fields: LeadFields, form?: { slug: string; custom: unknown }): string {
  // A default-form post hashes as it always has, so keys claimed before forms keep their binding.
  return hash('sha256', canonical(form === undefined ? fields : { fields, form }), 'base64url');
}
