import { BadRequestException, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

const BOM = '\uFEFF';
const COLUMNS = [
  ['id', 'id'],
  ['received_at', '提交时间 received_at'],
  ['name', '姓名 name'],
  ['company', '公司 company'],
  ['phone', '电话 phone'],
  ['email', '邮箱 email'],
  ['requirement', '需求描述 requirement'],
  ['task_status', '跟进状态 task_status'],
  ['assignee', '负责人 assignee'],
  ['due_at', '截止时间 due_at'],
  ['alert_status', '提醒状态 alert_status'],
  ['utm_source', 'utm_source'],
  ['utm_campaign', 'utm_campaign'],
  ['page', '来源页面 page'],
] as const;
const TRUSTED = new Set(['id', 'received_at', 'phone', 'due_at', 'task_status', 'alert_status']);

/**
 * Quotes a CSV cell; a leading = + - @ is neutralised so a visitor's text
 * can never run as a formula when sales open the file in Excel. `trusted`
 * cells (values we generated or normalized, like E.164 phones) are kept as is.
 */
export function csvCell(value: unknown, trusted = false): string {
  let text = value instanceof Date ? value.toISOString() : value === null || value === undefined ? '' : String(value);
  if (!trusted && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n']/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

function parseDate(value: unknown, name: string): Date | null {
  if (value === undefined || value === '') return null;
  const d = typeof value === 'string' ? new Date(value) : new Date(NaN);
  if (Number.isNaN(d.getTime())) throw new BadRequestException(`${name} must be a date, e.g. 2026-11-01`);
  return d;
}

@Injectable()
export class LeadCsvService {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async export(fromRaw: unknown, toRaw: unknown): Promise<string> {
    const from = parseDate(fromRaw, 'from');
    const to = parseDate(toRaw, 'to');
    const rows: Record<string, unknown>[] = await this.db.query(
      `SELECT l.id, l.received_at, l.name, l.company, l.phone, l.email, l.requirement,
              t.status AS task_status, t.assignee, t.due_at, n.status AS alert_status,
              l.utm->>'utm_source' AS utm_source, l.utm->>'utm_campaign' AS utm_campaign, l.page
         FROM leads l
         LEFT JOIN follow_up_tasks t ON t.lead_id = l.id
         LEFT JOIN notifications n ON n.lead_id = l.id AND n.kind = 'new-lead'
        WHERE ($1::timestamptz IS NULL OR l.received_at >= $1) AND ($2::timestamptz IS NULL OR l.received_at < $2)
        ORDER BY l.received_at`,
      [from, to],
    );
    const lines = [COLUMNS.map(([, header]) => csvCell(header)).join(',')];
    for (const row of rows) lines.push(COLUMNS.map(([key]) => csvCell(row[key], TRUSTED.has(key))).join(','));
    return BOM + lines.join('\r\n') + '\r\n';
  }
}
