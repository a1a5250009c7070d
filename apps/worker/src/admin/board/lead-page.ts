import { escapeHtml, shell, timeTag, TimeValue, toIso, withLang } from './board-html';
import { BOARD_TEXT, BoardLang, BoardText, fill, label, StaffMe, StaffMember } from './board-text';

/** GET /admin/leads/:id's shape; times may be Date (from the service) or ISO text (from JSON). */
export interface LeadDetailLead {
  id: string;
  name: string | null;
  phone: string | null;
  phoneRaw?: string | null;
  email: string | null;
  company: string | null;
  requirement: string | null;
  consent?: boolean | null;
  consentAt?: TimeValue;
  privacyPolicyVersion?: string | null;
  utm?: Record<string, unknown> | null;
  extras?: Record<string, unknown> | null;
  ip?: string | null;
  userAgent?: string | null;
  page?: string | null;
  receivedAt: TimeValue;
  erasedAt?: TimeValue;
}

export interface TaskHistoryEntry {
  at: TimeValue;
  actor: string | null;
  action: string;
  fromStatus?: string | null;
  toStatus?: string | null;
  fromAssignee?: string | null;
  toAssignee?: string | null;
  note?: string | null;
}

export interface LeadDetailTask {
  id: string;
  status: string;
  assignee: string | null;
  note: string | null;
  dueAt: TimeValue;
  createdAt?: TimeValue;
  updatedAt?: TimeValue;
  updatedBy?: string | null;
  history?: TaskHistoryEntry[] | null;
}

export interface DeliveryLogEntry {
  id: string;
  channel: string;
  kind: string;
  status: string;
  attempts: number;
  lastError: string | null;
  messageId: string | null;
  recipients?: string | null;
  createdAt?: TimeValue;
  updatedAt?: TimeValue;
  sentAt: TimeValue;
}

export interface LeadDetail {
  lead: LeadDetailLead;
  task: LeadDetailTask | null;
  notifications: DeliveryLogEntry[];
}

export interface LeadPageOptions {
  lang: BoardLang;
  me: StaffMe;
  staff: StaffMember[];
  detail: LeadDetail;
  assetVersion?: string;
}

/** Only what a dialler understands: a leading + and digits. */
export function telHref(phone: string): string | null {
  const cleaned = phone.replace(/[^\d+]/g, '').replace(/(?!^)\+/g, '');
  return /\d{3,}/.test(cleaned) ? `tel:${cleaned}` : null;
}

/** mailto: with the address percent-encoded except the @, so it cannot add headers (?cc=…). */
export function mailtoHref(email: string): string {
  return `mailto:${encodeURIComponent(email.trim()).replace(/%40/g, '@')}`;
}

function text(value: unknown, t: BoardText): string {
  return value === null || value === undefined || value === '' ? escapeHtml(t.none) : escapeHtml(value);
}

function row(name: string, valueHtml: string, key: string): string {
  return `<div class="field" data-field="${key}"><dt>${escapeHtml(name)}</dt><dd>${valueHtml}</dd></div>`;
}

function keyValues(obj: Record<string, unknown> | null | undefined, t: BoardText): string {
  const entries = Object.entries(obj ?? {});
  if (entries.length === 0) return escapeHtml(t.none);
  return `<ul class="kv">${entries
    .map(
      ([k, v]) =>
        `<li><span class="k">${escapeHtml(k)}</span> <span class="v">${escapeHtml(typeof v === 'string' ? v : JSON.stringify(v))}</span></li>`,
    )
    .join('')}</ul>`;
}

function leadFields(lead: LeadDetailLead, lang: BoardLang): string {
  const t = BOARD_TEXT[lang];
  const phoneHref = lead.phone ? telHref(lead.phone) : lead.phoneRaw ? telHref(lead.phoneRaw) : null;
  const shownPhone = lead.phone ?? lead.phoneRaw;
  const phone = shownPhone
    ? phoneHref
      ? `<a class="contact-link tel" href="${escapeHtml(phoneHref)}">${escapeHtml(shownPhone)}</a>`
      : escapeHtml(shownPhone)
    : escapeHtml(t.none);
  const email = lead.email
    ? `<a class="contact-link mail" href="${escapeHtml(mailtoHref(lead.email))}">${escapeHtml(lead.email).replace(/@/, '@<wbr>')}</a>`
    : escapeHtml(t.none);
  const rows = [
    row(t.f_name, `<span class="lead-name">${text(lead.name, t)}</span>`, 'name'),
    row(t.f_company, text(lead.company, t), 'company'),
    row(t.f_phone, phone, 'phone'),
  ];
  if (lead.phoneRaw && lead.phoneRaw !== lead.phone) rows.push(row(t.f_phoneRaw, text(lead.phoneRaw, t), 'phoneRaw'));
  rows.push(
    row(t.f_email, email, 'email'),
    row(t.f_requirement, `<div class="requirement">${text(lead.requirement, t)}</div>`, 'requirement'),
    row(t.f_receivedAt, timeTag(lead.receivedAt, lang), 'receivedAt'),
  );
  return `<dl class="fields">${rows.join('\n')}</dl>`;
}

