import { Injectable } from '@nestjs/common';
import { Db } from './db';
import type { LeadReader } from './lead.repository';
import type { LeadSearchTerms, SearchCursor } from './lead-search.query';
import {
  INDEX_MAX,
  MATCHES_SQL,
  OWN_FIRST_MAX,
  SEARCH_PROBE_SQL,
  SEARCH_SQL,
  SEARCH_VISIBLE_SQL,
  SEARCH_WALK_SQL,
  VISIBLE_COUNT_SQL,
} from './lead-search.sql';

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

/**
 * Staff search over live leads: the exact contact first, then newest first,
 * keyset-paged (the statements: lead-search.sql.ts). Every step is bounded:
 *
 * - a salesperson who may read at most OWN_FIRST_MAX leads (their own,
 *   unassigned and held ones, counted on indexes up to the cap): those leads
 *   alone, each checked (walking the newest leads would read about
 *   1 / (their share × the word's share) leads per page: 20,000 for a
 *   salesperson with 1 % of the leads and a word in 7 % of them);
 * - an admin, or an exact phone or address: the newest PROBE_ROWS leads
 *   (and the exact contact), where a common word ends;
 * - how often the text occurs, counted on the indexes up to INDEX_MAX + 1;
 * - over INDEX_MAX (a common word: an admin's the probe could not fill, or
 *   any of a salesperson's): the newest WALK_ROWS leads;
 * - otherwise, or if the walk did not fill the page: the indexes and a sort.
 *
 * The steps run with JIT off (one transaction, SET LOCAL): a walk stops at
 * a full page, far before the whole walk the planner costs, and that cost
 * crossed jit_above_cost; compiling took ~40 ms of a ~65 ms statement at
 * 300,000 leads.
 */
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
    return this.db.transaction(async (tx) => {
      await tx.query('SET LOCAL jit = off');
      if (reader !== undefined) {
        const [{ n }] = await tx.query<{ n: number }>(VISIBLE_COUNT_SQL, [reader, OWN_FIRST_MAX + 1]);
        if (n <= OWN_FIRST_MAX) return tx.query<LeadSearchHit>(SEARCH_VISIBLE_SQL, params);
      }
      // A salesperson's common word skips the probe: too few of the newest
      // 2,000 leads are theirs for a page. Their exact contact does not: it
      // comes from its own indexes and may fill the page alone.
      if (reader === undefined || terms.exactPhone !== null || terms.exactEmail !== null) {
        const probe = await tx.query<LeadSearchHit>(SEARCH_PROBE_SQL, params);
        if (probe.length >= limit) return probe;
      }
      const [{ n }] = await tx.query<{ n: number }>(MATCHES_SQL, [...params.slice(0, 3), INDEX_MAX + 1]);
      if (n > INDEX_MAX) {
        const walked = await tx.query<LeadSearchHit>(SEARCH_WALK_SQL, params);
        if (walked.length >= limit) return walked;
      }
      return tx.query<LeadSearchHit>(SEARCH_SQL, params);
    });
  }
}
