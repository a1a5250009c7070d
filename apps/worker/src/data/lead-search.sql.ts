// The statements of LeadSearchRepository (its comment says in which order it
// runs them). Parameters, the same in every search statement: $1 bigrams,
// $2 LIKE patterns, $3 digits pattern, $4 exact phone, $5 exact email,
// $6 the reader (a sales login, or null for all), $7 cursor tier, $8 cursor
// lead, $9 the page size.
//
// The indexed expressions of migration 1765000000000-lead-search, spelled
// exactly as there: the bigram GIN index narrows the text, LIKE rechecks each
// word; the trigram GIN index (partial on live leads) serves a phone
// fragment; an erased lead's text is blank. Each statement is planned with its
// values (unnamed), so absent parts fold away.
// Two tiers, each ordered and cut to the page on its own: the exact contact
// ($4 phone, $5 email: their own indexes), then every other hit newest first,
// only as many as the exact contact left room for (none when it fills the
// page: LIMIT 0 never starts the walk; merged by order, a sort of both tiers
// pulled a row from the fuzzy walk anyway, 30,000 rows for a salesperson's
// search of an address). Only the page is joined to its task. A cursor ($7 tier, $8 lead) resumes
// after that lead in its tier.
const SEARCH_TEXT = `lead_search_text(l.name, l.company, l.email, l.requirement)`;

// A salesperson ($6) reads their own and unassigned leads (a lead without a
// task counts as nobody's), as LeadRepository's VISIBLE_TO_SQL. Written as a
// scalar subquery on the task's unique lead_id index: one index probe per
// candidate, whatever the planner estimates. As NOT EXISTS it was free to
// turn into a hashed SubPlan, a Seq Scan of every colleague's task (161 ms at
// 100,000 leads, growing with the table). For an admin ($6 null) it folds away.
export const visibleTo = (alias: string) =>
  `($6::text IS NULL OR (SELECT vt.assignee IS NULL OR vt.assignee = $6 FROM follow_up_tasks vt WHERE vt.lead_id = ${alias}.id) IS NOT FALSE)`;
const VISIBLE = visibleTo('l');
const EXACT = `(l.phone = $4::text OR lower(l.email) = $5::text)`;
const after = (alias: string) => `(${alias}.received_at, ${alias}.id) < (SELECT received_at, id FROM leads WHERE id = $8::uuid)`;
const AFTER = after('l');
const PHONE_MATCH = `($3::text IS NOT NULL AND l.phone IS NOT NULL AND phone_digits(l.phone) LIKE $3::text)`;
// Through the indexes: the bigram GIN narrows, LIKE rechecks.
const INDEXED_MATCH = `((cardinality($1::text[]) > 0 AND text_bigrams(${SEARCH_TEXT}) @> $1::text[] AND ${SEARCH_TEXT} LIKE ALL ($2::text[]))
          OR ${PHONE_MATCH})`;
// Row by row (a walk of the newest leads, or a salesperson's own): LIKE alone
// decides, since a text that holds each word holds each of its bigrams too;
// computing the bigrams of every row read would cost more than the LIKE itself.
const WALKED_MATCH = `((cardinality($1::text[]) > 0 AND ${SEARCH_TEXT} LIKE ALL ($2::text[])) OR ${PHONE_MATCH})`;

const PAGE_WITH_TASKS = `
SELECT h.tier, l.id, l.received_at AS "receivedAt", l.name, l.company, l.phone, l.email,
       left(l.requirement, 200) AS requirement, t.status AS "taskStatus", t.assignee AS owner, l.quarantined
  FROM page h
  JOIN leads l ON l.id = h.id
  LEFT JOIN follow_up_tasks t ON t.lead_id = l.id
 ORDER BY h.tier, h.received_at DESC, h.id DESC`;