/** Where the lead came from and what was consented to: the rest of the fields. */
function sourceFields(lead: LeadDetailLead, lang: BoardLang): string {
  const t = BOARD_TEXT[lang];
  const consent =
    lead.consent === true ? escapeHtml(t.consentYes) : lead.consent === false ? escapeHtml(t.consentNo) : escapeHtml(t.none);
  const rows = [
    row(t.f_consent, consent, 'consent'),
    row(t.f_consentAt, timeTag(lead.consentAt, lang), 'consentAt'),
    row(t.f_privacyPolicyVersion, text(lead.privacyPolicyVersion, t), 'privacyPolicyVersion'),
    // The page is shown as text, not a link: it is whatever the visitor's browser claimed.
    row(t.f_page, `<span class="break">${text(lead.page, t)}</span>`, 'page'),
    row(t.f_utm, keyValues(lead.utm, t), 'utm'),
    row(t.f_extras, keyValues(lead.extras, t), 'extras'),
    row(t.f_ip, text(lead.ip, t), 'ip'),
    row(t.f_userAgent, `<span class="break small">${text(lead.userAgent, t)}</span>`, 'userAgent'),
    row(t.f_id, `<code>${escapeHtml(lead.id)}</code>`, 'id'),
  ];
  if (toIso(lead.erasedAt)) rows.push(row(t.f_erasedAt, timeTag(lead.erasedAt, lang), 'erasedAt'));
  return `<dl class="fields two-col">${rows.join('\n')}</dl>`;
}

function statusBadge(status: string, t: BoardText): string {
  return `<span class="badge status-${escapeHtml(status)}">${escapeHtml(label(t, 'status_', status))}</span>`;
}

/**
 * The same actions as a board row; board.js wires them (data-action) and
 * reloads the page after each, so the history below shows the change.
 */
function taskActions(task: LeadDetailTask, me: StaffMe, staff: StaffMember[], t: BoardText): string {
  const active = task.status === 'open' || task.status === 'in_progress';
  const buttons: string[] = [];
  if (active && (task.status === 'open' || task.assignee !== me.name)) {
    buttons.push(`<button type="button" class="btn primary" data-action="claim">${escapeHtml(t.claim)}</button>`);
  }
  if (active) buttons.push(`<button type="button" class="btn done" data-action="done">${escapeHtml(t.markDone)}</button>`);
  buttons.push(`<button type="button" class="btn" data-action="note">${escapeHtml(t.addNote)}</button>`);
  if (active) {
    const names = staff.map((s) => s.name);
    if (task.assignee && !names.includes(task.assignee)) names.push(task.assignee);
    const options = [`<option value="">${escapeHtml(t.nobody)}</option>`]
      .concat(
        names.map((n) => `<option value="${escapeHtml(n)}"${n === task.assignee ? ' selected' : ''}>${escapeHtml(n)}</option>`),
      )
      .join('');
    buttons.push(
      `<label class="assign"><span class="assign-label">${escapeHtml(t.assignTo)}</span> ` +
        `<select data-action="assign" data-current="${escapeHtml(task.assignee ?? '')}">${options}</select></label>`,
    );
  }
  if (task.status === 'done' || task.status === 'cancelled') {
    buttons.push(`<button type="button" class="btn" data-action="reopen">${escapeHtml(t.reopen)}</button>`);
  }
  return `<div class="actions">${buttons.join('\n')}</div>`;
}

