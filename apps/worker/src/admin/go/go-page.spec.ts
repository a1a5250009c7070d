import type { Lang } from '@app/contracts';
import { aLead } from '../../../../../test/unit-fakes/lead.fixture';
import type { FollowUpTask } from '../../data/follow-up-task';
import { renderGoPage } from './go-page';
import type { GoView } from './lead-action.service';

const LEAD_ID = '6df43f36-c1a1-470d-91e1-680af2a88e35';
const NAUGHTY = [
  '<script>alert(1)</script>',
  '"><img src=x onerror=alert(1)>',
  "'",
  '&',
  'javascript:alert(1)',
  '{name} <%= it %>',
];
const harmless = (value: string) => value.replace(/[<>&"']/g, 'x');
const tags = (html: string) => html.match(/<\/?[a-zA-Z!][\w-]*/g) ?? [];

function view(v: string, over: Partial<GoView> = {}): GoView {
  const lead = aLead({ id: LEAD_ID, name: v, company: v, requirement: v, email: `${v}@example.com`, phone: '+8613962001234' });
  const task = { id: 't', leadId: LEAD_ID, status: 'open', assignee: v } as FollowUpTask;
  return {
    lead,
    task,
    ownerName: v,
    colleagues: [{ login: v, name: v }],
    base: `/admin/go/tok`,
    login: v,
    name: v,
    form: 'form-token',
    personal: true,
    ...over,
  };
}

const signedIn = (v: string) => view(v, { base: `/admin/leads/${LEAD_ID}/act`, form: null, personal: false });
const shell = (v: string) => ({ me: { name: v, displayName: v, role: 'sales' as const }, path: `/admin/leads/${LEAD_ID}/act` });
const NOTES = { done: null, error: null };

describe('the phone action page', () => {
  it('posts to the personal link with its form token, and says whose link it is', () => {
    const html = renderGoPage('zh', view('李雷'), NOTES);
    expect(html).toContain('action="/admin/go/tok/claim"');
    expect(html).toContain('action="/admin/go/tok/contact"');
    expect(html).toContain('name="form" value="form-token"');
    expect(html).toContain('李雷 的专属链接');
  });

  it('behind the login posts to the lead’s own action page, without a token, and says who is signed in', () => {
    const html = renderGoPage('zh', signedIn('李雷'), NOTES, shell('li'));
    for (const action of ['claim', 'contact', 'hand']) expect(html).toContain(`action="/admin/leads/${LEAD_ID}/act/${action}"`);
    expect(html).not.toContain('name="form"');
    expect(html).toContain('当前用户 李雷');
    expect(html).not.toContain('专属链接');
    expect(html).toContain('href="tel:+8613962001234"');
  });

  describe.each(NAUGHTY)('with %j in every field', (v) => {
    it.each(['zh', 'en'] as Lang[])('keeps it text in %s, on both pages', (lang) => {
      const notes = { done: v, error: v };
      for (const render of [
        (x: string) => renderGoPage(lang, view(x), notes),
        (x: string) => renderGoPage(lang, signedIn(x), notes, shell(x)),
      ]) {
        const html = render(v);
        expect(tags(html)).toEqual(tags(render(harmless(v))));
        if (/[<>&"']/.test(v) && v.length > 1) expect(html).not.toContain(v);
        expect(html).not.toMatch(/(href|src|action)="\s*javascript:/i);
      }
    });
  });
});