// The exact contact: each of its two indexes (phone, received_at) and
// (lower(email), received_at) walked back from the newest, each lead probed
// for the reader, so a contact with thousands of leads costs one page when
// the reader owns its newest, and one probe per newer lead of a colleague's.
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
  SELECT * FROM exact
  UNION ALL
  (SELECT * FROM fuzzy LIMIT greatest($9 - (SELECT count(*) FROM exact), 0))
)${PAGE_WITH_TASKS}`;

/** The first walk: enough for an admin's common word (most of the newest leads are visible). */
export const PROBE_ROWS = 2000;
/**
 * The second walk, taken only for a word the indexes find more than
 * INDEX_MAX times: a salesperson who sees a tenth of the leads finds a word
 * in 1 % of them within ~20,000 rows for a page of 20 (one who sees fewer
 * than OWN_FIRST_MAX leads starts from those instead).
 */
export const WALK_ROWS = 30_000;
/** Up to this many matches, sorting all of them is cheaper than a walk. */
export const INDEX_MAX = 1000;

export const SEARCH_PROBE_SQL = searchSql(newest(PROBE_ROWS), WALKED_MATCH);
export const SEARCH_WALK_SQL = searchSql(newest(WALK_ROWS), WALKED_MATCH);
// The index step runs for at most INDEX_MAX matches, or after the walks
// found too few among the newest leads: either way the matches come from the
// GIN indexes and are sorted. OFFSET 0 keeps them a subquery planned on its
// own; merged into the ordered query, a four-digit phone fragment (estimated
// at 0.7 % of the leads) made the planner walk leads_received_at_idx back
// for a page instead, through every lead when few match (200 ms for `9428`
// at 300,000 leads, all 10,000 rows at 10,000).
const MATCHED = `(SELECT * FROM leads l WHERE l.erased_at IS NULL AND ${INDEXED_MATCH} OFFSET 0)`;
export const SEARCH_SQL = searchSql(MATCHED, 'true');
// How common the text is, counted on the indexes up to INDEX_MAX + 1 (visibility
// and cursor aside: it only chooses the strategy).
export const MATCHES_SQL = `SELECT count(*)::int AS n FROM (SELECT 1 FROM leads l WHERE l.erased_at IS NULL AND ${INDEXED_MATCH} LIMIT $4) m`;

// What a salesperson may read, from the task side: their tasks
// (follow_up_tasks_assignee_idx), unassigned ones and the held leads, which
// have no task (store_new_lead() gives a quarantined lead none, the release
// gives it one as it clears the flag): migration 1765560000000's two partial
// indexes. Each part is listed by an index alone, so counting them up to a
// cap reads at most the cap's entries.
const candidates = (login: string, cap: string) => `
  (SELECT vt.lead_id AS id FROM follow_up_tasks vt WHERE vt.assignee = ${login} LIMIT ${cap})
  UNION ALL
  (SELECT vt.lead_id FROM follow_up_tasks vt WHERE vt.assignee IS NULL LIMIT ${cap})
  UNION ALL
  (SELECT q.id FROM leads q WHERE q.quarantined AND q.erased_at IS NULL LIMIT ${cap})`;

/** Up to this many leads a salesperson may read, their search starts from those leads. */
export const OWN_FIRST_MAX = 5000;

// $1 login, $2 the cap (OWN_FIRST_MAX + 1): how many leads the salesperson may read, up to the cap.
export const VISIBLE_COUNT_SQL = `SELECT count(*)::int AS n FROM (${candidates('$1', '$2')}) c`;

// A salesperson who may read few leads: their leads alone, every one checked
// (LIKE and the reader's rule, which also drops a held lead that got a task),
// the exact contact first, then newest first. The candidates come as an array
// so the leads are read by primary key, one probe each, never by a scan of
// leads whatever the planner thinks of the login's share (its statistics may
// be days old). The cursor resumes after its lead in its tier, the next tier whole.
export const SEARCH_VISIBLE_SQL = `
WITH hits AS (
  SELECT CASE WHEN ${EXACT} THEN 0 ELSE 1 END AS tier, l.id, l.received_at
    FROM leads l
   WHERE l.id = ANY (ARRAY(SELECT c.id FROM (${candidates('$6', 'ALL')}) c))
     AND l.erased_at IS NULL AND (${EXACT} OR ${WALKED_MATCH}) AND ${VISIBLE}
), page AS (
  SELECT * FROM hits h
   WHERE $7::int IS NULL OR h.tier > $7
      OR (h.tier = $7 AND (h.received_at, h.id) < (SELECT received_at, id FROM leads WHERE id = $8::uuid))
   ORDER BY h.tier, h.received_at DESC, h.id DESC LIMIT $9
)${PAGE_WITH_TASKS}`;
