import { Injectable } from '@nestjs/common';
import type { CustomField, CustomValues, FormField } from '@app/contracts';
import { DEFAULT_FORM_SLUG, isCustomField } from '@app/contracts';
import { Db } from './db';

/** One row of the CSV export: the lead with its task's and its alert's state, and its form's answers. */
export interface LeadExportRow {
  id: string;
  received_at: Date;
  name: string;
  company: string | null;
  phone: string | null;
  email: string | null;
  requirement: string;
  task_status: string | null;
  assignee: string | null;
  due_at: Date | null;
  /** The task's note: what was agreed when it was done (the outcome), else the latest note. */
  note: string | null;
  alert_status: string | null;
  utm_source: string | null;
  utm_campaign: string | null;
  page: string | null;
  first_touch_at: Date | null;
  first_touch_by: string | null;
  response_seconds: number | null;
  response_business_seconds: number | null;
  outcome: string | null;
  /** The custom answers (only read when the export is of one form). */
  custom?: CustomValues | null;
}

export interface ReceivedRange {
  from: Date | null;
  to: Date | null;
}

/** Which leads an export holds; every part optional. */
export interface ExportFilter extends ReceivedRange {
  /** A form's slug: its leads only (`default`: leads of no other form). */
  form?: string | null;
  /** A staff login: leads whose task is theirs. */
  owner?: string | null;
}

const COLUMNS = `l.id, l.received_at, l.name, l.company, l.phone, l.email, l.requirement,
       t.status AS task_status, t.assignee, t.due_at, t.note, n.status AS alert_status,
       l.utm->>'utm_source' AS utm_source, l.utm->>'utm_campaign' AS utm_campaign, l.page,
       t.first_touch_at, t.first_touch_by, t.response_seconds, t.response_business_seconds, t.outcome`;

// Which leads of a form a batch keeps. `default` is every lead no other
// form claims, as an anti-join the planner counts right (a `lf.form_slug =
// 'default' OR lf.lead_id IS NULL` it counted as one row, and hashed every
// lead for each batch: seconds a batch at 200,000 leads).
const FORM_FILTER = {
  none: '',
  default: `AND NOT EXISTS (SELECT 1 FROM lead_forms x WHERE x.lead_id = l.id AND x.form_slug <> '${DEFAULT_FORM_SLUG}')`,
  other: 'AND lf.form_slug = $6',
};

// One batch, keyset-paged on (received_at, id): each starts after the last
// row of the one before (its received_at read back from the table, at full
// precision), so an export holds one batch at a time, and no pool client
// between batches. Planned with its actual parameters each time (unnamed
// statement), so an absent filter costs nothing.
const batchSql = (form: keyof typeof FORM_FILTER) => `
SELECT ${COLUMNS}${form === 'none' ? '' : ', lf.custom'}
  FROM leads l
  LEFT JOIN follow_up_tasks t ON t.lead_id = l.id
  LEFT JOIN notifications n ON n.lead_id = l.id AND n.kind = 'new-lead' AND n.channel = 'email'
  ${form === 'none' ? '' : 'LEFT JOIN lead_forms lf ON lf.lead_id = l.id'}
 WHERE ($1::timestamptz IS NULL OR l.received_at >= $1) AND ($2::timestamptz IS NULL OR l.received_at < $2)
   AND ($3::uuid IS NULL OR (l.received_at, l.id) > (SELECT received_at, id FROM leads WHERE id = $3))
   AND ($5::text IS NULL OR t.assignee = $5)
   ${FORM_FILTER[form]}
 ORDER BY l.received_at, l.id
 LIMIT $4`;

const BATCH_SQL = batchSql('none');
const DEFAULT_FORM_BATCH_SQL = batchSql('default');
const FORM_BATCH_SQL = batchSql('other');

/** The leads CSV: batches for the stream, and the columns of a form across its versions. */
@Injectable()
export class LeadExportRepository {
  // A million-row export is a thousand batches, each straight on the pool
  // through Db (no TypeORM query runner or result reshaping per batch).
  constructor(private readonly db: Db) {}

  /** The batch after `after` (null: the first), at most `limit` rows, oldest first. */
  async batch(filter: ExportFilter, after: string | null, limit: number): Promise<LeadExportRow[]> {
    const params: unknown[] = [filter.from, filter.to, after, limit, filter.owner ?? null];
    if (filter.form === DEFAULT_FORM_SLUG) {
      return this.db.query<LeadExportRow & Record<string, unknown>>(DEFAULT_FORM_BATCH_SQL, params);
    }
    if (filter.form) return this.db.query<LeadExportRow & Record<string, unknown>>(FORM_BATCH_SQL, [...params, filter.form]);
    return this.db.query<LeadExportRow & Record<string, unknown>>(BATCH_SQL, params);
  }

  /**
   * A form's custom fields across all its versions, for the export's
   * columns: the newest version's, in its order, then those only older
   * versions had (newest label first), so an old lead's answer to a removed
   * question still has its column. Null when the form does not exist.
   */
  async customColumns(slug: string): Promise<CustomField[] | null> {
    const rows: { fields: FormField[] }[] = await this.db.query(
      `SELECT definition->'fields' AS fields FROM form_versions WHERE slug = $1 ORDER BY version DESC`,
      [slug],
    );
    if (rows.length === 0) {
      const exists: unknown[] = await this.db.query(`SELECT 1 FROM forms WHERE slug = $1`, [slug]);
      return exists.length > 0 ? [] : null;
    }
    const seen = new Map<string, CustomField>();
    for (const r of rows) for (const f of r.fields ?? []) if (isCustomField(f) && !seen.has(f.key)) seen.set(f.key, f);
    return [...seen.values()];
  }
}
