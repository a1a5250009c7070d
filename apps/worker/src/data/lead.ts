/** A lead as the worker handles it (the `leads` table, rows mapped in lead-row.ts). */
export interface Lead {
  /** The id the gateway returned to the visitor (also the BullMQ job id). */
  id: string;
  name: string;
  phone: string | null;
  phoneRaw: string | null;
  email: string | null;
  company: string | null;
  requirement: string;
  consent: boolean;
  consentAt: Date | null;
  privacyPolicyVersion: string | null;
  utm: Record<string, string>;
  extras: Record<string, string>;
  ip: string | null;
  userAgent: string | null;
  page: string | null;
  receivedAt: Date;
  createdAt: Date;
  erasedAt: Date | null;
  /** Read only where the spam score matters (a lead's own page); absent elsewhere. */
  spamScore?: number | null;
  spamReasons?: string[] | null;
  quarantined?: boolean;
}
