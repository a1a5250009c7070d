import { Injectable } from '@nestjs/common';
import { Db } from './db';
import { LeadReceivedPayload } from '@app/contracts';
import type { Lead } from './lead';
import { fullLeadFromRow, LEAD_COLUMNS, leadFromPayload, LeadRow } from './lead-row';
import { storeLeadInput } from './store-lead-input';
import { ledgerKey } from './ledger-key';
import { ClaimedNotification } from './notification.repository';
import { ERASE_LEAD_SQL } from './lead-erase.sql';

// One call of store_new_lead() (migration 1764500000000-store-lead-function
// says what it does; 1765200000000-teams made it take the lead as one typed
// record, StoreLeadInput; 1765510000000-store-lead-contact-history made it
// read the contact's spam history first; 1765580000000-lead-owner-function
// holds it now, the owner chosen by choose_lead_owner()): atomic without a
// transaction, one round trip, idempotent, the alert row returned claimed
// (a worker that dies after it leaves the row to the lease, as after a
// claim). The lead is not read back: the caller has every value it wrote,
// only created_at comes from the row.
// A function, because PL/pgSQL keeps the plan of its statement per server
// connection where a bare statement of this size was parsed and planned for
// every lead (about half of Postgres's time per lead), and it stays an
// unnamed statement, so it works through PgBouncer in transaction mode.
const PERSIST_LEAD_SQL = `
SELECT alert_id AS id, alert_attempts AS attempts, lead_created_at AS created_at, owner_login AS owner, owner_name, owner_how AS how,
       contact_leads_today, contact_marked_spam, contact_blocked
  FROM store_new_lead($1::jsonb)`;

/** How a new lead's task got its owner, if it got one. */
export type OwnerChoice = 'returning-customer' | 'round-robin';

export interface PersistResult {
  /** True when this call created the lead, false when it existed. */
  created: boolean;
  /** The new lead's email alert, claimed for this attempt; null when the lead existed. */
  alert: ClaimedNotification | null;
  /** The task's owner (a staff login) when one was chosen; null when nobody was eligible or assignment is off. */
  owner: string | null;
  /** The owner's display name, for the alert. */
  ownerName: string | null;
  ownerChoice: OwnerChoice | null;
  /**
   * Set when nothing was stored: the spam mark assumed a contact with no
   * history (`SpamMark.contactLeadsBelow`) and this is the history the
   * contact has. The lead is to be scored again with it and persisted again.
   */
  contactHistory?: ContactFacts;
}

/** What Postgres knows about a new lead's contact, for its spam score. */
export interface ContactFacts {
  /** Leads from the same phone or email in the last 24 hours, this one excluded. */
  leadsToday: number;
  markedSpam: boolean;
  /** Which of phone / email / ip is on the blocklist, if any. */
  blocked: string | null;
}

/** The spam score of a lead; a quarantined lead is stored without task, owner or alert row. */
export interface SpamMark {
  score: number;
  reasons: string[];
  quarantined: boolean;
  /**
   * Set when the lead was scored as a contact with no history: the mark
   * holds while the contact sent fewer leads than this in the last day, has
   * none marked spam and no block (persist checks it in the same call).
   */
  contactLeadsBelow?: number;
}

/** ASSIGNMENT and RETURNING_CUSTOMER_DAYS, as the persist statement uses them. */

export interface AssignmentRules {
  enabled: boolean;
  returningCustomerDays: number;
}

interface PersistRow {
  id: string | null;
  attempts: number | null;
  created_at: Date;
  owner: string | null;
  owner_name: string | null;
  how: OwnerChoice | null;
  contact_leads_today: number | null;
  contact_marked_spam: boolean | null;
  contact_blocked: string | null;
}

function persistResultFromRows(payload: LeadReceivedPayload, rows: PersistRow[]): PersistResult {
  if (rows.length === 0) return { created: false, alert: null, owner: null, ownerName: null, ownerChoice: null };
  const [row] = rows;
  if (row.contact_leads_today !== null) {
    return {
      created: false,
      alert: null,
      owner: null,
      ownerName: null,
      ownerChoice: null,
      contactHistory: {
        leadsToday: row.contact_leads_today,
        markedSpam: !!row.contact_marked_spam,
        blocked: row.contact_blocked,
      },
    };
  }
  return {
    created: true,
    alert: row.id ? { id: row.id, attempts: row.attempts ?? 1, lead: leadFromPayload(payload, row.created_at) } : null,
    owner: row.owner,
    ownerName: row.owner ? row.owner_name : null,
    ownerChoice: row.owner ? row.how : null,
  };
}

