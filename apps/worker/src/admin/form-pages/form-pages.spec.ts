import type { Lang } from '@app/contracts';
import { editorWords, formLinks, renderFormPage } from './form-pages';
import { scriptJson } from '../shell/page-shell';

/**
 * The Forms and Teams pages with hostile text in every name an admin or a
 * visitor can type: the markup is the markup of harmless text, the editor's
 * data island cannot be closed early, and the nav shows the pages by role.
 */
const NAUGHTY = [
  '<script>alert(1)</script>',
  '"><img src=x onerror=alert(1)>',
  "'",
  '&',
  '</script><svg onload=alert(1)>',
  '{name} <%= it %>',
];
const LANGS: Lang[] = ['zh', 'en'];
const harmless = (v: string) => v.replace(/[<>&"']/g, 'x');
const tags = (html: string) => html.match(/<\/?[a-zA-Z!][\w-]*/g) ?? [];
const admin = { login: 'wang', displayName: '王经理', role: 'admin' as const };
const manager = { login: 'zhou', displayName: '周经理', role: 'manager' as const };

function list(v: string, lang: Lang, me = admin) {
  const form = { slug: 'quote', name: v, status: 'paused', language: 'en', team: v, leads7d: 3 };
  return renderFormPage('forms', {
    lang,
    title: 'formsAdmin.title',
    me,
    path: '/admin/board/forms',
    items: [form],
    canEdit: me.role === 'admin',
    langQuery: '',
  });
}

function teams(v: string, lang: Lang, me = admin) {
  return renderFormPage('teams', {
    lang,
    title: 'formsAdmin.teamsTitle',
    me,
    path: '/admin/board/teams',
    teams: [{ name: v, members: ['li'], memberNames: [v] }],
    people: [{ login: 'li', displayName: v }],
    canEdit: me.role === 'admin',
    langQuery: '',
    notice: v,
    error: v,
  });
}

function editor(v: string, lang: Lang, publicFormUrl?: string) {
  return renderFormPage('form-edit', {
    lang,
    title: 'formsAdmin.title',
    me: admin,
    path: '/admin/board/forms/quote',
    slug: 'quote',
    formName: v,
    links: formLinks('quote', publicFormUrl),
    canEdit: true,
    langQuery: '',
    editorJson: scriptJson({ form: { name: v }, teams: [v], words: editorWords(lang) }),
  });
}

describe('the Forms and Teams pages', () => {
  for (const lang of LANGS) {
    it.each(NAUGHTY)(`(${lang}) keep %j as text`, (v) => {
      const withUrl = (x: string, l: Lang) => editor(x, l, 'https://forms.example.com');
      for (const render of [list, teams, editor, withUrl]) {
        const html = render(v, lang);
        expect(tags(html)).toEqual(tags(render(harmless(v), lang)));
        if (v.length > 1 && /[<>&"']/.test(v)) expect(html).not.toContain(v);
      }
    });
  }

  it('shows the list with the form, its state and its count, and a new-form link for admins only', () => {
    const html = list('Request a quote', 'en');
    expect(html).toMatch(/<td class="status">Paused<\/td>/);
    expect(html).toMatch(/<td class="leads7d">3<\/td>/);
    expect(html).toContain('id="new-form"');
    expect(list('Request a quote', 'en', manager)).not.toContain('id="new-form"');
  });

  it('loads the editor script on the editor page only, with the embed snippet and the hosted path', () => {
    const html = editor('Request a quote', 'zh');
    expect(html).toMatch(/<script src="\/admin\/assets\/form-editor\.js[^"]*" defer><\/script>/);
    expect(html).toContain('data-form=&quot;quote&quot;');
    expect(html).toContain('<code id="hosted-path">/f/quote</code>');
    expect(html).toContain('https://GATEWAY/embed.js');
    // Without PUBLIC_FORM_URL, the hint names the variable that would show the real address.
    expect(html).toMatch(/<p class="muted" id="gateway-hint">[^<]*PUBLIC_FORM_URL/);
    expect(html).toContain('<iframe id="preview-frame" title="预览" sandbox="allow-same-origin"></iframe>');
    expect(list('x', 'zh')).not.toContain('form-editor.js');
  });

  it('with PUBLIC_FORM_URL shows the full hosted link and a snippet with the real address, each with a copy button', () => {
    const html = editor('Request a quote', 'en', 'https://forms.example.com');
    expect(html).toContain('<input type="text" id="hosted-url" readonly value="https://forms.example.com/f/quote">');
    expect(html).toContain('data-copy="hosted-url"');
    expect(html).toContain('href="https://forms.example.com/f/quote" target="_blank" rel="noopener"');
    expect(html).toContain('&lt;script src=&quot;https://forms.example.com/embed.js&quot; data-form=&quot;quote&quot;&gt;');
    expect(html).toContain('data-copy="embed-snippet"');
    // (The editor's words, in its data island, still hold the hint.)
    expect(html.slice(0, html.indexOf('id="form-editor-data"'))).not.toContain('GATEWAY');
    expect(html).not.toContain('id="gateway-hint"');
  });

  it('makes links from a slug and the public address, or the path and GATEWAY without one', () => {
    expect(formLinks('quote', 'https://forms.example.com/intake')).toEqual({
      hostedPath: '/f/quote',
      hostedUrl: 'https://forms.example.com/intake/f/quote',
      embed: '<script src="https://forms.example.com/intake/embed.js" data-form="quote"></script>',
    });
    expect(formLinks('quote')).toEqual({
      hostedPath: '/f/quote',
      hostedUrl: null,
      embed: '<script src="https://GATEWAY/embed.js" data-form="quote"></script>',
    });
  });

  it('links the Forms and Teams pages from the nav for admins and managers', () => {
    for (const me of [admin, manager]) {
      const html = teams('华东', 'zh', me);
      expect(html).toContain('id="nav-forms"');
      expect(html).toContain('id="nav-teams"');
    }
    expect(teams('华东', 'zh', manager)).not.toContain('id="add-team"');
  });

  it('hands the editor every formsAdmin word and the save button’s', () => {
    const words = editorWords('en');
    expect(words.addField).toBe('Add a question');
    expect(words.save).toBe('Save');
    expect(Object.keys(words).some((k) => k.startsWith('formsAdmin.'))).toBe(false);
  });
});
