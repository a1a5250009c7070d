/**
 * The form editor's state and its translation to and from the admin API's
 * definition JSON (libs/contracts/src/forms). Pure, so unit specs check it.
 * The state holds what the inputs hold (text for lists and numbers), the
 * definition what POST/PATCH /admin/forms takes; the API validates it.
 */

export type Local = { zh: string; en: string };

const BUILTIN = ['name', 'phone', 'email', 'company', 'requirement', 'consent'];
const WITH_OPTIONS = ['select', 'multiselect'];
const WITH_LENGTH = ['text', 'textarea'];

export interface OptionState {
  value: string;
  label: Local;
}

export interface FieldState {
  key: string;
  type: string;
  label: Local;
  required: boolean;
  maxLength: string;
  min: string;
  max: string;
  options: OptionState[];
}

export interface RuleState {
  field: string;
  op: 'equals' | 'contains';
  value: string;
  team: string;
  mailTo: string;
  robots: string[];
}

export interface EditorState {
  slug: string;
  name: string;
  status: string;
  language: string;
  origins: string;
  redirect: string;
  successMessage: Local;
  team: string;
  mailTo: string;
  robots: string[];
  slaMinutes: string;
  autoresponse: boolean;
  autoresponseText: Local;
  fields: FieldState[];
  routing: RuleState[];
}

type Json = Record<string, unknown>;

export const isBuiltin = (key: string): boolean => BUILTIN.includes(key);
export const hasOptions = (type: string): boolean => WITH_OPTIONS.includes(type);
export const hasLength = (type: string): boolean => WITH_LENGTH.includes(type);

const local = (v: unknown): Local => {
  const o = (v ?? {}) as Partial<Local>;
  return { zh: o.zh ?? '', en: o.en ?? '' };
};
const str = (v: unknown): string => (v === undefined || v === null ? '' : String(v));
const list = (v: unknown): string[] => (Array.isArray(v) ? v.map(String) : []);

export function blankField(): FieldState {
  return { key: '', type: 'text', label: { zh: '', en: '' }, required: false, maxLength: '', min: '', max: '', options: [] };
}

export function blankRule(): RuleState {
  return { field: '', op: 'equals', value: '', team: '', mailTo: '', robots: [] };
}

/** The editor's state from a stored definition. */
export function stateOf(def: Json): EditorState {
  const auto = (def.autoresponse ?? null) as { enabled?: boolean; text?: unknown } | null;
  return {
    slug: str(def.slug),
    name: str(def.name),
    status: str(def.status) || 'active',
    language: str(def.language) || 'zh',
    origins: list(def.origins).join('\n'),
    redirect: str(def.redirect),
    successMessage: local(def.successMessage),
    team: str(def.team),
    mailTo: list(def.mailTo).join('\n'),
    robots: list(def.robots),
    slaMinutes: str(def.slaMinutes),
    autoresponse: auto?.enabled === true,
    autoresponseText: local(auto?.text),
    fields: (Array.isArray(def.fields) ? (def.fields as Json[]) : []).map((f) => ({
      key: str(f.key),
      type: str(f.type) || 'text',
      label: local(f.label),
      required: f.required === true,
      maxLength: str(f.maxLength),
      min: str(f.min),
      max: str(f.max),
      options: (Array.isArray(f.options) ? (f.options as Json[]) : []).map((o) => ({
        value: str(o.value),
        label: local(o.label),
      })),
    })),
    routing: (Array.isArray(def.routing) ? (def.routing as Json[]) : []).map((r) => ({
      field: str(r.field),
      op: r.contains !== undefined ? 'contains' : 'equals',
      value: str(r.contains ?? r.equals),
      team: str(r.team),
      mailTo: list(r.mailTo).join(', '),
      robots: list(r.robots),
    })),
  };
}

/** Lines or commas to a list, blanks dropped. */
export function splitList(text: string): string[] {
  return text
    .split(/[\n,]/)
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

/** A number input's text: empty is "not set", a number is sent as one, anything else as typed (the API says why not). */
function numberOf(text: string): number | string | undefined {
  const s = text.trim();
  if (s === '') return undefined;
  const n = Number(s);
  return Number.isFinite(n) ? n : s;
}

const localOrNull = (l: Local): Local | null => (l.zh.trim() === '' && l.en.trim() === '' ? null : l);

function fieldOf(f: FieldState): Json {
  if (isBuiltin(f.key)) {
    const out: Json = { key: f.key, required: f.required };
    const label = localOrNull(f.label);
    if (label) out.label = label;
    return out;
  }
  const out: Json = { key: f.key, type: f.type, label: f.label, required: f.required };
  if (hasLength(f.type) && numberOf(f.maxLength) !== undefined) out.maxLength = numberOf(f.maxLength);
  if (f.type === 'number') {
    if (numberOf(f.min) !== undefined) out.min = numberOf(f.min);
    if (numberOf(f.max) !== undefined) out.max = numberOf(f.max);
  }
  if (hasOptions(f.type)) out.options = f.options.map((o) => ({ value: o.value, label: o.label }));
  return out;
}

function ruleOf(r: RuleState): Json {
  const out: Json = { field: r.field, [r.op]: r.value };
  if (r.team) out.team = r.team;
  const mailTo = splitList(r.mailTo);
  if (mailTo.length > 0) out.mailTo = mailTo;
  if (r.robots.length > 0) out.robots = r.robots;
  return out;
}

/** The whole definition as POST/PATCH /admin/forms takes it. */
export function definitionOf(s: EditorState): Json {
  const text = localOrNull(s.autoresponseText);
  return {
    slug: s.slug.trim(),
    name: s.name,
    status: s.status,
    language: s.language,
    fields: s.fields.map(fieldOf),
    origins: splitList(s.origins),
    redirect: s.redirect.trim() === '' ? null : s.redirect.trim(),
    successMessage: localOrNull(s.successMessage),
    team: s.team === '' ? null : s.team,
    routing: s.routing.map(ruleOf),
    mailTo: splitList(s.mailTo),
    robots: s.robots,
    slaMinutes: numberOf(s.slaMinutes) ?? null,
    autoresponse: !s.autoresponse && !text ? null : { enabled: s.autoresponse, text },
  };
}

/** Moves item `i` of a list one place up (-1) or down (+1); out of range leaves it as it was. */
export function move<T>(items: T[], i: number, by: -1 | 1): T[] {
  const j = i + by;
  if (i < 0 || i >= items.length || j < 0 || j >= items.length) return items;
  const out = items.slice();
  [out[i], out[j]] = [out[j], out[i]];
  return out;
}

/**
 * Where an API error by JSON path shows: the input of that path, else its
 * nearest enclosing part (`fields[2].options[0].value` → … → `fields[2]` →
 * `fields`), so `origins[1]` lands beside the origins box.
 */
export function errorAnchors(path: string): string[] {
  const out = [path];
  let p = path;
  for (;;) {
    const cut = Math.max(p.lastIndexOf('.'), p.lastIndexOf('['));
    if (cut <= 0) break;
    p = p.slice(0, cut);
    out.push(p);
  }
  return out;
}
