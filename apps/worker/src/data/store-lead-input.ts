import type { LeadReceivedPayload } from '@app/contracts';

/**
 * The one argument of store_new_lead(): its fields are those of the
 * Postgres composite type `store_lead_input` (migration 1765200000000-teams,
 * one field added by 1765510000000-store-lead-contact-history),
 * by name, so a field added on one side and not the other is a compile or
 * review error rather than every later argument shifted by one.
 */
export interface StoreLeadInput {
  id: string;
  name: string;
  /** E.164. */
  phone: string | null;
  phone_raw: string | null;
  email: string | null;
  company: string | null;
  requirement: string;
  consent: boolean;
  privacy_policy_version: string | null;
  utm: Record<string, string>;
  extras: Record<string, string>;
  ip: string | null;
  user_agent: string | null;
  page: string | null;
  /** The task's due time (ISO). */
  due_at: string;
  /** When the gateway accepted the lead (ISO). */
  received_at: string;
  /** The email alert's recipients, comma-separated. */
  recipients: string;
  /** The email alert's ledger key. */
  alert_key: string;
  /** ASSIGNMENT is round-robin: the task gets an owner. */
  assign: boolean;
  /** RETURNING_CUSTOMER_DAYS; 0 turns the returning-customer rule off. */
  returning_days: number;
  spam_score: number | null;
  spam_reasons: string[] | null;
  /** Stored without task, owner or alert row. */
  quarantined: boolean;
  /**
   * Set when the spam verdict was made for a contact with no history: it
   * holds while the contact sent fewer leads than this in the last day, has
   * none marked spam and no block. store_new_lead() checks that and, when
   * the contact has more, stores nothing and returns what it has.
   */
  spam_contact_leads_below: number | null;
  /** The team the lead was routed to (a name); null, unknown or nobody eligible in it: everyone. */
  team: string | null;
}

/** What the intake decided about a lead before storing it. */
export interface StoreLeadPlan {
  dueAt: Date;
  recipients: string;
  alertKey: string;
  assignment: { enabled: boolean; returningCustomerDays: number };
  spam: { score: number; reasons: string[]; quarantined: boolean; contactLeadsBelow?: number } | null;
  team: string | null;
}

/** The lead and what was decided about it, as store_new_lead() reads it. */
export function storeLeadInput(payload: LeadReceivedPayload, plan: StoreLeadPlan): StoreLeadInput {
  const { id, fields: f, context: c } = payload;
  return {
    id,
    name: f.name,
    phone: f.phone,
    phone_raw: f.phoneRaw,
    email: f.email,
    company: f.company,
    requirement: f.requirement,
    consent: f.consent,
    privacy_policy_version: c.privacyPolicyVersion,
    utm: f.utm as Record<string, string>,
    extras: f.extras,
    ip: c.ip,
    user_agent: c.userAgent,
    page: c.page,
    due_at: plan.dueAt.toISOString(),
    received_at: c.receivedAt,
    recipients: plan.recipients,
    alert_key: plan.alertKey,
    assign: plan.assignment.enabled,
    returning_days: plan.assignment.returningCustomerDays,
    spam_score: plan.spam?.score ?? null,
    spam_reasons: plan.spam?.reasons ?? null,
    quarantined: plan.spam?.quarantined ?? false,
    spam_contact_leads_below: plan.spam?.contactLeadsBelow ?? null,
    team: plan.team?.trim() || null,
  };
}
