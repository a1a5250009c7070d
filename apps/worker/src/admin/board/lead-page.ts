import { t } from '@app/contracts';
import { displayPhone } from '@app/contracts/phone-display';
import { BOARD_PATH, emailBreak, leadPagePath, mailtoHref, telHref, type BoardLang } from './board-links';
import { accountRoleOf, displayNameOf, type StaffMe, type StaffMember } from './board-text';
import type { TimeValue } from './board-time';
import { toIso } from './board-time';
import { boardText, renderBoardView } from './board-views';
import { historyActor, historyNote } from './history-words';
import { CONTACT_RESULTS } from '../../data/contact-attempt';
import { firstTouchView, lateAtOf } from './first-touch';
import { answerText, labelIn, type AnswerRow } from '../../notify/lead-answers';
import { mayActOnTask, mayUse } from './role-rules';
import { actionSlots, assigneeChoices, isActive, taskActions, type TaskAction } from './task-actions';

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
  /** The first touch (GET /admin/leads/:id): null until someone acted on the lead. */
  firstTouchAt?: TimeValue;
  responseSeconds?: number | null;
  /** When the first touch is due (CLAIM_WITHIN_MINUTES after arrival); null once touched or with no target. */
  touchDueAt?: TimeValue;
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
  /** The owner's display name (the API's `assigneeName`); the login when absent. */
  assigneeName?: string | null;
  note: string | null;
  dueAt: TimeValue;
  createdAt?: TimeValue;
  updatedAt?: TimeValue;
  updatedBy?: string | null;
  /** A done task's outcome (won, qualified, …). */
  outcome?: string | null;
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

/** An earlier lead of the same contact (GET /admin/leads/:id's `customer.earlier`). */
export interface EarlierLead {
  id: string;
  receivedAt: TimeValue;
  name: string | null;
  company: string | null;
  taskStatus: string | null;
  owner: string | null;
  ownerName: string | null;
  doneAt?: TimeValue;
  note: string | null;
}

export interface LeadDetail {
  lead: LeadDetailLead;
  /** The form it came through and its answers (GET /admin/leads/:id's `form` and `fields`). */
  form?: { slug: string; name: string | null; version?: number | null } | null;
  fields?: AnswerRow[];
  task: LeadDetailTask | null;
  notifications: DeliveryLogEntry[];
  /** 老客户: the same phone or email came before. */
  customer?: { returning: boolean; earlier: EarlierLead[] };
}

export interface LeadPageOptions {
  lang: BoardLang;
  me: StaffMe;
  staff: StaffMember[];
  detail: LeadDetail;
  assetVersion?: string;
}

const ms = (value: TimeValue): number | null => {
  const iso = toIso(value);
  return iso === null ? null : Date.parse(iso);
};

/** The first touch in words, with the facts the browser script keeps ticking from. */
function firstTouchOf(lead: LeadDetailLead, task: LeadDetailTask | null, lang: BoardLang) {
  const facts = {
    receivedAt: ms(lead.receivedAt),
    touchedAt: ms(lead.firstTouchAt),
    responseSeconds: lead.responseSeconds ?? null,
    lateAt: task ? lateAtOf({ status: task.status, touchDueAt: ms(lead.touchDueAt), dueAt: ms(task.dueAt) }) : null,
  };
  const view = firstTouchView(facts, Date.now(), boardText(lang));
  return view && { ...view, facts };
}

/** How the lead page shows the task: its fields and which controls it offers. */
interface TaskView extends LeadDetailTask {
  active: boolean;
  dueIso: string | null;
  /** The countdown runs only while nobody has acted on the lead (open). */
  counting: boolean;
  overdue: boolean;
  /** The controls in their fixed places (ACTION_SLOTS), null where an empty place keeps its space. */
  slots: (TaskAction | null)[];
  /** Who the task can go to: login and what the picker shows. */
  choices: { login: string; name: string }[];
  ownerName: string | null;
}

function taskView(task: LeadDetailTask, opts: LeadPageOptions): TaskView {
  const active = isActive(task.status);
  const dueIso = toIso(task.dueAt);
  const counting = task.status === 'open' && dueIso !== null;
  return {
    ...task,
    active,
    dueIso,
    counting,
    overdue: counting && Date.parse(dueIso!) < Date.now(),
    slots: actionSlots(taskActions(task, opts.me.name, accountRoleOf(opts.me))),
    choices: assigneeChoices(
      opts.staff.map((s) => s.name),
      task.assignee,
    ).map((login) => ({ login, name: displayNameOf(opts.staff, login) ?? login })),
    ownerName: task.assigneeName || displayNameOf(opts.staff, task.assignee),
  };
}

