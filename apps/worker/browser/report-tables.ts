import type { ReportSummary } from '../src/reporting/report-summary';
import type { ReportsText } from '../src/admin/reports/reports-text';
import { BUCKETS, type ChartWords } from './report-charts';
import { countsLine, duration, percent, shareOf } from '../src/admin/reports/report-format';
import { clear, el } from './dom';

const num = (n: number | string, hot = false) => el('td', { class: `num${hot ? ' hot' : ''}`, text: String(n) });

function fillBody(tableId: string, rows: HTMLTableRowElement[]): void {
  const body = document.querySelector(`#${tableId} tbody`);
  if (!body) return;
  clear(body);
  for (const row of rows) body.appendChild(row);
}

function outcomesLine(outcomes: Record<string, number>, words: ReportsText): string {
  return countsLine(outcomes, (o) => words[`outcome_${o}` as keyof ReportsText] ?? o, words.none);
}

/**
 * The tables beside the charts: the same numbers, readable without the
 * chart (and by a screen reader). Text only, through textContent.
 */
export function renderTables(s: ReportSummary, w: ChartWords, targetOn: boolean): void {
  const { words } = w;
  fillBody(
    'table-daily',
    s.byDay.map((d) =>
      el(
        'tr',
        {},
        el('th', { scope: 'row', text: d.day }),
        num(d.leads),
        el('td', { text: countsLine(d.bySource, w.sourceLabel, words.none) }),
      ),
    ),
  );
  fillBody(
    'table-response',
    BUCKETS.map((b) =>
      el(
        'tr',
        { 'data-bucket': b },
        el('th', { scope: 'row', text: words[`bucket_${b}`] }),
        num(s.buckets[b]),
        num(shareOf(s.buckets[b], s.leads, words)),
      ),
    ),
  );
  // On a phone each owner is a card whose cells say what they are (board.css .rtable): the header's words.
  const labels = Array.from(document.querySelectorAll('#table-owners thead th'), (th) => th.textContent ?? '');
  const labelled = (cell: HTMLTableCellElement, i: number) => {
    cell.setAttribute('data-label', labels[i + 1] ?? '');
    return cell;
  };
  fillBody(
    'table-owners',
    s.byOwner.map((r) =>
      el(
        'tr',
        { 'data-login': r.login ?? '' },
        el('th', { scope: 'row', text: w.ownerLabel(r), title: r.login ?? '' }),
        ...[
          num(r.leads),
          num(r.touched),
          num(duration(r.medianResponseSeconds, words)),
          num(duration(r.p90ResponseSeconds, words)),
          num(targetOn ? percent(r.withinTarget, words) : words.none),
          num(r.reroutedAway),
          num(r.overdueOpen, r.overdueOpen > 0),
          el('td', { text: outcomesLine(r.outcomes, words) }),
        ].map(labelled),
      ),
    ),
  );
  fillBody(
    'table-outcomes',
    s.bySource.map((r) =>
      el(
        'tr',
        {},
        el('th', { scope: 'row', text: w.sourceLabel(r.source) }),
        num(r.leads),
        el('td', { text: outcomesLine(r.outcomes, words) }),
      ),
    ),
  );
}
