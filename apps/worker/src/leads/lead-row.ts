import { Lead } from '../database/entities/lead.entity';

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
}

const toDate = (v: Timestamp): Date => (v instanceof Date ? v : new Date(v));
const toDateOrNull = (v: Timestamp | null): Date | null => (v === null || v === undefined ? null : toDate(v));

export function leadFromRow(row: LeadRow): Lead {
  return Object.assign(new Lead(), {
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
  });
}
