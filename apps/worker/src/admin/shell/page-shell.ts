import type { FastifyReply } from 'fastify';
import { join } from 'node:path';
import { t, type Lang, type MessageKey } from '@app/contracts';
import { Views } from '@app/views';
import { defaultBoardAssets } from '../board/board-assets';
import { BOARD_PATH, withLang } from '../board/board-links';
import { mayUse, type BoardRole, type PageAction } from '../board/role-rules';

/**
 * One views folder for every staff page: the admin folder itself, so each
 * area keeps its templates beside its code (board/views, staff/views,
 * go/views) and all of them share shell/views/layout.eta and its nav.
 */
const views = new Views(join(__dirname, '..'));

/** Where the layout's stylesheet and scripts are served (board-static.setup.ts). */
export const ASSETS_PATH = '/admin/assets/';

/** Who is signed in, as the header shows them. */
export interface ShellMe {
  /** The login. */
  name: string;
  displayName?: string;
  role: BoardRole;
}

/** What the layout needs besides the page's own model. */
export interface PageShell {
  lang: Lang;
  /** The window title, as text. */
  title: string;
  /** body[data-page]: which part of the browser script runs, and the page's name for its styles. */
  page: string;
  /** The signed-in account; null on the login and personal-link pages. */
  me: ShellMe | null;
  /** The page's own path (without lang), for the language switch. */
  path: string;
  /** False for the personal link's phone page: no header, a narrow column. */
  nav?: boolean;
  /** The board script and its JSON data island (board, lead, error and reports pages); server-only pages have none. */
  data?: Record<string, unknown>;
  /** Appended to the asset URLs so a new deploy is not served stale files; the built files' hash when not given. */
  assetVersion?: string;
  /** Asks search engines to keep away (the personal link's pages). */
  noindex?: boolean;
}

/**
 * JSON for a `<script type="application/json">` element: nothing in it can
 * close the element or start a comment, whatever a lead's name contains.
 * The one value the layout writes raw (`<%~ %>`): JSON inside a script
 * element is not HTML, so entity-escaping would corrupt it.
 */
export function scriptJson(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

/** The built assets' version, or none without a build (a unit test): the page still renders. */
export function builtAssetVersion(): string | undefined {
  try {
    return defaultBoardAssets().version;
  } catch {
    return undefined;
  }
}

/** The one `t()` of a page: the catalog's words in the page's language. */
export type PageT = (key: MessageKey, params?: Record<string, string | number>) => string;

export function pageT(lang: Lang): PageT {
  return (key, params) => t(lang, key, params);
}

/**
 * Renders `template` (a path under admin/, e.g. `staff/views/staff`) with
 * `model`, `t` and the shell inside the one layout. The template starts
 * with `layout('/shell/views/layout')`.
 */
export function renderShellPage<T extends object>(template: string, shell: PageShell, model: T): string {
  const role = shell.me?.role ?? null;
  const otherLang: Lang = shell.lang === 'en' ? 'zh' : 'en';
  const version = shell.assetVersion ?? builtAssetVersion();
  const tt = pageT(shell.lang);
  return views.render(template, {
    t: tt,
    ...model,
    shell: {
      ...shell,
      t: tt,
      nav: shell.nav !== false,
      variant: shell.nav === false ? 'slim' : shell.data ? 'app' : 'plain',
      role,
      /** Whether the signed-in role may use a page action (role-rules.ts): the nav shows only those. */
      may: (action: PageAction) => role !== null && mayUse(role, action),
      withLang: (path: string) => withLang(path, shell.lang),
      home: withLang(BOARD_PATH, shell.lang),
      otherLang,
      otherHref: withLang(shell.path, otherLang),
      assets: ASSETS_PATH,
      assetQuery: version ? `?v=${encodeURIComponent(version)}` : '',
      script: shell.data !== undefined,
      dataJson: shell.data === undefined ? '' : scriptJson(shell.data),
    },
  });
}

/**
 * Sends a rendered staff page: never cached. Its security headers, the
 * Content-Security-Policy included, are helmet's (board/security-headers.ts),
 * the same for every page of the admin port.
 */
export function sendShellPage(reply: FastifyReply, status: number, html: string): void {
  reply.code(status).header('Content-Type', 'text/html; charset=utf-8').header('Cache-Control', 'no-store').send(html);
}
