import type { CastingContext, Options } from 'csv-stringify';
import { stringify } from 'csv-stringify/sync';

/** The export's columns: key in the query row, and the header Excel shows. */
export const LEAD_CSV_COLUMNS = [
  { key: 'id', header: 'id' },
  { key: 'received_at', header: '提交时间 received_at' },
  { key: 'name', header: '姓名 name' },
  { key: 'company', header: '公司 company' },
  { key: 'phone', header: '电话 phone' },
  { key: 'email', header: '邮箱 email' },
  { key: 'requirement', header: '需求描述 requirement' },
  { key: 'task_status', header: '跟进状态 task_status' },
  { key: 'assignee', header: '负责人 assignee' },
  { key: 'due_at', header: '截止时间 due_at' },
  { key: 'alert_status', header: '提醒状态 alert_status' },
  { key: 'utm_source', header: 'utm_source' },
  { key: 'utm_campaign', header: 'utm_campaign' },
  { key: 'page', header: '来源页面 page' },
  { key: 'first_touch_at', header: '首次响应时间 first_touch_at' },
  { key: 'first_touch_by', header: '首次响应人 first_touch_by' },
  { key: 'response_seconds', header: '响应用时(秒) response_seconds' },
  { key: 'response_business_seconds', header: '工作时间内响应用时(秒) response_business_seconds' },
  { key: 'outcome', header: '跟进结果 outcome' },
];

/** Values we generated or normalized (like E.164 phones), kept as they are. */
const TRUSTED_COLUMNS = new Set(['id', 'received_at', 'phone', 'due_at', 'task_status', 'alert_status', 'first_touch_at']);

/**
 * A leading = + - @ tab or CR would make Excel or WPS run a visitor's text
 * as a formula (CSV injection); prefixed with ' it stays text. csv-stringify's
 * own `escape_formulas` cannot spare trusted columns, hence this cast.
 */
function neutralise(text: string): string {
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
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

/** Options of the whole export: UTF-8 BOM (Excel needs it to read UTF-8), header row, columns. */
export function leadCsvOptions(): Options {
  return {
    ...csvOptions((context) => !context.header && TRUSTED_COLUMNS.has(String(context.column))),
    bom: true,
    header: true,
    columns: LEAD_CSV_COLUMNS,
  };
}

/** One cell as the export writes it. */
export function csvCell(value: unknown, trusted = false): string {
  return stringify([[value]], { ...csvOptions(() => trusted), eof: false });
}
