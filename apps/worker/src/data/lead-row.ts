import type { LeadReceivedPayload } from '@app/contracts';
import type { Lead } from './lead';

type Timestamp = Date | string;

/**
 * A `leads` row as hand-written SQL returns it: snake_case columns, and
 * timestamps as Date, or as ISO text when the row went through to_jsonb.
 */
export interface LeadRow {
  id: string;
  name: string;
  phone: string | null;
  phone_raw: string | null;
  email: string | null;
  company: string | null;
  requirement: string;
  consent: boolean;
  consent_at: Timestamp | null;
  privacy_policy_version: string | null;
  utm: Record<string, string>;
  extras: Record<string, string>;
  ip: string | null;
  user_agent: string | null;
  page: string | null;
  received_at: Timestamp;
  created_at: Timestamp;
  erased_at: Timestamp | null;
  spam_score?: number | null;
  spam_reasons?: string[] | null;
  quarantined?: boolean;
}

const toDate = (v: Timestamp): Date => (v instanceof Date ? v : new Date(v));
const toDateOrNull = (v: Timestamp | null): Date | null => (v === null || v === undefined ? null : toDate(v));

export function leadFromRow(row: LeadRow): Lead {
  return {
    id: row.id,
    name: row.name,
    phone: row.phone,
    phoneRaw: row.phone_raw,
    email: row.email,
    company: row.company,
    requirement: row.requirement,
    consent: row.consent,
    consentAt: toDateOrNull(row.consent_at),
    privacyPolicyVersion: row.privacy_policy_version,
    utm: row.utm,
    extras: row.extras,
    ip: row.ip,
    userAgent: row.user_agent,
    page: row.page,
    receivedAt: toDate(row.received_at),
    createdAt: toDate(row.created_at),
    erasedAt: toDateOrNull(row.erased_at),
  };
}

/** The whole row, spam score included (a lead's own page). */
export function fullLeadFromRow(row: LeadRow): Lead {
  return {
    ...leadFromRow(row),
    spamScore: row.spam_score ?? null,
    spamReasons: row.spam_reasons ?? null,
    quarantined: row.quarantined ?? false,
  };
}

export const LEAD_COLUMNS = `id, name, phone, phone_raw, email, company, requirement, consent, consent_at, privacy_policy_version, utm,
  extras, ip, user_agent, page, received_at, created_at, erased_at, spam_score, spam_reasons, quarantined`;

/**
 * The lead a payload's persist statement has just written, from the payload
 * itself: the same values the row holds, without reading the row back (the
 * alert for a new lead needs every field; `createdAt` is the row's own).
 */
export function leadFromPayload(payload: LeadReceivedPayload, createdAt: Date): Lead {
  const { fields: f, context: c } = payload;
  const receivedAt = new Date(c.receivedAt);
  return {
    id: payload.id,
    name: f.name,
    phone: f.phone ?? null,
    phoneRaw: f.phoneRaw ?? null,
    email: f.email ?? null,
    company: f.company ?? null,
    requirement: f.requirement,
    consent: f.consent,
    consentAt: f.consent ? receivedAt : null,
    privacyPolicyVersion: c.privacyPolicyVersion ?? null,
    utm: f.utm ?? {},
    extras: f.extras ?? {},
    ip: c.ip ?? null,
    userAgent: c.userAgent ?? null,
    page: c.page ?? null,
    receivedAt,
    createdAt,
    erasedAt: null,
  };
}
