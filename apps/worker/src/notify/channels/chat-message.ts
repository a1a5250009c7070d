import { beijingMinutes, leadActionUrl, maskEmail, maskPhone, t, type MessageKey } from '@app/contracts';
import type { AlertLead, AlertTask, BuildContext, ChatNotice, StaffName } from './chat-channel';
import { answerText, formTitle, labelIn } from '../lead-answers';
import { neutralize, truncateBytes, truncateChars } from './markdown-text';

/** How one platform writes our own markup. Visitor text never reaches these unneutralized. */
export interface Dialect {
  /** Between lines: DingTalk's markdown needs an empty line, the others a newline. */
  br: string;
  bold(label: string): string;
  link(text: string, url: string): string;
  /** How the platform counts its limit for this text (UTF-8 bytes, or bytes inside JSON). */
  measure(s: string): number;
}

export interface ComposedMessage {
  /** Plain text with the keyword (robots' keyword security), for titles and previews. */
  title: string;
  /** The markdown (or plain text) within the budget given. */
  text: string;
  /** The main action: the lead's page, or the board for a digest or a test. */
  action: { text: string; url: string };
  /** Mobiles to mention, validated, country code removed. */
  mentions: string[];
}

export const REQUIREMENT_CHARS = 200;
/** The robots' groups read Chinese: every message is in the zh words of the catalog (chat.messages.ts). */
const say = (key: MessageKey, params?: Record<string, string | number>): string => t('zh', key, params);

/** One custom answer in a message: enough to act on, the rest is on the lead's page. */
export const ANSWER_CHARS = 100;
export const CLAIM_ACTION = say('chat.action.claim');

const BEIJING = beijingMinutes('zh-CN');
export const beijingTime = (d: Date): string => say('chat.time.beijing', { time: BEIJING.format(d) });

/** Our own URLs go inside `(...)`: a parenthesis in PUBLIC_ADMIN_URL must not end the link. */
export const safeUrl = (url: string): string => url.replace(/[()<>\s]/g, (c) => encodeURIComponent(c));
// Group messages carry no personal token (a group sees them): their button opens the lead's action page behind the login.
const leadLink = (ctx: BuildContext, id: string) => leadActionUrl(ctx.adminUrl, id);
const boardLink = (ctx: BuildContext) => `${ctx.adminUrl}/admin`;

/** Only well-formed numbers from our own data; mainland numbers lose +86 as the platforms expect. */
export function validMentions(mobiles: string[]): string[] {
  const out = mobiles
    .map((m) => m.replace(/[\s-]/g, ''))
    .filter((m) => /^\+?\d{6,15}$/.test(m))
    .map((m) => m.replace(/^\+86(?=1\d{10}$)/, ''));
  return [...new Set(out)];
}

export const UNASSIGNED = say('chat.owner.unassigned');

/** "display name (login)", or the login alone when the name adds nothing; each part neutralized, the parentheses ours. */
function personText(person: StaffName): string {
  const login = neutralize(person.login);
  const name = person.name?.trim();
  return name && name !== person.login ? `${neutralize(name)} (${login})` : login;
}

const ownerText = (task: AlertTask): string => personText({ login: task.assignee ?? '', name: task.assigneeName ?? null });

type LeadNotice = Extract<ChatNotice, { lead: AlertLead }>;

const HEADINGS: Record<LeadNotice['kind'], MessageKey> = {
  'new-lead': 'chat.heading.newLead',
  reminder: 'chat.heading.reminder',
  escalation: 'chat.heading.escalation',
  'task-updated': 'chat.heading.update',
  rerouted: 'chat.heading.rerouted',
  'reroute-limit': 'chat.heading.rerouteLimit',
};

