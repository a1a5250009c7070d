import { escapeHtml } from '@app/contracts';
import type { SendMailOptions } from 'nodemailer';
import type { Lead } from '../database/entities/lead.entity';

export type AlertNotice = 'new-lead' | 'resend';

export interface AlertEmailSettings {
  from: string;
  to: string[];
}

const LABELS: [keyof Lead, string][] = [
  ['name', '姓名 Name'],
  ['company', '公司 Company'],
  ['phone', '电话 Phone'],
  ['email', '邮箱 Email'],
  ['requirement', '需求描述 Requirement'],
];

// Defence in depth: the gateway already refuses control characters in
// single-line fields, but nothing that reaches a header may break a line.
export const oneLine = (v: string) => v.replace(/[\r\n\u0000-\u001f\u007f\u2028\u2029]+/g, ' ').trim();

/** Domain for Message-IDs: the sender's, so they look like our own mail. */
export function senderDomain(from: string): string {
  const match = /@([^\s>]+)>?\s*$/.exec(from);
  return match ? match[1].toLowerCase() : 'localhost';
}

/** Stable per lead and notice kind, so mail systems fold a duplicate. */
export function alertMessageId(leadId: string, notice: AlertNotice, from: string, variant?: string): string {
  const suffix = notice === 'new-lead' ? '' : `-${notice}${variant ? `-${variant}` : ''}`;
  return `<lead-${leadId}${suffix}@${senderDomain(from)}>`;
}

/** Every field of the lead as [label, value] rows, empty ones left out. */
export function leadRows(lead: Lead): [string, string][] {
  const rows: [string, string][] = [];
  for (const [key, label] of LABELS) {
    const value = lead[key];
    if (typeof value === 'string' && value !== '') rows.push([label, value]);
  }
  if (lead.phoneRaw && lead.phoneRaw !== lead.phone) rows.push(['电话(原样) Phone as typed', lead.phoneRaw]);
  rows.push(['隐私同意 Consent', lead.consent ? `是 yes (${lead.privacyPolicyVersion ?? '-'})` : '否 no']);
  for (const [k, v] of Object.entries(lead.utm ?? {})) rows.push([k, v]);
  for (const [k, v] of Object.entries(lead.extras ?? {})) rows.push([`附加 ${k}`, v]);
  rows.push(['来源页面 Page', lead.page ?? '-']);
  rows.push(['IP', lead.ip ?? '-']);
  rows.push(['浏览器 User agent', lead.userAgent ?? '-']);
  rows.push(['提交时间 Received', formatTime(lead.receivedAt)]);
  rows.push(['编号 Lead id', lead.id]);
  return rows;
}

// Built once: constructing an Intl formatter costs more than formatting
// (it showed at ~5% of the worker's CPU in a drain profile).
const BEIJING_TIME = new Intl.DateTimeFormat('zh-CN', {
  timeZone: 'Asia/Shanghai',
  dateStyle: 'medium',
  timeStyle: 'medium',
  hour12: false,
});

function formatTime(d: Date): string {
  return `${BEIJING_TIME.format(d)} (北京时间) / ${d.toISOString()}`;
}

/** The alert sales receive for a new lead: text and HTML, every field. */
export function buildAlertEmail(lead: Lead, notice: AlertNotice, s: AlertEmailSettings, ledgerKey?: string): SendMailOptions {
  const who = oneLine(lead.name);
  const company = lead.company ? ` · ${oneLine(lead.company)}` : '';
  const prefix = notice === 'resend' ? '[重发 新需求]' : '[新需求]';
  const rows = leadRows(lead);
  const text =
    `新的客户需求,请尽快联系 (New lead: please contact right away)\n\n` +
    rows.map(([label, value]) => `${label}:\n  ${value.replace(/\r?\n/g, '\n  ')}`).join('\n\n') +
    '\n';
  // Cell layout by attributes rather than a style per cell: every mail
  // client honours them, and the message is half the size.
  const htmlRows = rows
    .map(
      ([label, value]) =>
        `<tr><th align="left" valign="top" style="color:#52606d;white-space:nowrap">${escapeHtml(label)}</th>` +
        `<td style="word-break:break-word">${escapeHtml(value).replace(/\r?\n/g, '<br>')}</td></tr>`,
    )
    .join('');
  const html =
    `<!doctype html><html><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"></head>` +
    `<body style="margin:0;padding:12px;font-family:-apple-system,'PingFang SC','Microsoft YaHei',sans-serif;font-size:15px;color:#1f2933">` +
    `<h2 style="font-size:18px;margin:0 0 12px">新的客户需求,请尽快联系</h2>` +
    `<table cellpadding="7" style="border-collapse:collapse;width:100%;max-width:640px">${htmlRows}</table></body></html>`;

  return {
    from: s.from,
    to: s.to,
    replyTo: lead.email ?? undefined,
    subject: `${prefix} ${who}${company}`,
    messageId: alertMessageId(lead.id, notice, s.from, ledgerKey?.split(':').pop()),
    date: notice === 'new-lead' ? lead.receivedAt : new Date(),
    headers: { 'X-Lead-Id': lead.id, 'X-Lead-Notice': notice },
    text,
    html,
  };
}

/** One email for many leads (flood guard): each lead listed with every field. */
export function buildDigestEmail(leads: Lead[], s: AlertEmailSettings): SendMailOptions {
  const first = leads[0];
  const sections = leads.map((lead, i) => ({
    title: `${i + 1}. ${oneLine(lead.name)}${lead.company ? ` · ${oneLine(lead.company)}` : ''}`,
    rows: leadRows(lead),
  }));
  const intro = `短时间内收到大量需求,合并为一封邮件:共 ${leads.length} 条 (Alert flood: ${leads.length} leads in one digest)`;
  const text =
    `${intro}\n\n` +
    sections
      .map((sec) => `${sec.title}\n` + sec.rows.map(([l, v]) => `  ${l}: ${v.replace(/\r?\n/g, '\n    ')}`).join('\n'))
      .join('\n\n') +
    '\n';
  const html =
    `<!doctype html><html><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"></head>` +
    `<body style="margin:0;padding:12px;font-family:-apple-system,'PingFang SC','Microsoft YaHei',sans-serif;font-size:15px;color:#1f2933">` +
    `<h2 style="font-size:18px;margin:0 0 12px">${escapeHtml(intro)}</h2>` +
    sections
      .map(
        (sec) =>
          `<h3 style="font-size:16px;margin:16px 0 4px">${escapeHtml(sec.title)}</h3><table style="border-collapse:collapse;width:100%;max-width:640px">` +
          sec.rows
            .map(
              ([l, v]) =>
                `<tr><th style="text-align:left;vertical-align:top;padding:4px 8px;color:#52606d">${escapeHtml(l)}</th><td style="padding:4px 8px;word-break:break-word">${escapeHtml(v).replace(/\r?\n/g, '<br>')}</td></tr>`,
            )
            .join('') +
          `</table>`,
      )
      .join('') +
    `</body></html>`;
  return {
    from: s.from,
    to: s.to,
    subject: `[新需求汇总] ${leads.length} 条新需求 (${oneLine(first.name)} 等)`,
    messageId: `<digest-${first.id}@${senderDomain(s.from)}>`,
    headers: { 'X-Lead-Notice': 'digest', 'X-Lead-Ids': leads.map((l) => l.id).join(', ') },
    text,
    html,
  };
}
