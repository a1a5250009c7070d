/**
 * The Forms page's editor (body[data-page=form-edit]): drawn from the page's
 * JSON data with textContent only, saved as one whole definition through
 * POST/PATCH /admin/forms; the API's per-field errors show beside the
 * inputs their JSON paths name. Managers get every input disabled. Beside
 * it, a live preview of the unsaved definition (form-preview.ts).
 */
import { clear, el } from './dom';
import { FormPreview } from './form-preview';
import {
  blankField,
  blankRule,
  definitionOf,
  errorAnchors,
  hasLength,
  hasOptions,
  isBuiltin,
  move,
  stateOf,
  type EditorState,
  type Local,
} from './form-editor-model';

interface EditorData {
  lang: 'zh' | 'en';
  slug: string | null;
  form: Record<string, unknown>;
  canEdit: boolean;
  teams: string[];
  robots: string[];
  words: Record<string, string>;
}

const TYPES = ['text', 'textarea', 'select', 'multiselect', 'checkbox', 'number', 'date', 'email', 'phone', 'url'];

const data = JSON.parse(document.getElementById('form-editor-data')!.textContent ?? '{}') as EditorData;
const w = (key: string): string => data.words[key] ?? key;
const state: EditorState = stateOf(data.form);
const root = document.getElementById('form-editor')!;

function labelled(path: string, text: string, input: HTMLElement): HTMLElement {
  return el('label', { class: 'editor-input', 'data-path': path }, el('span', { text }), input);
}

function text(path: string, label: string, value: string, set: (v: string) => void, multiline = false): HTMLElement {
  const input = multiline ? el('textarea', { rows: 3 }) : el('input', { type: 'text' });
  input.value = value;
  input.name = path;
  input.addEventListener('input', () => set(input.value));
  return labelled(path, label, input);
}

function localText(path: string, labels: [string, string], value: Local, multiline = false): HTMLElement[] {
  return [
    text(`${path}.zh`, labels[0], value.zh, (v) => (value.zh = v), multiline),
    text(`${path}.en`, labels[1], value.en, (v) => (value.en = v), multiline),
  ];
}

function select(
  path: string,
  label: string,
  value: string,
  options: [string, string][],
  set: (v: string) => void,
  redraw = false,
) {
  const input = el('select', { name: path });
  for (const [v, t] of options) input.appendChild(el('option', { value: v, text: t, selected: v === value }));
  input.addEventListener('change', () => {
    set(input.value);
    if (redraw) draw();
  });
  return labelled(path, label, input);
}

function checkbox(path: string, label: string, value: boolean, set: (v: boolean) => void): HTMLElement {
  const input = el('input', { type: 'checkbox', name: path, checked: value });
  input.addEventListener('change', () => set(input.checked));
  return el('label', { class: 'editor-check', 'data-path': path }, input, ' ', label);
}

function picks(path: string, label: string, names: string[], chosen: string[]): HTMLElement {
  const box = el('fieldset', { 'data-path': path, class: 'editor-picks' }, el('legend', { text: label }));
  for (const name of names) {
    box.appendChild(
      checkbox(`${path}:${name}`, name, chosen.includes(name), (on) => {
        const at = chosen.indexOf(name);
        if (on && at < 0) chosen.push(name);
        if (!on && at >= 0) chosen.splice(at, 1);
      }),
    );
  }
  return box;
}

function button(label: string, cls: string, act: () => void): HTMLButtonElement {
  const b = el('button', { type: 'button', class: cls, text: label });
  b.addEventListener('click', () => {
    act();
    draw();
  });
  return b;
}

const teamOptions = (): [string, string][] => [['', w('anyTeam')], ...data.teams.map((t): [string, string] => [t, t])];

