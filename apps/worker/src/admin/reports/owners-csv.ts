import { stringify } from 'csv-stringify/sync';
import { TASK_OUTCOMES } from '../../data/follow-up-task';
import { type MessageKey, t } from '@app/contracts';
import { excelCsvOptions } from '../lead-csv-format';
import type { OwnerRow } from '../../reporting/report-summary';

// Headers as in the leads export: the Chinese word Excel users read, then the column's name.
const header = (key: MessageKey, name: string) => `${t('zh', key)} ${name}`;

const COLUMNS = [
  { key: 'login', header: header('reports.csv_login', 'login') },
  { key: 'name', header: header('reports.csv_name', 'name') },
  { key: 'leads', header: header('reports.csv_leads', 'leads') },
  { key: 'touched', header: header('reports.csv_touched', 'touched') },
  { key: 'medianResponseSeconds', header: header('reports.csv_median', 'median_response_seconds') },
  { key: 'p90ResponseSeconds', header: header('reports.csv_p90', 'p90_response_seconds') },
  { key: 'withinTarget', header: header('reports.csv_withinTarget', 'within_target') },
  { key: 'reroutedAway', header: header('reports.csv_rerouted', 'rerouted_away') },
  { key: 'overdueOpen', header: header('reports.csv_overdue', 'overdue_open') },
  ...TASK_OUTCOMES.map((o) => ({ key: o, header: header(`reports.outcome_${o}`, o) })),
];

/**
 * The per-owner table as CSV for Excel (UTF-8 with a BOM, CRLF, names that
 * look like formulas neutralised, as in the leads export). Unassigned leads
 * are the row named 未分配.
 */
export function ownersCsv(rows: readonly OwnerRow[]): string {
  const records = rows.map((r) => ({
    ...r,
    ...r.outcomes,
    login: r.login ?? '',
    name: r.login === null ? t('zh', 'reports.unassigned') : r.name,
  }));
  return stringify(records, { ...excelCsvOptions(), columns: COLUMNS });
}