/** Why a re-route message was sent, in the words of the task's history and the managers' email. */
function reasonLines(notice: LeadNotice): string[] {
  if (notice.kind === 'rerouted') {
    const who = notice.from ? personText(notice.from) : '-';
    return [say('reroute.history', { who, minutes: notice.minutes })];
  }
  if (notice.kind === 'reroute-limit') {
    const owner = notice.task.assignee ? ownerText(notice.task) : UNASSIGNED;
    return [say('reroute.limit.heading', { count: notice.count, owner })];
  }
  return [];
}

export function withKeyword(title: string, keyword: string): string {
  return title.includes(keyword) ? title : say('chat.keyword', { keyword, title });
}

function contact(lead: AlertLead, show: boolean): string {
  if (lead.phone) return show ? lead.phone : (maskPhone(lead.phone) ?? '');
  if (lead.email) return show ? lead.email : (maskEmail(lead.email) ?? '');
  return '-';
}

function who(lead: AlertLead): string {
  return neutralize(lead.name) + (lead.company ? ` · ${neutralize(lead.company)}` : '');
}

/** "**Name**: value": the label in the platform's bold, the value as given (neutralized by the caller). */
const fieldLine =
  (d: Dialect) =>
  (label: MessageKey, value: string): string =>
    say('chat.field', { label: d.bold(say(label)), value });

/**
 * The form's name and its custom answers, in the form's order. Labels come
 * from an admin and values from the visitor: both neutralized, so neither
 * can become a link, a mention or markup; only the bold is ours.
 */
export function answerLines(lead: AlertLead, d: Dialect): string[] {
  const answers = lead.answers;
  if (!answers) return [];
  const line = (label: string, value: string) =>
    say('chat.field', { label: d.bold(neutralize(label)), value: neutralize(value) });
  return [
    line(say('chat.field.form'), formTitle(answers)),
    ...answers.fields.map((f) => line(labelIn(f.label, 'zh', f.key), truncateChars(answerText(f, 'zh'), ANSWER_CHARS))),
  ];
}

function leadLines(lead: AlertLead, d: Dialect, ctx: BuildContext, requirement: string): string[] {
  const field = fieldLine(d);
  return [
    field('form.label.name', neutralize(lead.name)),
    ...(lead.company ? [field('form.label.company', neutralize(lead.company))] : []),
    field(lead.phone ? 'form.label.phone' : 'form.label.email', neutralize(contact(lead, ctx.showContact))),
    field('lead.field.requirement', requirement),
    ...answerLines(lead, d),
    field('lead.field.received', beijingTime(lead.receivedAt)),
  ];
}

/**
 * The message for a notice, fitted to `budget` (in the dialect's measure):
 * a lead's requirement is shortened first; a digest lists the leads that fit
 * and counts the rest in a closing "and N more" line.
 */
