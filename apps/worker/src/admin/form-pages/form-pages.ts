import type { FastifyReply } from 'fastify';
import { MESSAGES, t, type Lang, type MessageKey } from '@app/contracts';
import type { SignedInStaff } from '../../data/staff-account';
import { renderShellPage, sendShellPage } from '../shell/page-shell';

export type FormPageName = 'forms' | 'form-edit' | 'teams';

/** The words the form editor's script uses: every `formsAdmin.` key, handed over as page data. */
export function editorWords(lang: Lang): Record<string, string> {
  const words: Record<string, string> = { save: t(lang, 'board.save') };
  for (const key of Object.keys(MESSAGES[lang]) as MessageKey[]) {
    if (key.startsWith('formsAdmin.')) words[key.slice('formsAdmin.'.length)] = t(lang, key);
  }
  return words;
}

/** Where visitors find a form: its hosted page, and the snippet another site pastes to embed it. */
export interface FormLinks {
  hostedPath: string;
  /** The hosted page's full address; null without PUBLIC_FORM_URL. */
  hostedUrl: string | null;
  embed: string;
}

/**
 * The hosted page and embed snippet of a form, on the gateway's public
 * address (PUBLIC_FORM_URL, validated as an http(s) URL without a trailing
 * slash). Without it the worker cannot know that address: the path alone,
 * and GATEWAY standing for it in the snippet. Slugs are `[a-z0-9-]`.
 */
export function formLinks(slug: string, publicFormUrl?: string): FormLinks {
  const hostedPath = `/f/${slug}`;
  const base = publicFormUrl ?? 'https://GATEWAY';
  return {
    hostedPath,
    hostedUrl: publicFormUrl ? `${publicFormUrl}${hostedPath}` : null,
    embed: `<script src="${base}/embed.js" data-form="${slug}"></script>`,
  };
}

type FormPageData = {
  lang: Lang;
  title: MessageKey;
  me: Pick<SignedInStaff, 'login' | 'displayName' | 'role'>;
  path: string;
} & Record<string, unknown>;

/** Renders one of the Forms/Teams pages in the one layout (server-rendered; the editor adds form-editor.js). */
export function renderFormPage(name: FormPageName, data: FormPageData): string {
  const me = { name: data.me.login, displayName: data.me.displayName, role: data.me.role };
  const title = t(data.lang, data.title);
  return renderShellPage(
    `form-pages/views/${name}`,
    { lang: data.lang, title, page: name, me, path: data.path },
    { ...data, title },
  );
}

/** Renders one of the Forms/Teams pages and sends it, never cached. */
export function sendFormPage(reply: FastifyReply, status: number, name: FormPageName, data: FormPageData): void {
  sendShellPage(reply, status, renderFormPage(name, data));
}
