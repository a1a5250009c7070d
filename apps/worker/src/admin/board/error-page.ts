import type { StaffMe } from './board-text';
import { BOARD_PATH, type BoardLang } from './board-links';
import { t, type MessageKey } from '@app/contracts';
import { renderBoardView } from './board-views';

/**
 * The language of an error page: `?lang=` when the link had one (the
 * board's own choice), else the browser's preference between Chinese and
 * English (Accept-Language, highest q first), else Chinese.
 */
export function errorPageLang(query: unknown, acceptLanguage: string | undefined): BoardLang {
  if (query === 'en' || query === 'zh') return query;
  let best: { lang: BoardLang; q: number } | null = null;
  for (const part of (acceptLanguage ?? '').split(',')) {
    const [tag, ...params] = part.trim().toLowerCase().split(';');
    const lang = tag.startsWith('en') ? 'en' : tag.startsWith('zh') ? 'zh' : null;
    if (!lang) continue;
    const qParam = params.find((p) => p.trim().startsWith('q='));
    const q = qParam ? Number(qParam.trim().slice(2)) : 1;
    if (Number.isFinite(q) && q > 0 && (!best || q > best.q)) best = { lang, q };
  }
  return best?.lang ?? 'zh';
}

export interface ErrorPageOptions {
  lang: BoardLang;
  status: number;
  /** The path asked for, shown on a 404 (escaped like any text). */
  path: string;
  me: StaffMe;
  assetVersion?: string;
}

/** A 403, 404 or other refusal as a board page: its title, one sentence and the way back. */
export function renderErrorPage(opts: ErrorPageOptions): string {
  const say = (key: MessageKey) => t(opts.lang, key);
  const [title, message] =
    opts.status === 403
      ? [say('board.err403Title'), say('board.err403Text')]
      : opts.status === 404
        ? [say('board.err404Title'), say('board.err404Text')]
        : [say('board.errTitle'), t(opts.lang, 'board.errText', { status: opts.status })];
  return renderBoardView(
    'error',
    {
      lang: opts.lang,
      title: `${title} · ${say('board.boardTitle')}`,
      page: 'error',
      me: opts.me,
      staff: [],
      path: opts.path,
      assetVersion: opts.assetVersion,
    },
    { status: opts.status, title, message, path: opts.path, back: BOARD_PATH },
  );
}