function taskSection(detail: LeadDetail, opts: LeadPageOptions): string {
  const t = BOARD_TEXT[opts.lang];
  const task = detail.task;
  if (!task) return `<p class="empty">${escapeHtml(t.noTask)}</p>`;
  const active = task.status === 'open' || task.status === 'in_progress';
  const dueIso = toIso(task.dueAt);
  const due =
    active && dueIso
      ? `<span class="countdown" data-due="${dueIso}"></span> <span class="muted">(${timeTag(task.dueAt, opts.lang)})</span>`
      : timeTag(task.dueAt, opts.lang);
  const updated = task.updatedBy
    ? `${timeTag(task.updatedAt, opts.lang)} · ${escapeHtml(task.updatedBy)}`
    : timeTag(task.updatedAt, opts.lang);
  const overdue = active && dueIso !== null && Date.parse(dueIso) < Date.now();
  return `<div class="task-card${overdue ? ' overdue' : ''}" data-task-row data-task-id="${escapeHtml(task.id)}" data-status="${escapeHtml(task.status)}" data-assignee="${escapeHtml(task.assignee ?? '')}">
<dl class="fields compact">
${row(t.t_status, statusBadge(task.status, t), 'status')}
${row(t.t_assignee, text(task.assignee, t), 'assignee')}
${row(t.t_due, due, 'due')}
${row(t.t_note, `<div class="note-text">${text(task.note, t)}</div>`, 'note')}
${row(t.t_updated, updated, 'updated')}
</dl>
${taskActions(task, opts.me, opts.staff, t)}
</div>`;
}

function change(
  status: string | null | undefined,
  assignee: string | null | undefined,
  show: { status: boolean; assignee: boolean },
  t: BoardText,
): string {
  const parts: string[] = [];
  if (show.status && status) parts.push(statusBadge(status, t));
  if (show.assignee) parts.push(`<span class="who">${escapeHtml(assignee || t.nobody)}</span>`);
  return parts.length ? parts.join(' ') : escapeHtml(t.none);
}

/** A cell of a table that becomes "label | value" lines on a phone: the value in one wrapper. */
function cell(labelText: string, html: string, cls = ''): string {
  return `<td data-label="${escapeHtml(labelText)}"${cls ? ` class="${cls}"` : ''}><div class="cv">${html}</div></td>`;
}

function historySection(task: LeadDetailTask | null, lang: BoardLang): string {
  const t = BOARD_TEXT[lang];
  const history = task?.history ?? [];
  if (history.length === 0) return `<p class="empty">${escapeHtml(t.noHistory)}</p>`;
  const rows = history
    .map((h) => {
      const show = {
        status: (h.fromStatus ?? null) !== (h.toStatus ?? null),
        assignee: (h.fromAssignee ?? null) !== (h.toAssignee ?? null),
      };
      return `<tr>
${cell(t.h_at, timeTag(h.at, lang), 'nw')}
${cell(t.h_actor, text(h.actor, t))}
${cell(t.h_action, escapeHtml(label(t, 'action_', h.action)), 'nw')}
${cell(t.h_from, change(h.fromStatus, h.fromAssignee, show, t))}
${cell(t.h_to, change(h.toStatus, h.toAssignee, show, t))}
${cell(t.h_note, text(h.note, t), 'note-text')}
</tr>`;
    })
    .join('\n');
  return `<table class="rtable history">
<thead><tr><th scope="col">${escapeHtml(t.h_at)}</th><th scope="col">${escapeHtml(t.h_actor)}</th><th scope="col">${escapeHtml(t.h_action)}</th><th scope="col">${escapeHtml(t.h_from)}</th><th scope="col">${escapeHtml(t.h_to)}</th><th scope="col">${escapeHtml(t.h_note)}</th></tr></thead>
<tbody>
${rows}
</tbody>
</table>`;
}

function deliverySection(notifications: DeliveryLogEntry[], lang: BoardLang): string {
  const t = BOARD_TEXT[lang];
  if (notifications.length === 0) return `<p class="empty">${escapeHtml(t.noDelivery)}</p>`;
  const rows = notifications
    .map(
      (n) => `<tr class="delivery-${escapeHtml(n.status)}">
${cell(t.d_channel, escapeHtml(label(t, 'channel_', n.channel)), 'nw')}
${cell(t.d_kind, escapeHtml(label(t, 'kind_', n.kind)), 'nw')}
${cell(t.d_status, `<span class="badge n-${escapeHtml(n.status)}">${escapeHtml(label(t, 'n_', n.status))}</span>`, 'nw')}
${cell(t.d_attempts, escapeHtml(n.attempts ?? 0), 'nw')}
${cell(t.d_lastError, text(n.lastError, t), 'break small')}
${cell(t.d_messageId, n.messageId ? `<code>${escapeHtml(n.messageId)}</code>` : escapeHtml(t.none), 'break small')}
${cell(t.d_recipients, text(n.recipients, t), 'small')}
${cell(t.d_createdAt, timeTag(n.createdAt, lang), 'nw')}
${cell(t.d_sentAt, timeTag(n.sentAt, lang), 'nw')}
</tr>`,
    )
    .join('\n');
  return `<table class="rtable delivery">
<thead><tr><th scope="col">${escapeHtml(t.d_channel)}</th><th scope="col">${escapeHtml(t.d_kind)}</th><th scope="col">${escapeHtml(t.d_status)}</th><th scope="col">${escapeHtml(t.d_attempts)}</th><th scope="col">${escapeHtml(t.d_lastError)}</th><th scope="col">${escapeHtml(t.d_messageId)}</th><th scope="col">${escapeHtml(t.d_recipients)}</th><th scope="col">${escapeHtml(t.d_createdAt)}</th><th scope="col">${escapeHtml(t.d_sentAt)}</th></tr></thead>
<tbody>
${rows}
</tbody>
</table>`;
}

