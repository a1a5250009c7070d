import { BEIJING_TIME_ZONE, MESSAGES, t, type CustomField, type Lang, type MessageKey } from '@app/contracts';
import type { CastingContext, Options } from 'csv-stringify';
import { stringify } from 'csv-stringify/sync';
import type { LeadExportRow } from '../data/lead-export.repository';
import { answerText, labelIn } from '../notify/lead-answers';
import { businessTimestamp } from './business-time';

/** The export's columns, in order: the key (kept at the end of each header, for scripts) and its words. */
const COLUMN_KEYS = [
  'id',
  'received_at',
  'name',
  'company',
  'phone',
  'email',
  'requirement',
  'task_status',
  'assignee',
  'due_at',
  'note',
  'alert_status',
  'utm_source',
  'utm_campaign',
  'page',
  'first_touch_at',
  'first_touch_by',
  'response_seconds',
  'response_business_seconds',
  'outcome',
] as const;

/** Values we generated (ids, our times, the catalog's words, E.164 phones as phoneCell writes them), kept as they are. */
const TRUSTED_COLUMNS = new Set<string>([
  'id',
  'received_at',
  'phone',
  'due_at',
  'task_status',
  'alert_status',
  'first_touch_at',
  'response_seconds',
  'response_business_seconds',
  'outcome',
]);

/**
 * A leading = + - @ tab or CR would make Excel or WPS run a visitor's text
 * as a formula (CSV injection); prefixed with ' it stays text. csv-stringify's
 * own `escape_formulas` cannot spare trusted columns, hence this cast.
 */
function neutralise(text: string): string {
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}

/**
 * Our E.164 phone as a text cell. Excel and WPS read "+8613812345678" as
 * a number and show 8.61E+12. A leading ' would stay visible (it hides only
 * when typed), and ="…" would put a formula in the file, so the cell starts
 * with a tab: both keep the cell as text and show the number as it is, and
 * as the rest is only "+" and digits, a program that strips the tab and
 * evaluates the cell finds a number, never a formula. Anything else (not a
 * phone we normalized) is neutralised like visitor text.
 */
export function phoneCell(phone: string | null): string | null {
  if (phone === null || phone === '') return phone;
  return /^\+\d{5,17}$/.test(phone) ? `\t${phone}` : neutralise(phone);
}

/**
 * csv-stringify options for Excel: CRLF line ends, dates as ISO-8601, and
 * every cell holding a quote, comma, line break or apostrophe quoted.
 */
function csvOptions(isTrusted: (context: CastingContext) => boolean): Options {
  const cell = (text: string, context: CastingContext) => (isTrusted(context) ? text : neutralise(text));
  return {
    record_delimiter: 'windows',
    // A lone \n or \r is quoted too (with a custom record delimiter
    // csv-stringify would only quote CRLF), and so is an apostrophe.
    quote_record_delimiter: true,
    quoted_match: "'",
    cast: {
      string: cell,
      number: (value, context) => cell(String(value), context),
      bigint: (value, context) => cell(String(value), context),
      boolean: (value, context) => cell(String(value), context),
      date: (value) => value.toISOString(),
    },
  };
}

/**
 * How the export speaks: its language, the business's time zone and staff
 * display names by login; `custom`: the form's questions, when the export
 * is of one form (a column each, after the lead's own).
 */
export interface LeadCsvContext {
  lang: Lang;
  timeZone: string;
  names: ReadonlyMap<string, string>;
  custom?: readonly CustomField[];
}

// By position, not by the field's key: a key may be anything an admin chose, a column key must be ours.
const customColumn = (i: number) => `custom_${i}`;

function zoneLabel(ctx: LeadCsvContext): string {
  return ctx.timeZone === BEIJING_TIME_ZONE ? t(ctx.lang, 'staff.csv.beijingTime') : ctx.timeZone;
}

/** "提交时间(北京时间) received_at": the words, then the key scripts read. */
export function leadCsvColumns(ctx: LeadCsvContext): { key: string; header: string }[] {
  const own = COLUMN_KEYS.map((key) => ({ key, header: `${t(ctx.lang, `staff.csv.${key}`, { zone: zoneLabel(ctx) })} ${key}` }));
  // A form's question: its label (as the form's newest version words it), then its key.
  const custom = (ctx.custom ?? []).map((f, i) => ({
    key: customColumn(i),
    header: `${labelIn(f.label, ctx.lang, f.key)} ${f.key}`,
  }));
  return [...own, ...custom];
}

/** The form's answers of one lead, by column: option labels, yes/no, numbers as text. */
function customCells(r: LeadExportRow, ctx: LeadCsvContext): Record<string, string | null> {
  const cells: Record<string, string | null> = {};
  (ctx.custom ?? []).forEach((f, i) => {
    const value = r.custom?.[f.key];
    cells[customColumn(i)] = value === undefined || value === null ? null : answerText({ ...f, value }, ctx.lang);
  });
  return cells;
}

/** The catalog's word for `key` when it has one, else the raw value. */
function wordOr(lang: Lang, key: string, raw: string): string {
  return Object.prototype.hasOwnProperty.call(MESSAGES.zh, key) ? t(lang, key as MessageKey) : raw;
}

/** One lead as a person reads it: times in the business zone, statuses in words, the owner by name, the phone as text. */
export function leadCsvRow(r: LeadExportRow, ctx: LeadCsvContext): Record<string, string | null> {
  const { custom: _answers, ...own } = r;
  return {
    ...own,
    received_at: businessTimestamp(r.received_at, ctx.timeZone),
    due_at: businessTimestamp(r.due_at, ctx.timeZone),
    phone: phoneCell(r.phone),
    task_status: r.task_status && wordOr(ctx.lang, `board.status_${r.task_status}`, r.task_status),
    alert_status: r.alert_status && wordOr(ctx.lang, `board.n_${r.alert_status}`, r.alert_status),
    assignee: r.assignee && (ctx.names.get(r.assignee) || r.assignee),
    first_touch_at: r.first_touch_at && businessTimestamp(r.first_touch_at, ctx.timeZone),
    first_touch_by: r.first_touch_by && (ctx.names.get(r.first_touch_by) || r.first_touch_by),
    response_seconds: r.response_seconds === null ? null : String(r.response_seconds),
    response_business_seconds: r.response_business_seconds === null ? null : String(r.response_business_seconds),
    outcome: r.outcome && wordOr(ctx.lang, `reports.outcome_${r.outcome}`, r.outcome),
    ...customCells(r, ctx),
  };
}

/** Options of the whole export: UTF-8 BOM (Excel needs it to read UTF-8), header row, columns. */
export function leadCsvOptions(ctx: LeadCsvContext): Options {
  return {
    ...csvOptions((context) => !context.header && TRUSTED_COLUMNS.has(String(context.column))),
    bom: true,
    header: true,
    columns: leadCsvColumns(ctx),
  };
}

/** The same Excel-safe options for another export (no cell trusted), with BOM and a header row. */
export function excelCsvOptions(): Options {
  return { ...csvOptions(() => false), bom: true, header: true };
}

/** One cell as the export writes it. */
export function csvCell(value: unknown, trusted = false): string {
  return stringify([[value]], { ...csvOptions(() => trusted), eof: false });
}
