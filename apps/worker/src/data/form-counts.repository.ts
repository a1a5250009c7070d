import { Injectable } from '@nestjs/common';
import { Db } from './db';

/**
 * Leads per form since a time, for the Forms page. A range walk of
 * leads_received_at_idx (only the window's leads, whatever the table's size)
 * and a primary-key probe of lead_forms per lead; a lead without a
 * lead_forms row came through `POST /api/leads`, the `default` form.
 */
const COUNTS_SQL = `
  SELECT COALESCE(lf.form_slug, 'default') AS slug, count(*)::int AS leads
    FROM leads l
    LEFT JOIN lead_forms lf ON lf.lead_id = l.id
   WHERE l.received_at >= $1
   GROUP BY 1`;

@Injectable()
export class FormCountsRepository {
  constructor(private readonly db: Db) {}

  async leadsSince(since: Date): Promise<Map<string, number>> {
    const rows: { slug: string; leads: number }[] = await this.db.query(COUNTS_SQL, [since]);
    return new Map(rows.map((r) => [r.slug, r.leads]));
  }
}
