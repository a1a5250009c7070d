/**
 * The reports page's script (bundled with ECharts into
 * dist/apps/worker/public/reports.js, loaded by /admin/reports only).
 *
 * Picks the range (today, 7, 30, 90 days or two dates, as days of the
 * business zone) and the owner, source and form filters, keeps them in the URL,
 * loads GET /admin/reports/summary and fills the figures, the tables and the
 * charts. Values from the API reach the page through textContent or the
 * canvas, never markup.
 */
import { fill } from '@app/contracts/i18n/fill';
import type { ReportSummary } from '../src/reporting/report-summary';
import type { ReportsText } from '../src/admin/reports/reports-text';
import { ApiClient, ApiError } from './api-client';
import { readBoardData } from './board-data';
import { byId, clear, el } from './dom';
import { type ChartWords, ReportCharts } from './report-charts';
import {
  type DayRange,
  dayIn,
  duration,
  isDay,
  isRangeChoice,
  type RangeChoice,
  rangeOf,
  shareOf,
} from '../src/admin/reports/report-format';
import { renderTables } from './report-tables';

interface ReportsData {
  lang: 'zh' | 'en';
  text: { network: string };
  reports: ReportsText;
  ownerFilter: boolean;
  targetMinutes: number;
  timeZone: string;
  /** Direct visits' name in the summary's data (the zh word, whatever the page's language: reports.service.ts). */
  directSource: string;
}

interface State {
  choice: RangeChoice;
  range: DayRange;
  owner: string;
  source: string;
  /** A form's slug; '' for every form. */
  form: string;
}

/** The form of the URL when the select offers it, else every form (what the select can show). */
function knownForm(slug: string | null): string {
  const options = [...byId<HTMLSelectElement>('form-filter').options].map((o) => o.value);
  return slug && options.includes(slug) ? slug : '';
}

function initialState(data: ReportsData): State {
  const q = new URLSearchParams(location.search);
  const today = dayIn(new Date(), data.timeZone);
  const from = q.get('from');
  const to = q.get('to');
  const asked = q.get('range');
  const base = {
    owner: data.ownerFilter ? (q.get('owner') ?? '') : '',
    source: q.get('source') ?? '',
    form: knownForm(q.get('form')),
  };
  if (isDay(from) && isDay(to) && (asked === 'custom' || !isRangeChoice(asked)))
    return { ...base, choice: 'custom', range: { from, to } };
  const choice = isRangeChoice(asked) && asked !== 'custom' ? asked : '7';
  return { ...base, choice, range: rangeOf(choice, today) };
}

function queryOf(s: State): URLSearchParams {
  const q = new URLSearchParams({ from: s.range.from, to: s.range.to });
  if (s.owner) q.set('owner', s.owner);
  if (s.source) q.set('source', s.source);
  if (s.form) q.set('form', s.form);
  return q;
}

class ReportsPage {
  private state: State;
  private readonly api: ApiClient;
  private readonly charts: ReportCharts;
  private readonly chartWords: ChartWords;
  private readonly sources = new Set<string>();
  private loading = 0;

  constructor(private readonly data: ReportsData) {
    this.state = initialState(data);
    this.api = new ApiClient(data.text.network);
    const words = data.reports;
    this.chartWords = {
      words,
      // The data names direct visits in Chinese (a key in the JSON); the page says it in its language.
      sourceLabel: (source) => (source === data.directSource ? words.directSource : source),
      ownerLabel: (row) => (row.login === null ? words.unassigned : row.name || row.login),
    };
    this.charts = new ReportCharts(this.chartWords);
  }

  start(): void {
    for (const button of document.querySelectorAll<HTMLButtonElement>('[data-range]')) {
      button.addEventListener('click', () => this.pick(button.dataset.range));
    }
    byId<HTMLFormElement>('report-filters').addEventListener('submit', (e) => {
      e.preventDefault();
      const from = byId<HTMLInputElement>('range-from').value;
      const to = byId<HTMLInputElement>('range-to').value;
      if (!isDay(from) || !isDay(to)) return;
      this.state = { ...this.state, choice: 'custom', range: from <= to ? { from, to } : { from: to, to: from } };
      void this.load();
    });
    document.getElementById('owner-filter')?.addEventListener('change', (e) => {
      this.state = { ...this.state, owner: (e.target as HTMLSelectElement).value };
      void this.load();
    });
    byId<HTMLSelectElement>('source-filter').addEventListener('change', (e) => {
      this.state = { ...this.state, source: (e.target as HTMLSelectElement).value };
      void this.load();
    });
    byId<HTMLSelectElement>('form-filter').addEventListener('change', (e) => {
      this.state = { ...this.state, form: (e.target as HTMLSelectElement).value };
      void this.load();
    });
    void this.load();
  }

