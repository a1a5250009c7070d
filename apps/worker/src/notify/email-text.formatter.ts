import type { FieldRow } from './email-fields';

/**
 * How a list of rows reads as plain text: what comes before each label,
 * between label and value, before each further line of a multi-line value,
 * and between rows.
 */
export interface RowStyle {
  indent: string;
  afterLabel: string;
  continuation: string;
  between: string;
}

/** "Label:" on its own line, the value indented below, a blank line between rows: one lead, read at leisure. */
export const BLOCK_ROWS: RowStyle = { indent: '', afterLabel: ':\n  ', continuation: '\n  ', between: '\n\n' };
/** "  label: value" under a heading: many leads in one email. */
export const NESTED_ROWS: RowStyle = { indent: '  ', afterLabel: ': ', continuation: '\n    ', between: '\n' };
/** "label: value", one row a line. */
export const LINE_ROWS: RowStyle = { indent: '', afterLabel: ': ', continuation: '\n', between: '\n' };

/** A text section: an optional heading line and its rows. */
export interface TextSection {
  title?: string;
  rows: FieldRow[];
}

function rowsText(rows: FieldRow[], style: RowStyle): string {
  return rows
    .map(([label, value]) => `${style.indent}${label}${style.afterLabel}${value.replace(/\r?\n/g, style.continuation)}`)
    .join(style.between);
}

/**
 * The text part of every email: the headline, a blank line, the sections
 * (blank lines between them) and a final newline. Plain text, so nothing is
 * escaped: a mail client shows it as it is.
 */
export function emailText(headline: string, sections: TextSection[], style: RowStyle): string {
  const body = sections.map((s) => (s.title === undefined ? '' : `${s.title}\n`) + rowsText(s.rows, style)).join('\n\n');
  return `${headline}\n\n${body}\n`;
}