/** An earlier lead of the same contact, with its owner and outcome. */
export interface CustomerLead {
  id: string;
  receivedAt: Date;
  name: string;
  company: string | null;
  taskStatus: string | null;
  owner: string | null;
  ownerName: string | null;
  doneAt: Date | null;
  note: string | null;
}

// Matches on the stored (E.164) phone or the lower-cased email, newest first:
// the newest $6 by phone and the newest $6 by email, each a walk back along its
// own index (leads_phone_received_idx, leads_email_received_idx) that stops
// after $6 rows, merged. One condition "phone = … OR lower(email) = …" let the
// planner walk back through every lead of the window instead (it takes a
// lower(email) match for 0.5 % of all leads: a partial index's expression has
// no statistics it uses), 1.5 s for a contact's page at a million leads.
// With a reader ($7), a task's note is shown only on that reader's own tasks:
// notes are their owner's private record.
const CUSTOMER_LEAD_MATCH = `
    l.erased_at IS NULL AND ($1::uuid IS NULL OR l.id <> $1)
    AND ($2::timestamptz IS NULL OR l.received_at <= $2)
    AND l.received_at > coalesce($2::timestamptz, now()) - make_interval(days => $3::int)`;
const CUSTOMER_LEADS_SQL = `
WITH matched AS (
  (SELECT l.id, l.received_at FROM leads l WHERE l.phone = $4::text AND ${CUSTOMER_LEAD_MATCH}
    ORDER BY l.received_at DESC LIMIT $6)
  UNION
  (SELECT l.id, l.received_at FROM leads l WHERE lower(l.email) = lower($5::text) AND ${CUSTOMER_LEAD_MATCH}
    ORDER BY l.received_at DESC LIMIT $6)
)
SELECT l.id, l.received_at AS "receivedAt", l.name, l.company, t.status AS "taskStatus", t.assignee AS owner,
       s.name AS "ownerName", t.done_at AS "doneAt", CASE WHEN $7::text IS NULL OR t.assignee = $7 THEN t.note END AS note
  FROM (SELECT id FROM matched ORDER BY received_at DESC LIMIT $6) m
  JOIN leads l ON l.id = m.id
  LEFT JOIN follow_up_tasks t ON t.lead_id = l.id
  LEFT JOIN staff s ON s.login = t.assignee
 ORDER BY l.received_at DESC`;

// A lead a salesperson may read: its task is theirs or nobody's (a lead
// without a task counts as nobody's).
const VISIBLE_TO_SQL = `NOT EXISTS (SELECT 1 FROM follow_up_tasks vt WHERE vt.lead_id = l.id AND vt.assignee <> $2)`;

/** Whose leads a query may return: a sales login (their own and unassigned ones), or undefined for all. */
export type LeadReader = string | undefined;

// Which of these leads had an earlier lead of the same contact (phone or
// email) within the window: the same rule as CUSTOMER_LEADS_SQL, for a page of the board at once.
// One EXISTS per contact field, each a range probe on its composite index
// (leads_phone_received_idx, leads_email_received_idx) bounded by the window
// on both sides, that stops at the first earlier lead: a lead of a contact
// with 50,000 leads reads a few index entries. One "phone = … OR
// lower(email) = …" made a BitmapOr of both indexes with received_at only
// as a filter, which read every row of such a contact for each of its leads
// on the page (Heap Blocks exact=15090 for the first page of done tasks at
// 300,000 leads). The received_at bounds reference the outer row, so
// neither EXISTS can become a hashed SubPlan.
const RETURNING_WINDOW = `l.received_at <= c.received_at AND l.received_at > c.received_at - make_interval(days => $2::int)
                  AND l.erased_at IS NULL AND l.id <> c.id`;
