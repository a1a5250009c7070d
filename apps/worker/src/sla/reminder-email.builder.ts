import type { SendMailOptions } from 'nodemailer';
import type { Lead } from '../database/entities/lead.entity';
import { escapeHtml } from '@app/contracts';
import { leadRows, oneLine, senderDomain } from '../notify/alert-email.builder';

export type ReminderLevel = 'reminder' | 'escalation';

export interface ReminderTask {
  id: string;
  dueAt: Date;
  assignee: string | null;
}

/** "This lead is waiting": to the assignee, or, escalated, to the managers. */
export function buildReminderEmail(
  lead: Lead,
  task: ReminderTask,
  level: ReminderLevel,
  s: { from: string; to: string[]; boardUrl?: string },
): SendMailOptions {
  const late = Math.max(0, Math.round((Date.now() - task.dueAt.getTime()) / 60_000));
  const who = `${oneLine(lead.name)}${lead.company ? ` · ${oneLine(lead.company)}` : ''}`;
  const prefix = level === 'reminder' ? '[跟进提醒]' : '[跟进升级]';
  const headline =
    level === 'reminder'
      ? `需求已超过跟进时限 ${late} 分钟,请尽快联系 (Follow-up overdue by ${late} min)`
      : `需求超时 ${late} 分钟仍无人跟进,已升级 (Escalated: untouched ${late} min past due)`;
  const rows: [string, string][] = [['负责人 Assignee', task.assignee ?? '未分配 unassigned'], ...leadRows(lead)];
  return {
    from: s.from,
    to: s.to,
    replyTo: lead.email ?? undefined,
    subject: `${prefix} ${who}`,
    messageId: `<lead-${lead.id}-${level}-${task.id}@${senderDomain(s.from)}>`,
    headers: { 'X-Lead-Id': lead.id, 'X-Lead-Notice': level, 'X-Task-Id': task.id },
    text: `${headline}\n\n` + rows.map(([l, v]) => `${l}: ${v}`).join('\n') + '\n',
    html:
      `<!doctype html><html><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"></head>` +
      `<body style="margin:0;padding:12px;font-family:-apple-system,'PingFang SC','Microsoft YaHei',sans-serif;font-size:15px">` +
      `<h2 style="font-size:18px;margin:0 0 12px;color:#b42318">${escapeHtml(headline)}</h2><table style="border-collapse:collapse;width:100%;max-width:640px">` +
      rows
        .map(
          ([l, v]) =>
            `<tr><th style="text-align:left;vertical-align:top;padding:4px 8px;color:#52606d">${escapeHtml(l)}</th><td style="padding:4px 8px;word-break:break-word">${escapeHtml(v).replace(/\r?\n/g, '<br>')}</td></tr>`,
        )
        .join('') +
      `</table></body></html>`,
  };
}
