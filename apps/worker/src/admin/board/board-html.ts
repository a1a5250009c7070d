import { escapeHtml } from '@app/contracts';
import { BOARD_TEXT, BoardLang, BoardText, StaffMe, StaffMember } from './board-text';

export { escapeHtml };

/**
 * JSON for a `<script type="application/json">` element: nothing in it can
 * close the element or start a comment, whatever a lead's name contains.
 */
export function scriptJson(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

export type TimeValue = string | Date | null | undefined;

/** ISO 8601 text from a Date (entities) or a string (JSON), or null. */
export function toIso(value: TimeValue): string | null {
  if (value === null || value === undefined || value === '') return null;
  const d = value instanceof Date ? value : new Date(value);
  return Number.isNaN(d.getTime()) ? null : d.toISOString();
}

/** The company works in China time; board.js re-renders every <time> in the browser's own zone. */
const SERVER_ZONE = 'Asia/Shanghai';

export function formatTime(value: TimeValue, lang: BoardLang): string {
  const iso = toIso(value);
  if (!iso) return BOARD_TEXT[lang].none;
  return new Intl.DateTimeFormat(BOARD_TEXT[lang].locale, {
    timeZone: SERVER_ZONE,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hour12: false,
  }).format(new Date(iso));
}

/** A `<time>` element board.js localizes; empty values are a dash. */
export function timeTag(value: TimeValue, lang: BoardLang): string {
  const iso = toIso(value);
  if (!iso) return escapeHtml(BOARD_TEXT[lang].none);
  return `<time datetime="${iso}" data-local>${escapeHtml(formatTime(iso, lang))}</time>`;
}

/** A path with `?lang=en` kept (Chinese is the default and needs no parameter). */
export function withLang(path: string, lang: BoardLang): string {
  return lang === 'en' ? `${path}${path.includes('?') ? '&' : '?'}lang=en` : path;
}

export interface ShellOptions {
  lang: BoardLang;
  title: string;
  /** Which script part runs: the task board or the lead page. */
  page: 'board' | 'lead';
  me: StaffMe;
  staff: StaffMember[];
  /** The page's own language-switch target (without lang). */
  path: string;
  /** HTML inside <main>; every value in it already escaped. */
  main: string;
  /** Extra data for board.js (the lead page's task, for instance). */
  data?: Record<string, unknown>;
  /** Appended to the asset URLs so a new deploy is not served stale files. */
  assetVersion?: string;
}

/**
 * The common page: header with who is signed in and the language switch,
 * one dialog board.js reuses for every question, a status line for
 * messages, and the data board.js needs. Only same-origin assets: the
 * Content-Security-Policy the controller sends allows nothing else.
 */
export function shell(o: ShellOptions): string {
  const t: BoardText = BOARD_TEXT[o.lang];
  const v = o.assetVersion ? `?v=${encodeURIComponent(o.assetVersion)}` : '';
  const data = { lang: o.lang, page: o.page, me: o.me, staff: o.staff, text: t, ...o.data };
  const otherHref = withLang(o.path, t.otherLangCode as BoardLang);
  const adminLinks = o.me.role === 'admin' ? `<a href="/admin/queues">${escapeHtml(t.queues)}</a>` : '';
  return `<!doctype html>
<html lang="${t.htmlLang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>${escapeHtml(o.title)}</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="/admin/assets/board.css${v}">
<script src="/admin/assets/board.js${v}" defer></script>
</head>
<body data-page="${o.page}">
<header class="top">
<div class="top-inner">
<a class="brand" href="${escapeHtml(withLang('/admin', o.lang))}">${escapeHtml(t.boardTitle)}</a>
<nav class="top-links">
${adminLinks}<a href="/admin/leads.csv">${escapeHtml(t.exportCsv)}</a>
<a class="lang-switch" href="${escapeHtml(otherHref)}" hreflang="${t.otherLangCode}" lang="${t.otherLangCode === 'en' ? 'en' : 'zh-CN'}">${escapeHtml(t.otherLang)}</a>
</nav>
<p class="me">${escapeHtml(t.signedInAs)} <strong class="me-name">${escapeHtml(o.me.name)}</strong> <span class="role">${escapeHtml(o.me.role === 'admin' ? t.role_admin : t.role_staff)}</span></p>
</div>
</header>
<main id="main">
${o.main}
</main>
<div class="toast" id="toast" role="status" aria-live="polite"></div>
<dialog id="dlg" aria-labelledby="dlg-title">
<form method="dialog" id="dlg-form" novalidate>
<h2 id="dlg-title"></h2>
<p id="dlg-text"></p>
<div id="dlg-field">
<label for="dlg-input" id="dlg-label"></label>
<textarea id="dlg-input" rows="4" maxlength="2000" aria-describedby="dlg-error"></textarea>
<p class="dlg-error" id="dlg-error" role="alert"></p>
</div>
<div class="dlg-actions">
<button type="submit" value="cancel" class="btn" id="dlg-cancel">${escapeHtml(t.cancel)}</button>
<button type="submit" value="ok" class="btn primary" id="dlg-ok">${escapeHtml(t.confirm)}</button>
</div>
</form>
</dialog>
<script type="application/json" id="board-data">${scriptJson(data)}</script>
</body>
</html>`;
}