export function composeMessage(notice: ChatNotice, ctx: BuildContext, d: Dialect, budget: number): ComposedMessage {
  const join = (lines: string[]) => lines.join(d.br);
  if (notice.kind === 'test') {
    const title = withKeyword(say('chat.test.heading'), ctx.keyword);
    return {
      title,
      text: join([d.bold(title), say('chat.test.body', { time: beijingTime(ctx.now) })]),
      action: { text: say('chat.action.board'), url: boardLink(ctx) },
      mentions: [],
    };
  }
  if (notice.kind === 'digest') return composeDigest(notice.leads, notice.more, ctx, d, budget);
  if (notice.kind === 'weekly-review') return composeWeeklyReview(notice, ctx, d, budget);
  if (notice.kind === 'dead-letter') {
    const title = withKeyword(t('zh', 'deadLetter.chat.heading'), ctx.keyword);
    const url = `${ctx.adminUrl}/admin/board/dead-letters`;
    const action = t('zh', 'board.deadLettersLink');
    return {
      title,
      text: truncateBytes(
        join([
          d.bold(title),
          t('zh', 'deadLetter.chat.body'),
          fieldLine(d)('lead.field.received', beijingTime(notice.receivedAt)),
          d.link(action, safeUrl(url)),
        ]),
        budget,
        d.measure,
      ),
      action: { text: action, url },
      mentions: [],
    };
  }

  const { lead } = notice;
  const task = notice.task;
  const mentions = 'mentionMobiles' in notice ? validMentions(notice.mentionMobiles) : [];
  const heading = say(HEADINGS[notice.kind]);
  const title = withKeyword(`${heading} · ${who(lead)}`, ctx.keyword);
  const head = [d.bold(withKeyword(heading, ctx.keyword)), ...reasonLines(notice)];
  const tail = [
    ...(task ? [fieldLine(d)('board.col_due', beijingTime(task.dueAt))] : []),
    // The owner by display name (our own data, neutralized all the same); nobody: a manager has to assign it.
    ...(task ? [fieldLine(d)('reports.owner', task.assignee ? ownerText(task) : UNASSIGNED)] : []),
    ...(mentions.length > 0 ? [mentions.map((m) => `@${m}`).join(' ')] : []),
    d.link(CLAIM_ACTION, safeUrl(leadLink(ctx, lead.id))),
  ];
  const full = neutralize(truncateChars(lead.requirement, REQUIREMENT_CHARS));
  const render = (req: string) => join([...head, ...leadLines(lead, d, ctx, req), ...tail]);
  let text = render(full);
  const excess = d.measure(text) - budget;
  if (excess > 0) text = render(truncateBytes(full, Math.max(0, d.measure(full) - excess), d.measure));
  if (d.measure(text) > budget) text = truncateBytes(text, budget, d.measure);
  return { title, text, action: { text: CLAIM_ACTION, url: leadLink(ctx, lead.id) }, mentions };
}

/** The team's week in one short message: the heading, one line per number, the reports link. */
function composeWeeklyReview(
  notice: Extract<ChatNotice, { kind: 'weekly-review' }>,
  ctx: BuildContext,
  d: Dialect,
  budget: number,
): ComposedMessage {
  const title = withKeyword(neutralize(notice.heading), ctx.keyword);
  const url = `${ctx.adminUrl}/admin/reports`;
  const action = t('zh', 'weekly.open');
  const lines = [
    d.bold(title),
    ...notice.rows.map(([label, value]) => `${d.bold(neutralize(label))}：${neutralize(value)}`),
    d.link(action, safeUrl(url)),
  ];
  return { title, text: truncateBytes(lines.join(d.br), budget, d.measure), action: { text: action, url }, mentions: [] };
}

function composeDigest(leads: AlertLead[], more: number, ctx: BuildContext, d: Dialect, budget: number): ComposedMessage {
  const total = leads.length + more;
  const heading = withKeyword(say('chat.digest.heading', { count: total }), ctx.keyword);
  const head = [d.bold(heading), say('chat.digest.intro', { count: total })];
  const board = boardLink(ctx);
  const tailFor = (rest: number) =>
    rest > 0
      ? [say('chat.digest.more', { count: rest, link: d.link(say('chat.action.all'), safeUrl(board)) })]
      : [d.link(say('chat.action.board'), safeUrl(board))];
  const items = leads.map(
    (lead, i) =>
      `${i + 1}. ${d.bold(who(lead))} · ${neutralize(contact(lead, ctx.showContact))} · ${d.link(CLAIM_ACTION, safeUrl(leadLink(ctx, lead.id)))}`,
  );
  // The tail's size is reserved for the longest count it could show.
  const reserve = d.measure(d.br + tailFor(total)[0]);
  let used = d.measure([...head].join(d.br)) + reserve;
  let shown = 0;
  while (shown < items.length && used + d.measure(d.br + items[shown]) <= budget) used += d.measure(d.br + items[shown++]);
  const text = truncateBytes([...head, ...items.slice(0, shown), ...tailFor(total - shown)].join(d.br), budget, d.measure);
  return { title: heading, text, action: { text: say('chat.action.board'), url: board }, mentions: [] };
}
