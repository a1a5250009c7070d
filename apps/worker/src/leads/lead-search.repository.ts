import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { LeadReader } from './lead.repository';
import type { LeadSearchTerms, SearchCursor } from './lead-search.query';

/** One search hit, as GET /admin/search lists it. */
export interface LeadSearchHit {
  /** 0: the phone or email is the one searched for; 1: a fragment matched. */
  tier: 0 | 1;
  id: string;
  receivedAt: Date;
  name: string;
  company: string | null;
  phone: string | null;
  email: string | null;
  requirement: string;
  taskStatus: string | null;
  owner: string | null;
  quarantined: boolean;
}

// The indexed expressions of migration 1765000000000-lead-search, spelled
// exactly as there: the bigram GIN index narrows the text, LIKE rechecks each
// word; the trigram GIN index serves a phone fragment. Both are partial on
// live leads, so erased ones are never read. The statement is planned with its
// values (unnamed), so an absent phone fragment drops its branch entirely.
// A salesperson ($6) reads their own and unassigned leads (VISIBLE_TO_SQL).
const SEARCH_TEXT = `lead_search_text(l.name, l.company, l.email, l.requirement)`;
const SEARCH_SQL = `
WITH hits AS (
  SELECT l.id, l.received_at,
         CASE WHEN l.phone = $4::text OR lower(l.email) = $5::text THEN 0 ELSE 1 END AS tier
    FROM leads l
   WHERE l.erased_at IS NULL
     AND ((cardinality($1::text[]) > 0 AND text_bigrams(${SEARCH_TEXT}) @> $1::text[] AND ${SEARCH_TEXT} LIKE ALL ($2::text[]))
          OR ($3::text IS NOT NULL AND l.phone IS NOT NULL AND phone_digits(l.phone) LIKE $3::text))
     AND ($6::text IS NULL OR NOT EXISTS (SELECT 1 FROM follow_up_tasks vt WHERE vt.lead_id = l.id AND vt.assignee <> $6))
), after AS (
  SELECT $7::int AS tier, received_at, id FROM leads WHERE id = $8::uuid
)
SELECT h.tier, l.id, l.received_at AS "receivedAt", l.name, l.company, l.phone, l.email,
       left(l.requirement, 200) AS requirement, t.status AS "taskStatus", t.assignee AS owner, l.quarantined
  FROM hits h
  JOIN leads l ON l.id = h.id
  LEFT JOIN follow_up_tasks t ON t.lead_id = l.id
 WHERE $8::uuid IS NULL
    OR EXISTS (SELECT 1 FROM after a WHERE h.tier > a.tier OR (h.tier = a.tier AND (h.received_at, h.id) < (a.received_at, a.id)))
 ORDER BY h.tier, h.received_at DESC, h.id DESC
 LIMIT $9`;

/** Staff search over live leads: the exact contact first, then newest first, keyset-paged. */
@Injectable()
export class LeadSearchRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async search(
    terms: LeadSearchTerms,
    reader: LeadReader,
    after: SearchCursor | undefined,
    limit: number,
  ): Promise<LeadSearchHit[]> {
    return this.db.query(SEARCH_SQL, [
      terms.bigrams,
      terms.patterns,
      terms.digitsPattern,
      terms.exactPhone,
      terms.exactEmail,
      reader ?? null,
      after?.tier ?? null,
      after?.id ?? null,
      limit,
    ]);
  }
}
