/**
 * The reports page's four charts, with Apache ECharts (only the bar chart,
 * grid, tooltip, legend and canvas renderer: the smallest bundle that draws
 * them). Everything is drawn on a canvas, tooltips too (`richText`), so a
 * source named "<img onerror=…>" is text in a picture, never markup, and
 * the page's Content-Security-Policy needs no inline styles.
 */
import { BarChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import { type EChartsCoreOption, type EChartsType, init, use } from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import type { ReportSummary } from '../src/reporting/report-summary';
import type { ReportsText } from '../src/admin/reports/reports-text';
import { duration } from '../src/admin/reports/report-format';

use([BarChart, GridComponent, LegendComponent, TooltipComponent, CanvasRenderer]);

export const BUCKETS = ['within5m', 'within1h', 'within24h', 'later', 'never'] as const;
const BUCKET_COLOURS = ['#067647', '#65a30d', '#d97706', '#c4320a', '#98a2b3'];
const OUTCOME_COLOURS: Record<string, string> = {
  won: '#067647',
  qualified: '#1d4ed8',
  unqualified: '#98a2b3',
  invalid: '#b54708',
  spam: '#b42318',
};
const PALETTE = ['#1d4ed8', '#0e9384', '#d97706', '#7c3aed', '#c4320a', '#16325c', '#65a30d', '#db2777', '#637083'];
const LABEL_MAX = 18;

/** What a chart needs besides the numbers: words and how to name a source or an owner. */
export interface ChartWords {
  words: ReportsText;
  sourceLabel: (source: string) => string;
  ownerLabel: (row: { login: string | null; name: string | null }) => string;
}

const short = (text: string): string => (text.length > LABEL_MAX ? `${text.slice(0, LABEL_MAX - 1)}…` : text);

const common = {
  animation: false,
  textStyle: { fontFamily: 'system-ui, -apple-system, "PingFang SC", "Microsoft YaHei", sans-serif' },
  tooltip: { renderMode: 'richText', confine: true },
};

const legend = { type: 'scroll', top: 0, formatter: short };

function dailyOption(s: ReportSummary, w: ChartWords): EChartsCoreOption {
  const sources = s.bySource.map((b) => b.source);
  return {
    ...common,
    color: PALETTE,
    tooltip: { ...common.tooltip, trigger: 'axis' },
    legend: { ...legend, data: sources.map(w.sourceLabel) },
    grid: { left: 8, right: 8, top: 40, bottom: 8, containLabel: true },
    xAxis: { type: 'category', data: s.byDay.map((d) => d.day.slice(5)) },
    yAxis: { type: 'value', minInterval: 1 },
    series: sources.map((source) => ({
      type: 'bar',
      stack: 'leads',
      name: w.sourceLabel(source),
      data: s.byDay.map((d) => d.bySource[source] ?? 0),
    })),
  };
}

function responseOption(s: ReportSummary, w: ChartWords, width: number): EChartsCoreOption {
  return {
    ...common,
    tooltip: { ...common.tooltip, trigger: 'axis' },
    grid: { left: 8, right: 8, top: 16, bottom: 8, containLabel: true },
    xAxis: {
      type: 'category',
      data: BUCKETS.map((b) => w.words[`bucket_${b}`]),
      // Every bucket named, on two lines where a phone leaves too little room for one.
      axisLabel: { interval: 0, width: Math.max(40, Math.floor(width / BUCKETS.length) - 8), overflow: 'break' },
    },
    yAxis: { type: 'value', minInterval: 1 },
    series: [
      {
        type: 'bar',
        name: w.words.col_count,
        label: { show: true, position: 'top' },
        data: BUCKETS.map((b, i) => ({ value: s.buckets[b], itemStyle: { color: BUCKET_COLOURS[i] } })),
      },
    ],
  };
}

function ownersOption(s: ReportSummary, w: ChartWords): EChartsCoreOption {
  // Top to bottom as in the table (ECharts draws a category axis upwards).
  const rows = [...s.byOwner].reverse();
  const minutes = (v: number | null) => (v === null ? null : Math.round((v / 60) * 10) / 10);
  return {
    ...common,
    color: ['#1d4ed8', '#d97706'],
    tooltip: {
      ...common.tooltip,
      trigger: 'axis',
      valueFormatter: (v: unknown) => (typeof v === 'number' ? duration(v * 60, w.words) : w.words.none),
    },
    legend: { ...legend, data: [w.words.col_median, w.words.col_p90] },
    grid: { left: 8, right: 16, top: 40, bottom: 24, containLabel: true },
    xAxis: { type: 'value', name: w.words.dur_m.replace('{n}', '').trim(), nameLocation: 'middle', nameGap: 26 },
    yAxis: { type: 'category', data: rows.map((r) => short(w.ownerLabel(r))) },
    series: [
      { type: 'bar', name: w.words.col_median, data: rows.map((r) => minutes(r.medianResponseSeconds)) },
      { type: 'bar', name: w.words.col_p90, data: rows.map((r) => minutes(r.p90ResponseSeconds)) },
    ],
  };
}

function outcomesOption(s: ReportSummary, w: ChartWords): EChartsCoreOption {
  const rows = [...s.bySource].reverse();
  const outcomes = Object.keys(s.bySource[0]?.outcomes ?? OUTCOME_COLOURS);
  return {
    ...common,
    color: outcomes.map((o) => OUTCOME_COLOURS[o] ?? '#637083'),
    tooltip: { ...common.tooltip, trigger: 'axis' },
    legend: { ...legend, data: outcomes.map((o) => w.words[`outcome_${o}` as keyof ReportsText] ?? o) },
    grid: { left: 8, right: 16, top: 40, bottom: 8, containLabel: true },
    xAxis: { type: 'value', minInterval: 1 },
    yAxis: { type: 'category', data: rows.map((r) => short(w.sourceLabel(r.source))) },
    series: outcomes.map((o) => ({
      type: 'bar',
      stack: 'outcomes',
      name: w.words[`outcome_${o}` as keyof ReportsText] ?? o,
      data: rows.map((r) => r.outcomes[o as keyof typeof r.outcomes] ?? 0),
    })),
  };
}

const CHARTS = {
  'chart-daily': dailyOption,
  'chart-response': responseOption,
  'chart-owners': ownersOption,
  'chart-outcomes': outcomesOption,
};

/** Rows of a horizontal chart decide its height, so a long list stays readable on a phone. */
const ROW_CHARTS: Record<string, (s: ReportSummary) => number> = {
  'chart-owners': (s) => s.byOwner.length,
  'chart-outcomes': (s) => s.bySource.length,
};

/** The page's charts: drawn again for each summary, resized with the window. */
export class ReportCharts {
  private readonly charts = new Map<string, EChartsType>();

  constructor(private readonly w: ChartWords) {
    window.addEventListener('resize', () => this.charts.forEach((c) => c.resize()));
  }

  draw(s: ReportSummary): void {
    for (const [id, option] of Object.entries(CHARTS)) {
      const node = document.getElementById(id);
      if (!node) continue;
      const rows = ROW_CHARTS[id]?.(s);
      if (rows !== undefined) node.style.height = `${Math.max(220, rows * 36 + 90)}px`;
      let chart = this.charts.get(id);
      if (!chart) {
        chart = init(node, undefined, { renderer: 'canvas' });
        this.charts.set(id, chart);
      } else if (rows !== undefined) {
        chart.resize();
      }
      chart.setOption(option(s, this.w, node.clientWidth), { notMerge: true });
      node.dataset.drawn = 'true';
    }
  }
}