/**
 * GET /admin/board/leads/:id: everything about one lead, rendered on the
 * server; board.js adds the countdown, local times and the actions (task
 * changes, resend, erase), reloading the page after each.
 */
export function renderLeadPage(opts: LeadPageOptions): string {
  const t = BOARD_TEXT[opts.lang];
  const { lead, task, notifications } = opts.detail;
  const erased = toIso(lead.erasedAt) !== null;
  const title = erased || !lead.name ? t.leadTitle : `${lead.name}${lead.company ? ` · ${lead.company}` : ''}`;
  const erasedBanner = erased
    ? `<p class="banner erased" role="status">${fill(escapeHtml(t.erasedBanner), { time: timeTag(lead.erasedAt, opts.lang) })}</p>`
    : '';
  const main = `<p class="back"><a href="${escapeHtml(withLang('/admin', opts.lang))}">${escapeHtml(t.back)}</a></p>
<h1 class="lead-title">${escapeHtml(title)}</h1>
${erasedBanner}
<div class="lead-grid">
<section class="card" aria-labelledby="s-lead">
<h2 id="s-lead">${escapeHtml(t.sectionLead)}</h2>
${leadFields(lead, opts.lang)}
</section>
<section class="card" aria-labelledby="s-task">
<h2 id="s-task">${escapeHtml(t.sectionTask)}</h2>
${taskSection(opts.detail, opts)}
</section>
</div>
<section class="card" aria-labelledby="s-source">
<h2 id="s-source">${escapeHtml(t.sectionSource)}</h2>
${sourceFields(lead, opts.lang)}
</section>
<section class="card" aria-labelledby="s-history">
<h2 id="s-history">${escapeHtml(t.sectionHistory)}</h2>
${historySection(task, opts.lang)}
</section>
<section class="card" aria-labelledby="s-delivery">
<div class="section-head">
<h2 id="s-delivery">${escapeHtml(t.sectionDelivery)}</h2>
${erased ? '' : `<button type="button" class="btn" data-action="resend">${escapeHtml(t.resend)}</button>`}
</div>
${deliverySection(notifications, opts.lang)}
</section>
${
  erased
    ? ''
    : `<section class="card danger-zone" aria-labelledby="s-privacy">
<h2 id="s-privacy">${escapeHtml(t.sectionPrivacy)}</h2>
<p class="muted">${escapeHtml(t.eraseHint)}</p>
<button type="button" class="btn danger" data-action="erase">${escapeHtml(t.erase)}</button>
</section>`
}`;
  return shell({
    lang: opts.lang,
    title: `${title} · ${t.boardTitle}`,
    page: 'lead',
    me: opts.me,
    staff: opts.staff,
    path: `/admin/board/leads/${encodeURIComponent(lead.id)}`,
    main,
    data: {
      leadId: lead.id,
      task: task ? { id: task.id, status: task.status, assignee: task.assignee } : null,
    },
    assetVersion: opts.assetVersion,
  });
}

/** The lead page's answer for an unknown id (404). */
export function renderLeadNotFound(opts: { lang: BoardLang; me: StaffMe; id: string; assetVersion?: string }): string {
  const t = BOARD_TEXT[opts.lang];
  return shell({
    lang: opts.lang,
    title: t.notFoundTitle,
    page: 'lead',
    me: opts.me,
    staff: [],
    path: `/admin/board/leads/${encodeURIComponent(opts.id)}`,
    main: `<p class="back"><a href="${escapeHtml(withLang('/admin', opts.lang))}">${escapeHtml(t.back)}</a></p>
<h1>${escapeHtml(t.notFoundTitle)}</h1>
<p>${fill(escapeHtml(t.notFoundText), { id: `<code>${escapeHtml(opts.id)}</code>` })}</p>`,
    data: { leadId: null, task: null },
    assetVersion: opts.assetVersion,
  });
}
