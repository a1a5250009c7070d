'use strict';
/**
 * What a staff answer must show for bench/data.js to count its time: a
 * filter the API does not know is ignored (unknown query parameters are),
 * and an unfiltered list is not the filter's speed. Each check takes the
 * parsed body and a query function on the seeded database and returns a
 * problem (text for the report) or null.
 */

const DAY_MS = 86_400_000;
// Asia/Shanghai has had no daylight saving since 1991.
const SHANGHAI_MS = 8 * 3_600_000;

const itemsOf = (body) => (Array.isArray(body && body.items) ? body.items : null);

/** Every task listed belongs to `login`. */
const ownedBy = (login) => async (body) => {
  const items = itemsOf(body);
  if (!items) return 'no items in the answer';
  const others = items.filter((t) => t.assignee !== login).length;
  return others ? `filter not applied: ${others} of ${items.length} tasks belong to someone else` : null;
};

/** Every task listed is due today (China time). */
async function dueToday(body) {
  const items = itemsOf(body);
  if (!items) return 'no items in the answer';
  const start = Math.floor((Date.now() + SHANGHAI_MS) / DAY_MS) * DAY_MS - SHANGHAI_MS;
  const others = items.filter((t) => {
    const due = Date.parse(t.dueAt);
    return !(due >= start && due < start + DAY_MS);
  }).length;
  return others ? `filter not applied: ${others} of ${items.length} tasks are not due today` : null;
}

/** Every task listed is of a lead posted through form `slug` (no lead_forms row: the default form). */
const ofForm = (slug) => async (body, query) => {
  const items = itemsOf(body);
  if (!items) return 'no items in the answer';
  const { rows } = await query(
    `SELECT count(*)::int AS n FROM unnest($1::uuid[]) AS x(id) LEFT JOIN lead_forms f ON f.lead_id = x.id
      WHERE coalesce(f.form_slug, 'default') <> $2`,
    [items.map((t) => t.leadId), slug],
  );
  return rows[0].n ? `filter not applied: ${rows[0].n} of ${items.length} tasks are of another form` : null;
};

/** A filter on something that does not exist lists nothing (or is refused); a full list means it was ignored. */
const nothingListed = (what) => async (body) => {
  const items = itemsOf(body);
  return items && items.length ? `the API ignores ${what}= (a form that does not exist lists ${items.length} tasks)` : null;
};

/** A search that finds something, and, for a salesperson, only their own and unassigned leads. */
const found = (sales) => async (body) => {
  const items = itemsOf(body);
  if (!items) return 'no items in the answer';
  if (!items.length) return 'found nothing';
  const others = sales ? items.filter((h) => h.owner !== null && h.owner !== sales).length : 0;
  return others ? `${others} of ${items.length} hits are someone else's` : null;
};

module.exports = { ownedBy, dueToday, ofForm, nothingListed, found };
