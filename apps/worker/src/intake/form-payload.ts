import { UnrecoverableError } from 'bullmq';
import {
  CustomValues,
  FIELD_KEY_PATTERN,
  FORM_LIMITS,
  FORM_SLUG_PATTERN,
  isStorableText,
  LeadReceivedPayload,
} from '@app/contracts';

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function storable(v: unknown, max: number): boolean {
  return typeof v === 'string' && v.length <= max && isStorableText(v);
}

function checkCustom(custom: unknown): custom is CustomValues {
  if (!isRecord(custom)) return false;
  const entries = Object.entries(custom);
  if (entries.length > FORM_LIMITS.fields) return false;
  return entries.every(([key, v]) => {
    if (!FIELD_KEY_PATTERN.test(key)) return false;
    if (typeof v === 'boolean' || (typeof v === 'number' && Number.isFinite(v))) return true;
    if (Array.isArray(v)) return v.length <= FORM_LIMITS.options && v.every((o) => storable(o, FORM_LIMITS.optionValue));
    return storable(v, FORM_LIMITS.maxLength * 2);
  });
}

/**
 * The form part of a job (absent in jobs from before forms): a form slug
 * and version, and custom answers of bounded, storable shape. The gateway
 * checked them against the form; this only keeps a forged or damaged job
 * from reaching Postgres.
 */
export function checkFormPayload(p: Partial<LeadReceivedPayload>): void {
  if (p.form !== undefined) {
    const { slug, version } = (p.form ?? {}) as { slug?: unknown; version?: unknown };
    if (typeof slug !== 'string' || !FORM_SLUG_PATTERN.test(slug) || !Number.isInteger(version) || (version as number) < 1) {
      throw new UnrecoverableError('lead job payload names no valid form');
    }
  }
  if (p.custom !== undefined && !checkCustom(p.custom))
    throw new UnrecoverableError('lead job payload has invalid custom values');
}