/**
 * A history entry shows a status or assignee change only where one
 * happened; the system's actor and notes in words, people by display name.
 */
function historyView(h: TaskHistoryEntry, opts: LeadPageOptions) {
  const text = boardText(opts.lang);
  const nameOf = (login: string) => displayNameOf(opts.staff, login) ?? login;
  return {
    ...h,
    actorText: historyActor(h.actor, text, nameOf),
    noteText: historyNote(h.note, text, nameOf),
    showStatus: (h.fromStatus ?? null) !== (h.toStatus ?? null),
    showAssignee: (h.fromAssignee ?? null) !== (h.toAssignee ?? null),
  };
}

/**
 * GET /admin/board/leads/:id: everything about one lead, rendered on the
 * server; the browser script adds the countdown, local times and the actions
 * (task changes, resend, erase), reloading the page after each.
 */
export function renderLeadPage(opts: LeadPageOptions): string {
  const { lead, task, notifications } = opts.detail;
  const erased = toIso(lead.erasedAt) !== null;
  const title =
    erased || !lead.name ? t(opts.lang, 'board.leadTitle') : `${lead.name}${lead.company ? ` · ${lead.company}` : ''}`;
  const shownPhone = lead.phone ? displayPhone(lead.phone) : (lead.phoneRaw ?? null);
  const phoneHref = lead.phone ? telHref(lead.phone) : lead.phoneRaw ? telHref(lead.phoneRaw) : null;
  const role = accountRoleOf(opts.me);
  return renderBoardView(
    'lead',
    {
      lang: opts.lang,
      title: `${title} · ${t(opts.lang, 'board.boardTitle')}`,
      page: 'lead',
      me: opts.me,
      staff: opts.staff,
      path: leadPagePath(lead.id),
      data: { leadId: lead.id, task: task ? { id: task.id, status: task.status, assignee: task.assignee } : null },
      assetVersion: opts.assetVersion,
    },
    {
      back: BOARD_PATH,
      title,
      erased,
      lead,
      phone: shownPhone ? { text: shownPhone, href: phoneHref } : null,
      email: lead.email ? { href: mailtoHref(lead.email), parts: emailBreak(lead.email) ?? [lead.email, ''] } : null,
      task: task ? taskView(task, opts) : null,
      history: (task?.history ?? []).map((h) => historyView(h, opts)),
      notifications,
      returning: opts.detail.customer?.returning === true,
      // Only what the API would allow this role: no erase button that fails after the PIPL dialog.
      canErase: !erased && mayUse(role, 'erase'),
      canResend: !erased && mayUse(role, 'resend'),
      // 已接通 / 未接通 / …: for whoever may act on the task (sales: their own or an unassigned one).
      canLogContact: !erased && task !== null && mayActOnTask(role, opts.me.name, task.assignee),
      // In the order of the buttons (POST /admin/leads/:id/contacts).
      contactResults: CONTACT_RESULTS,
      firstTouch: erased ? null : firstTouchOf(lead, task, opts.lang),
      earlier: opts.detail.customer?.earlier ?? [],
      ...formView(opts.detail, opts.lang),
    },
  );
}

/** The form's name and its answers in the form's order, as a person reads them (option labels, yes/no). */
function formView(detail: LeadDetail, lang: BoardLang) {
  const form = detail.form;
  return {
    formName: form ? form.name || form.slug : null,
    answers: (detail.fields ?? []).map((f) => ({ key: f.key, label: labelIn(f.label, lang, f.key), text: answerText(f, lang) })),
  };
}

/** The lead page's answer for an unknown id (404). */
export function renderLeadNotFound(opts: { lang: BoardLang; me: StaffMe; id: string; assetVersion?: string }): string {
  return renderBoardView(
    'lead-not-found',
    {
      lang: opts.lang,
      title: t(opts.lang, 'board.notFoundTitle'),
      page: 'lead',
      me: opts.me,
      staff: [],
      path: leadPagePath(opts.id),
      data: { leadId: null, task: null },
      assetVersion: opts.assetVersion,
    },
    { back: BOARD_PATH, id: opts.id },
  );
}
