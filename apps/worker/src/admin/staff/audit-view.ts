import { MESSAGES, t, type Lang, type MessageKey } from '@app/contracts';

/** What the audit page needs of an entry: the action and its detail as recorded. */
export interface AuditFacts {
  action: string;
  subject?: string | null;
  detail?: Record<string, unknown> | null;
}

/** The catalog's word for `key`, when it has one. */
function word(lang: Lang, key: string, params?: Record<string, string | number>): string | null {
  return Object.prototype.hasOwnProperty.call(MESSAGES.zh, key) ? t(lang, key as MessageKey, params) : null;
}

/** "staff.deactivated" as a person says it ("停用并交接"); an action the catalog does not know stays as recorded. */
export function auditActionText(action: string, lang: Lang): string {
  return word(lang, `staff.audit.a.${action.replace(/\./g, '-')}`) ?? action;
}

const text = (v: unknown): string => (v === null || v === undefined ? '' : typeof v === 'string' ? v : JSON.stringify(v));

function roleWord(role: unknown, lang: Lang): string {
  return word(lang, `staff.role.${text(role)}`) ?? text(role);
}

function fieldWords(fields: unknown, lang: Lang): string {
  const list = Array.isArray(fields) ? fields.map(text) : [text(fields)];
  return list.map((f) => word(lang, `staff.field.${f}`) ?? f).join(t(lang, 'staff.audit.d.listJoin'));
}

function reasonWord(reason: unknown, lang: Lang): string {
  const r = text(reason);
  if (r === 'request') return t(lang, 'staff.audit.d.reasonRequest');
  if (/^older than \d+ days$/.test(r)) return t(lang, 'staff.audit.d.reasonRetention');
  return r;
}

/**
 * The detail of an entry as a sentence rather than JSON: roles, fields and
 * reasons in words, people by display name (`nameOf`); a detail the page
 * does not know is listed as "key: value".
 */
export function auditDetailText(e: AuditFacts, lang: Lang, nameOf: (login: string) => string): string {
  const d = e.detail ?? {};
  const who = (login: unknown) => (login ? nameOf(text(login)) : t(lang, 'board.nobody'));
  switch (e.action) {
    case 'staff.created':
      return t(lang, 'staff.audit.d.role', { role: roleWord(d.role, lang) });
    case 'staff.role-changed':
      return t(lang, 'staff.audit.d.change', { from: roleWord(d.from, lang), to: roleWord(d.to, lang) });
    case 'staff.changed':
      return t(lang, 'staff.audit.d.fields', { fields: fieldWords(d.fields, lang) });
    case 'staff.deactivated': {
      const count = Number(d.tasks) || 0;
      return d.successor
        ? t(lang, 'staff.audit.d.handedTo', { count, name: who(d.successor) })
        : t(lang, 'staff.audit.d.handedRoundRobin', { count });
    }
    case 'task.reassigned':
      return t(lang, 'staff.audit.d.change', { from: who(d.from), to: who(d.to) });
    case 'leads.exported': {
      if (!d.from && !d.to) return t(lang, 'staff.audit.d.exportAll');
      const open = t(lang, 'staff.audit.d.open');
      return t(lang, 'staff.audit.d.exportRange', { from: text(d.from) || open, to: text(d.to) || open });
    }
    case 'lead.erased':
      return t(lang, 'staff.audit.d.reason', { reason: reasonWord(d.reason, lang) });
    case 'login.ok':
    case 'login.failed':
    case 'login.throttled':
      if (d.via === 'form') return t(lang, 'staff.audit.d.viaForm');
      if (d.via === 'basic') return t(lang, 'staff.audit.d.viaBasic');
      break;
  }
  return Object.entries(d)
    .map(([k, v]) => `${k}: ${text(v)}`)
    .join('; ');
}