function general(): HTMLElement {
  const s = state;
  const slug = text('slug', w('slug'), s.slug, (v) => (s.slug = v));
  if (data.slug) slug.querySelector('input')!.readOnly = true;
  return el(
    'section',
    { class: 'editor-general' },
    slug,
    text('name', w('name'), s.name, (v) => (s.name = v)),
    select(
      'status',
      w('status'),
      s.status,
      [
        ['active', w('status.active')],
        ['paused', w('status.paused')],
      ],
      (v) => (s.status = v),
    ),
    select(
      'language',
      w('language'),
      s.language,
      [
        ['zh', w('language.zh')],
        ['en', w('language.en')],
      ],
      (v) => (s.language = v),
    ),
    select('team', w('team'), s.team, teamOptions(), (v) => (s.team = v)),
    text('origins', w('origins'), s.origins, (v) => (s.origins = v), true),
    text('redirect', w('redirect'), s.redirect, (v) => (s.redirect = v)),
    ...localText('successMessage', [w('successZh'), w('successEn')], s.successMessage),
    text('mailTo', w('mailTo'), s.mailTo, (v) => (s.mailTo = v), true),
    picks('robots', w('robots'), data.robots, s.robots),
    text('slaMinutes', w('sla'), s.slaMinutes, (v) => (s.slaMinutes = v)),
    checkbox('autoresponse.enabled', w('autoresponse'), s.autoresponse, (v) => (s.autoresponse = v)),
    ...localText('autoresponse.text', [w('autoresponseZh'), w('autoresponseEn')], s.autoresponseText, true),
  );
}

function fieldBox(i: number): HTMLElement {
  const f = state.fields[i];
  const at = `fields[${i}]`;
  const box = el('fieldset', { class: 'editor-field', 'data-path': at, 'data-key': f.key });
  box.append(
    button(w('moveUp'), 'move-up', () => (state.fields = move(state.fields, i, -1))),
    button(w('moveDown'), 'move-down', () => (state.fields = move(state.fields, i, 1))),
    button(w('remove'), 'remove', () => state.fields.splice(i, 1)),
    text(`${at}.key`, w('key'), f.key, (v) => (f.key = v)),
  );
  if (isBuiltin(f.key)) box.append(el('span', { class: 'muted', text: w('builtin') }));
  else
    box.append(
      select(
        `${at}.type`,
        w('type'),
        f.type,
        TYPES.map((t): [string, string] => [t, w(`type.${t}`)]),
        (v) => (f.type = v),
        true,
      ),
    );
  box.append(...localText(`${at}.label`, [w('labelZh'), w('labelEn')], f.label));
  box.append(checkbox(`${at}.required`, w('required'), f.required, (v) => (f.required = v)));
  if (isBuiltin(f.key)) return box;
  if (hasLength(f.type)) box.append(text(`${at}.maxLength`, w('maxLength'), f.maxLength, (v) => (f.maxLength = v)));
  if (f.type === 'number') {
    box.append(
      text(`${at}.min`, w('min'), f.min, (v) => (f.min = v)),
      text(`${at}.max`, w('max'), f.max, (v) => (f.max = v)),
    );
  }
  if (hasOptions(f.type)) {
    const opts = el('fieldset', { class: 'editor-options', 'data-path': `${at}.options` }, el('legend', { text: w('options') }));
    f.options.forEach((o, j) => {
      const op = `${at}.options[${j}]`;
      opts.appendChild(
        el(
          'div',
          { class: 'editor-option', 'data-path': op },
          text(`${op}.value`, w('optionValue'), o.value, (v) => (o.value = v)),
          ...localText(`${op}.label`, [w('labelZh'), w('labelEn')], o.label),
          button(w('remove'), 'remove-option', () => f.options.splice(j, 1)),
        ),
      );
    });
    opts.appendChild(button(w('addOption'), 'add-option', () => f.options.push({ value: '', label: { zh: '', en: '' } })));
    box.append(opts);
  }
  return box;
}

function ruleBox(i: number): HTMLElement {
  const r = state.routing[i];
  const at = `routing[${i}]`;
  const keys = state.fields.map((f): [string, string] => [f.key, f.key]);
  if (!keys.some(([k]) => k === r.field)) keys.unshift([r.field, r.field]);
  return el(
    'fieldset',
    { class: 'editor-rule', 'data-path': at },
    select(`${at}.field`, w('ruleField'), r.field, keys, (v) => (r.field = v)),
    select(
      `${at}.op`,
      '',
      r.op,
      [
        ['equals', w('equals')],
        ['contains', w('contains')],
      ],
      (v) => (r.op = v as 'equals' | 'contains'),
    ),
    text(`${at}.${r.op}`, w('ruleValue'), r.value, (v) => (r.value = v)),
    select(`${at}.team`, w('team'), r.team, teamOptions(), (v) => (r.team = v)),
    text(`${at}.mailTo`, w('mailTo'), r.mailTo, (v) => (r.mailTo = v)),
    picks(`${at}.robots`, w('robots'), data.robots, r.robots),
    button(w('moveUp'), 'move-up', () => (state.routing = move(state.routing, i, -1))),
    button(w('remove'), 'remove', () => state.routing.splice(i, 1)),
  );
}

