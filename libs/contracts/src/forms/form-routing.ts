import type { LeadFields } from '../lead.types';
import type { CustomValues, FormDefinition } from './form.types';

/** Where one lead goes: its owner pool, alert recipients and robots (empty lists and null: the defaults). */
export interface LeadRoute {
  team: string | null;
  mailTo: string[];
  robots: string[];
  /** The index of the rule that matched, null when the form's own settings apply. */
  rule: number | null;
}

function valuesOf(key: string, fields: LeadFields, custom: CustomValues): string[] {
  const own = custom[key];
  if (own !== undefined) return (Array.isArray(own) ? own : [own]).map(String);
  const builtin: Record<string, unknown> = fields as unknown as Record<string, unknown>;
  const v = builtin[key];
  return v === null || v === undefined ? [] : [String(v)];
}

const fold = (s: string) => s.trim().toLowerCase();

/**
 * The form's routing: the first rule whose field equals (case and outer
 * spaces aside) or contains its value decides what it names; what it does
 * not name, and every lead no rule matches, follows the form's settings.
 */
export function routeLead(form: FormDefinition, fields: LeadFields, custom: CustomValues): LeadRoute {
  const own: LeadRoute = { team: form.team, mailTo: form.mailTo, robots: form.robots, rule: null };
  for (const [i, rule] of form.routing.entries()) {
    const values = valuesOf(rule.field, fields, custom).map(fold);
    const hit =
      rule.equals !== undefined
        ? values.includes(fold(rule.equals))
        : rule.contains !== undefined && values.some((v) => v.includes(fold(rule.contains!)));
    if (!hit) continue;
    return {
      team: rule.team ?? own.team,
      mailTo: rule.mailTo?.length ? rule.mailTo : own.mailTo,
      robots: rule.robots?.length ? rule.robots : own.robots,
      rule: i,
    };
  }
  return own;
}
