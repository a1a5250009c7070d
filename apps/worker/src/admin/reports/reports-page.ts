import { t } from '@app/contracts';
import type { BoardLang } from '../board/board-links';
import type { StaffMe, StaffMember } from '../board/board-text';
import { renderBoardView } from '../board/board-views';
import { reportsText, type ReportsText } from './reports-text';

const WORDS: Record<BoardLang, ReportsText> = { zh: reportsText('zh'), en: reportsText('en') };

export const REPORTS_PATH = '/admin/reports';

export interface ReportsPageOptions {
  lang: BoardLang;
  me: StaffMe;
  staff: StaffMember[];
  assetVersion?: string;
  /** Managers and admins pick an owner; a salesperson sees their own figures only. */
  ownerFilter: boolean;
  /** CLAIM_WITHIN_MINUTES (0 = off): the per-owner table's "within target" column. */
  targetMinutes: number;
  /** The zone whose days the report counts (BUSINESS_HOURS, Beijing by default). */
  timeZone: string;
  /** The forms to filter on, by slug, named as on the forms page. */
  forms: { slug: string; name: string }[];
}

/**
 * GET /admin/reports: the speed-to-lead page. A shell like the board: its
 * own script (reports.js, with ECharts) loads GET /admin/reports/summary for
 * the chosen range and filters and draws each chart beside its table.
 */
export function renderReportsPage(o: ReportsPageOptions): string {
  const words = WORDS[o.lang];
  return renderBoardView(
    'reports',
    {
      lang: o.lang,
      title: t(o.lang, 'reports.title'),
      page: 'reports',
      me: o.me,
      staff: o.staff,
      path: REPORTS_PATH,
      assetVersion: o.assetVersion,
      data: {
        reports: words,
        ownerFilter: o.ownerFilter,
        targetMinutes: o.targetMinutes,
        timeZone: o.timeZone,
        directSource: t('zh', 'reports.directSource'),
      },
    },
    {
      ownerFilter: o.ownerFilter,
      forms: o.forms,
      withinHeader:
        o.targetMinutes > 0 ? t(o.lang, 'reports.col_withinTarget', { minutes: o.targetMinutes }) : t(o.lang, 'reports.none'),
    },
  );
}