  private pick(choice: string | undefined): void {
    if (!isRangeChoice(choice)) return;
    if (choice === 'custom') {
      this.state = { ...this.state, choice };
      this.showControls();
      byId<HTMLInputElement>('range-from').focus();
      return;
    }
    this.state = { ...this.state, choice, range: rangeOf(choice, dayIn(new Date(), this.data.timeZone)) };
    void this.load();
  }

  private showControls(): void {
    const s = this.state;
    for (const button of document.querySelectorAll<HTMLButtonElement>('[data-range]')) {
      button.setAttribute('aria-pressed', String(button.dataset.range === s.choice));
    }
    byId('custom-range').hidden = s.choice !== 'custom';
    byId<HTMLInputElement>('range-from').value = s.range.from;
    byId<HTMLInputElement>('range-to').value = s.range.to;
    const owner = document.getElementById('owner-filter') as HTMLSelectElement | null;
    if (owner) owner.value = s.owner;
    byId<HTMLSelectElement>('form-filter').value = s.form;
    byId<HTMLAnchorElement>('owners-csv').href = `/admin/reports/owners.csv?${queryOf(s)}`;
  }

  private async load(): Promise<void> {
    const s = this.state;
    const q = queryOf(s);
    history.replaceState(
      null,
      '',
      `${location.pathname}?${new URLSearchParams({ ...Object.fromEntries(q), range: s.choice, ...(this.data.lang === 'en' ? { lang: 'en' } : {}) })}`,
    );
    this.showControls();
    const mine = ++this.loading;
    const status = byId('report-status');
    status.textContent = this.data.reports.loading;
    byId('kpis').setAttribute('aria-busy', 'true');
    try {
      const summary = await this.api.call<ReportSummary>('GET', `/admin/reports/summary?${q}`);
      if (mine !== this.loading) return;
      this.show(summary);
      status.textContent =
        summary.leads === 0
          ? this.data.reports.noLeads
          : fill(this.data.reports.rangeShown, { from: summary.from, to: summary.to });
    } catch (err) {
      if (mine !== this.loading) return;
      status.textContent = fill(this.data.reports.failed, { message: err instanceof ApiError ? err.message : String(err) });
    } finally {
      if (mine === this.loading) byId('kpis').setAttribute('aria-busy', 'false');
    }
  }

  private show(s: ReportSummary): void {
    const words = this.data.reports;
    byId('kpi-leads').textContent = String(s.leads);
    byId('kpi-touched').textContent = `${s.touched} (${shareOf(s.touched, s.leads, words)})`;
    byId('kpi-median').textContent = duration(s.medianResponseSeconds, words);
    byId('kpi-p90').textContent = duration(s.p90ResponseSeconds, words);
    byId('kpi-within5m').textContent = shareOf(s.buckets.within5m, s.leads, words);
    byId('response-summary').textContent = fill(words.medianP90, {
      median: duration(s.medianResponseSeconds, words),
      p90: duration(s.p90ResponseSeconds, words),
    });
    this.updateSources(s);
    renderTables(s, this.chartWords, this.data.targetMinutes > 0);
    this.charts.draw(s);
  }

  /** The source filter lists every source seen so far (the chosen one stays when it has no leads now). */
  private updateSources(s: ReportSummary): void {
    for (const b of s.bySource) this.sources.add(b.source);
    if (this.state.source) this.sources.add(this.state.source);
    const select = byId<HTMLSelectElement>('source-filter');
    const first = select.options[0];
    clear(select);
    select.appendChild(first);
    for (const source of [...this.sources].sort()) {
      select.appendChild(el('option', { value: source, text: this.chartWords.sourceLabel(source) }));
    }
    select.value = this.state.source;
  }
}

const data = readBoardData(document) as unknown as ReportsData | null;
if (data?.reports) new ReportsPage(data).start();
