import { t } from '@app/contracts';
import type { ReportLeadRow } from '../data/report.repository';
import { type ReportLead, sourceOf } from './report-summary';

// Source names are data (the JSON's keys, the rollup's cells), so the direct one is always the Chinese 直接访问.
const direct = () => t('zh', 'reports.directSource');

/** The statement's rows as the report's arithmetic takes them: each lead with its source decided. */
export function reportLeadsOf(rows: readonly ReportLeadRow[]): ReportLead[] {
  const directSource = direct();
  return rows.map((r) => ({
    day: r.day,
    form: r.form,
    source: sourceOf(r.utmSource, r.page, directSource),
    owner: r.owner,
    currentOwner: r.currentOwner,
    responseSeconds: r.responseSeconds,
    responseBusinessSeconds: r.responseBusinessSeconds,
    outcome: r.outcome,
    overdueOpen: r.overdueOpen,
    reroutedFrom: r.reroutedFrom,
  }));
}