function draw(): void {
  clear(root);
  const fields = el('section', { class: 'editor-fields', 'data-path': 'fields' }, el('h2', { text: w('fields') }));
  state.fields.forEach((_, i) => fields.appendChild(fieldBox(i)));
  fields.appendChild(button(w('addField'), 'add-field', () => state.fields.push(blankField())));
  const routing = el('section', { class: 'editor-routing', 'data-path': 'routing' }, el('h2', { text: w('routing') }));
  state.routing.forEach((_, i) => routing.appendChild(ruleBox(i)));
  routing.appendChild(button(w('addRule'), 'add-rule', () => state.routing.push(blankRule())));
  // A disabled fieldset disables every input inside it: the manager's read-only view.
  const all = el('fieldset', { class: 'editor', disabled: !data.canEdit }, general(), fields, routing);
  if (data.canEdit) {
    const save = el('button', { type: 'button', id: 'save-form', class: 'primary', text: w('save') });
    save.addEventListener('click', () => void saveForm());
    all.appendChild(save);
  }
  root.appendChild(all);
  preview?.schedule();
}

function showErrors(errors: { field: string; message: string }[]): void {
  for (const e of errors) {
    const anchor = errorAnchors(e.field)
      .map((p) => root.querySelector<HTMLElement>(`[data-path="${CSS.escape(p)}"]`))
      .find((n) => n !== null);
    const note = el('p', { class: 'field-error', role: 'alert', 'data-error-for': e.field, text: e.message });
    if (anchor) anchor.after(note);
    else root.prepend(note);
  }
}

async function saveForm(): Promise<void> {
  const status = document.getElementById('editor-status')!;
  root.querySelectorAll('.field-error').forEach((n) => n.remove());
  status.textContent = '';
  const body = definitionOf(state);
  const url = data.slug ? `/admin/forms/${encodeURIComponent(data.slug)}` : '/admin/forms';
  let res: Response;
  try {
    res = await fetch(url, {
      method: data.slug ? 'PATCH' : 'POST',
      credentials: 'same-origin',
      headers: { 'content-type': 'application/json', accept: 'application/json', 'accept-language': data.lang },
      body: JSON.stringify(body),
    });
  } catch (err) {
    status.textContent = w('saveFailed').replace('{reason}', String(err));
    return;
  }
  const answer = (await res.json().catch(() => ({}))) as {
    message?: unknown;
    errors?: { field: string; message: string }[];
    slug?: string;
  };
  if (!res.ok) {
    status.textContent = w('saveFailed').replace('{reason}', String(answer.message ?? res.status));
    if (Array.isArray(answer.errors)) showErrors(answer.errors);
    return;
  }
  status.textContent = w('saved');
  if (!data.slug && answer.slug) {
    location.assign(`/admin/board/forms/${encodeURIComponent(answer.slug)}${data.lang === 'en' ? '?lang=en' : ''}`);
  }
}

/** Each copy button (data-copy = the id of the input or textarea it copies): the hosted link, the embed snippet. */
function copyButtons(): void {
  for (const button of Array.from(document.querySelectorAll<HTMLButtonElement>('button[data-copy]'))) {
    const source = document.getElementById(button.dataset.copy ?? '') as HTMLInputElement | HTMLTextAreaElement | null;
    if (!source) continue;
    button.addEventListener('click', () => {
      source.select();
      const copied = navigator.clipboard
        ? navigator.clipboard.writeText(source.value)
        : Promise.reject(new Error('no clipboard'));
      void copied.catch(() => document.execCommand('copy'));
      button.textContent = w('copied');
    });
  }
}

let preview: FormPreview | null = null;

if (document.body.dataset.page === 'form-edit') {
  preview = new FormPreview(() => definitionOf(state), data.form.language === 'en' ? 'en' : 'zh', data.lang, w);
  // Typing changes the state without a redraw: the preview follows every input too.
  root.addEventListener('input', () => preview?.schedule());
  root.addEventListener('change', () => preview?.schedule());
  draw();
  copyButtons();
}
