import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Staff search (GET /admin/search). Two GIN indexes on live leads, built
 * CONCURRENTLY outside a transaction so intake keeps inserting meanwhile:
 *
 * - the text (name, company, email, requirement, lower-cased) as an array of
 *   its two-character substrings: a Chinese query is often two characters
 *   (王总), which pg_trgm cannot serve (it needs three), and the same index
 *   narrows longer queries by all their bigrams; LIKE then rechecks;
 * - the phone's digits as trigrams (pg_trgm, trusted since PG 13): any
 *   fragment of three digits or more, whatever spaces or +86 the caller typed.
 *
 * The bigram index is not partial: the planner reads the element statistics
 * of an index expression only for a whole-table index, and without them it
 * takes any bigram for five rows. An erased lead's text is blank, so it adds
 * no entry anyway.
 *
 * The expressions are IMMUTABLE functions so the repository's query names
 * exactly the indexed expressions. docs/performance.md says why and shows plans.
 */
export class LeadSearch1765000000000 implements MigrationInterface {
  name = 'LeadSearch1765000000000';
  transaction = false;

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE EXTENSION IF NOT EXISTS pg_trgm`);
    await q.query(`
      CREATE OR REPLACE FUNCTION lead_search_text(name text, company text, email text, requirement text)
      RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE
      RETURN lower(coalesce(name, '') || ' ' || coalesce(company, '') || ' ' || coalesce(email, '') || ' '
                   || coalesce(requirement, ''))`);
    await q.query(`
      CREATE OR REPLACE FUNCTION text_bigrams(t text)
      RETURNS text[] LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
      RETURN ARRAY(SELECT DISTINCT substr(t, i, 2) FROM generate_series(1, length(t) - 1) AS i
                    WHERE substr(t, i, 2) !~ '\\s')`);
    await q.query(`
      CREATE OR REPLACE FUNCTION phone_digits(phone text)
      RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
      RETURN regexp_replace(phone, '\\D', '', 'g')`);
    await q.query(`DROP INDEX CONCURRENTLY IF EXISTS leads_search_bigrams_idx`);
    await q.query(`
      CREATE INDEX CONCURRENTLY leads_search_bigrams_idx ON leads
       USING gin (text_bigrams(lead_search_text(name, company, email, requirement)))`);
    await q.query(`DROP INDEX CONCURRENTLY IF EXISTS leads_phone_digits_trgm_idx`);
    await q.query(`
      CREATE INDEX CONCURRENTLY leads_phone_digits_trgm_idx ON leads
       USING gin (phone_digits(phone) gin_trgm_ops)
       WHERE phone IS NOT NULL AND erased_at IS NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    // TypeORM reverts in a transaction, where CONCURRENTLY is refused.
    await q.query(`DROP INDEX IF EXISTS leads_phone_digits_trgm_idx`);
    await q.query(`DROP INDEX IF EXISTS leads_search_bigrams_idx`);
    await q.query(`DROP FUNCTION IF EXISTS phone_digits(text)`);
    await q.query(`DROP FUNCTION IF EXISTS text_bigrams(text)`);
    await q.query(`DROP FUNCTION IF EXISTS lead_search_text(text, text, text, text)`);
  }
}