const RETURNING_SQL = `
SELECT c.id FROM jsonb_to_recordset($1::jsonb) AS c(id uuid, phone text, email text, received_at timestamptz)
 WHERE EXISTS (SELECT 1 FROM leads l WHERE l.phone = c.phone AND ${RETURNING_WINDOW})
    OR EXISTS (SELECT 1 FROM leads l WHERE lower(l.email) = lower(c.email) AND ${RETURNING_WINDOW})`;

/** The `leads` table: a lead with its follow-up task and alert row, stored once. */
@Injectable()
export class LeadRepository {
  constructor(private readonly db: Db) {}

  /**
   * Writes a lead, its follow-up task and its (claimed) email alert,
   * idempotently; the owner comes from `team` when it names a team with
   * someone eligible, else from everyone. With a spam mark made for a
   * contact with no history, writes nothing when the contact has one and
   * returns it (`contactHistory`).
   */
  async persist(
    payload: LeadReceivedPayload,
    task: { dueAt: Date },
    alert: { recipients: string },
    assignment: AssignmentRules = { enabled: false, returningCustomerDays: 0 },
    spam: SpamMark | null = null,
    team: string | null = null,
  ): Promise<PersistResult> {
    const input = storeLeadInput(payload, {
      dueAt: task.dueAt,
      recipients: alert.recipients,
      alertKey: ledgerKey({ channel: 'email', kind: 'new-lead', leadId: payload.id }),
      assignment,
      spam,
      team,
    });
    const rows = await this.db.query<PersistRow>(PERSIST_LEAD_SQL, [JSON.stringify(input)]);
    return persistResultFromRows(payload, rows);
  }

  /**
   * The leads of a contact (phone in E.164 or email) within `days`, newest
   * first; with `before`, only those received up to that lead, itself
   * excluded. For a sales `reader`, every lead is listed in summary but
   * notes only on their own tasks.
   */
  async customerLeads(
    contact: { phone: string | null; email: string | null },
    days: number,
    options: { before?: { id: string; receivedAt: Date }; limit?: number; reader?: LeadReader } = {},
  ): Promise<CustomerLead[]> {
    if (!contact.phone && !contact.email) return [];
    const { before, limit = 50, reader } = options;
    return this.db.query(CUSTOMER_LEADS_SQL, [
      before?.id ?? null,
      before?.receivedAt ?? null,
      days,
      contact.phone,
      contact.email,
      limit,
      reader ?? null,
    ]);
  }

  /** The ids among `leads` of a returning customer (老客户): the same phone or email came within `days` before. */
  async returningAmong(
    leads: readonly { id: string; phone: string | null; email: string | null; receivedAt: Date }[],
    days: number,
  ): Promise<Set<string>> {
    const withContact = leads.filter((l) => l.phone || l.email);
    if (days <= 0 || withContact.length === 0) return new Set();
    const rows: { id: string }[] = await this.db.query(RETURNING_SQL, [
      JSON.stringify(withContact.map((l) => ({ id: l.id, phone: l.phone, email: l.email, received_at: l.receivedAt }))),
      days,
    ]);
    return new Set(rows.map((r) => r.id));
  }

  /** The lead, or null when there is none or `reader` (a sales login) may not read it. */
  async findById(id: string, reader?: LeadReader): Promise<Lead | null> {
    const rows = await this.db.query<LeadRow>(
      `SELECT ${LEAD_COLUMNS} FROM leads l WHERE l.id = $1 AND ($2::text IS NULL OR ${VISIBLE_TO_SQL})`,
      [id, reader ?? null],
    );
    return rows.length ? fullLeadFromRow(rows[0]) : null;
  }

  async exists(id: string): Promise<boolean> {
    const rows = await this.db.query(`SELECT 1 FROM leads WHERE id = $1`, [id]);
    return rows.length > 0;
  }

  /**
   * Blanks the person's data (what an erased lead keeps identifies nobody),
   * closes the task (recorded in its history, so it leaves the board and no
   * reminder goes out), drops notes, form answers and autoresponse
   * recipients, and records the erasure without data: one statement
   * (lead-erase.sql.ts). False when the lead was erased already. `durable:
   * false` (the retention purge) commits without waiting for the disk.
   */
  async erase(id: string, actor: string, reason: string, { durable = true } = {}): Promise<boolean> {
    const rows = await this.db.query(ERASE_LEAD_SQL, [id, actor, reason, !durable]);
    return rows.length > 0;
  }
}
