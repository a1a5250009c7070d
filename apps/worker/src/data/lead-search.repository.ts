import { Injectable } from '@nestjs/common';
import { Db } from './db';
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
// word; the trigram GIN index (partial on live leads) serves a phone
// fragment; an erased lead's text is blank. The statement is planned with its
// values (unnamed), so absent parts fold away.
// Two tiers, each ordered and cut to the page on its own: the exact contact
// ($4 phone, $5 email: their own indexes), then every other hit newest first,
// which the planner may serve by walking leads_received_at_idx back until a
// page is full (a common word) or from the GIN indexes and a sort (a rare
// one). Only the page is joined to its task. A cursor ($7 tier, $8 lead)
// resumes after that lead in its tier.
// A salesperson ($6) reads their own and unassigned leads (VISIBLE_TO_SQL).
const SEARCH_TEXT = `lead_search_text(l.name, l.company, l.email, l.requirement)`;
const VISIBLE = `($6::text IS NULL OR NOT EXISTS (SELECT 1 FROM follow_up_tasks vt WHERE vt.lead_id = l.id AND vt.assignee <> $6))`;
const EXACT = `(l.phone = $4::text OR lower(l.email) = $5::text)`;
const after = (alias: string) => `(${alias}.received_at, ${alias}.id) < (SELECT received_at, id FROM leads WHERE id = $8::uuid)`;
const AFTER = after('l');
const PHONE_MATCH = `($3::text IS NOT NULL AND l.phone IS NOT NULL AND phone_digits(l.phone) LIKE $3::text)`;
// Through the indexes: the bigram GIN narrows, LIKE rechecks.
const INDEXED_MATCH = `((cardinality($1::text[]) > 0 AND text_bigrams(${SEARCH_TEXT}) @> $1::text[] AND ${SEARCH_TEXT} LIKE ALL ($2::text[]))
          OR ${PHONE_MATCH})`;
// Row by row (a walk of the newest leads): LIKE alone decides, since a text
// that holds each word holds each of its bigrams too; computing the bigrams
// of every row walked would cost more than the LIKE itself.
const WALKED_MATCH = `((cardinality($1::text[]) > 0 AND ${SEARCH_TEXT} LIKE ALL ($2::text[])) OR ${PHONE_MATCH})`;

// The exact contact: each of its two indexes (phone, received_at) and
// (lower(email), received_at) walked back from the newest, so a contact with
// thousands of leads costs one page, for a salesperson too.
const exactBranch = (match: string) => `
  SELECT 0 AS tier, l.id, l.received_at FROM leads l
   WHERE l.erased_at IS NULL AND ${match} AND ${VISIBLE}
     AND ($7::int IS NULL OR ($7 = 0 AND ${AFTER}))
   ORDER BY l.received_at DESC, l.id DESC LIMIT $9`;

// A common word matches a large share of all leads: finding every match and
// sorting them costs more than reading the newest leads until a page is
// full. So the fuzzy tier first reads only the newest `rows` live leads
// (after the cursor); when that fills the page, it is the page (any match
// outside them is older than all of them).
const newest = (
  rows: number,
) => `(SELECT * FROM leads l0 WHERE l0.erased_at IS NULL AND ($7::int IS DISTINCT FROM 1 OR ${after('l0')})
   ORDER BY l0.received_at DESC, l0.id DESC LIMIT ${rows})`;

const searchSql = (fuzzySource: string, match: string) => `
WITH exact AS (
  SELECT * FROM ((${exactBranch('l.phone = $4::text')}) UNION (${exactBranch('lower(l.email) = $5::text')})) e
   ORDER BY e.received_at DESC, e.id DESC LIMIT $9
), fuzzy AS (
  SELECT 1 AS tier, l.id, l.received_at FROM ${fuzzySource} l
   WHERE l.erased_at IS NULL AND ${match}
     AND ${EXACT} IS NOT TRUE AND ${VISIBLE}
     AND ($7::int IS DISTINCT FROM 1 OR ${AFTER})
   ORDER BY l.received_at DESC, l.id DESC LIMIT $9
), page AS (
  SELECT * FROM exact UNION ALL SELECT * FROM fuzzy ORDER BY tier, received_at DESC, id DESC LIMIT $9
)
SELECT h.tier, l.id, l.received_at AS "receivedAt", l.name, l.company, l.phone, l.email,
       left(l.requirement, 200) AS requirement, t.status AS "taskStatus", t.assignee AS owner, l.quarantined
  FROM page h
  JOIN leads l ON l.id = h.id
  LEFT JOIN follow_up_tasks t ON t.lead_id = l.id
 ORDER BY h.tier, h.received_at DESC, h.id DESC`;

/** The first walk: enough for an admin's common word (most of the newest leads are visible). */
const PROBE_ROWS = 2000;
/**
 * The second walk, taken only for a word the indexes find more than
 * INDEX_MAX times: a salesperson sees about a tenth of the leads, so a word
 * in 1 % of them fills a page within ~2,000 rows of theirs, ~20,000 in all.
 */
const WALK_ROWS = 30_000;
/** Up to this many matches, sorting all of them is cheaper than a walk. */
export const INDEX_MAX = 1000;

const SEARCH_PROBE_SQL = searchSql(newest(PROBE_ROWS), WALKED_MATCH);
const SEARCH_WALK_SQL = searchSql(newest(WALK_ROWS), WALKED_MATCH);
const SEARCH_SQL = searchSql('leads', INDEXED_MATCH);
// How common the text is, counted on the indexes up to INDEX_MAX + 1 (visibility
// and cursor aside: it only chooses the strategy).
const MATCHES_SQL = `SELECT count(*)::int AS n FROM (SELECT 1 FROM leads l WHERE l.erased_at IS NULL AND ${INDEXED_MATCH} LIMIT $4) m`;

/** Staff search over live leads: the exact contact first, then newest first, keyset-paged. */
@Injectable()
export class LeadSearchRepository {
  constructor(private readonly db: Db) {}

  async search(
    terms: LeadSearchTerms,
    reader: LeadReader,
    after: SearchCursor | undefined,
    limit: number,
  ): Promise<LeadSearchHit[]> {
    const params = [
      terms.bigrams,
      terms.patterns,
      terms.digitsPattern,
      terms.exactPhone,
      terms.exactEmail,
      reader ?? null,
      after?.tier ?? null,
      after?.id ?? null,
      limit,
    ];
    // Newest first, every step bounded: the newest leads, then (for a
    // common word only) a longer walk, then the indexes and a sort.
    const probe: LeadSearchHit[] = await this.db.query(SEARCH_PROBE_SQL, params);
    if (probe.length >= limit) return probe;
    const [{ n }] = await this.db.query<{ n: number }>(MATCHES_SQL, [...params.slice(0, 3), INDEX_MAX + 1]);
    if (n > INDEX_MAX) {
      const walked: LeadSearchHit[] = await this.db.query(SEARCH_WALK_SQL, params);
      if (walked.length >= limit) return walked;
    }
    return this.db.query(SEARCH_SQL, params);
  }
}
