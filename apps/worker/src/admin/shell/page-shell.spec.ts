import { renderBoardPage } from '../board/board-page';
import { renderErrorPage } from '../board/error-page';
import { renderStaffPage } from '../staff/staff-pages';
import { renderShellPage } from './page-shell';

const admin = { name: 'wang', role: 'admin' as const, accountRole: 'admin' as const, displayName: '王经理' };
const adminAccount = { login: 'wang', displayName: '王经理', role: 'admin' as const };
const sales = { name: 'li', role: 'staff' as const, accountRole: 'sales' as const, displayName: '李娜' };

const login = renderStaffPage('login', {
  lang: 'zh',
  title: 'staff.login.title',
  next: '/admin',
  login: '',
  rememberDays: 30,
  notice: null,
  error: null,
});
const audit = renderStaffPage('audit', {
  lang: 'en',
  title: 'board.navAudit',
  me: adminAccount,
  zone: 'UTC',
  from: '',
  to: '',
  entries: [],
  error: null,
});
const board = renderBoardPage({ lang: 'zh', me: sales, staff: [] });
const error = renderErrorPage({ lang: 'zh', status: 404, path: '/admin/x', me: admin });
const go = renderShellPage(
  'go/views/go-refused',
  { lang: 'zh', title: 'x', page: 'go', me: null, path: '/admin/go', nav: false, noindex: true },
  { message: 'gone', loginHref: '/admin/login' },
);
const ALL = { login, audit, board, error, go };

describe('the one page shell', () => {
  it.each(Object.entries(ALL))('%s: the shared stylesheet, no inline style or script, no nonce', (_, html) => {
    expect(html).toMatch(/<link rel="stylesheet" href="\/admin\/assets\/shell\.css/);
    expect(html).not.toMatch(/<style|style="|nonce|<script>|<script (?!src=|type="application\/json")/);
    expect(html.match(/<html /g)).toHaveLength(1);
  });

  it('gives every signed-in page the same header, with what the role may open', () => {
    for (const html of [audit, board, error]) expect(html).toContain('<header class="top">');
    expect(audit).toContain('href="/admin/board/dead-letters?lang=en"');
    expect(audit).toContain('href="/admin/board/audit?lang=en"');
    expect(audit).toContain('id="logout"');
    expect(board).not.toContain('/admin/board/staff');
    expect(board).not.toContain('/admin/board/dead-letters');
    expect(board).toContain('id="logout"');
  });

  it('shows the login page no account links, and the link page no header at all', () => {
    expect(login).toContain('<header class="top">');
    expect(login).not.toContain('id="logout"');
    expect(login).not.toContain('id="nav-reports"');
    expect(go).not.toContain('<header');
    expect(go).toContain('<meta name="robots" content="noindex, nofollow">');
    expect(go).toContain('<main id="main" class="slim">');
  });

  it('loads the board script and its data only on the app pages', () => {
    for (const html of [board, error]) {
      expect(html).toContain('/admin/assets/board.js');
      expect(html).toContain('/admin/assets/board.css');
      expect(html).toContain('id="board-data"');
    }
    for (const html of [login, audit, go]) {
      expect(html).not.toContain('board.js');
      expect(html).not.toContain('board-data');
    }
  });
});

describe('the staff page of the signed-in account', () => {
  const person = (login: string, name: string) => ({
    login,
    name,
    role: 'sales',
    email: null,
    mobile: null,
    active: true,
    receivesLeads: true,
    onDuty: true,
    open: 0,
    inProgress: 0,
    overdue: 0,
  });
  const page = (role: 'manager' | 'admin') =>
    renderStaffPage('staff', {
      lang: 'zh',
      title: 'staff.page.title',
      me: { login: 'zhou', displayName: '周经理', role },
      people: [person('zhou', '周经理'), person('li', '李娜')],
      canEdit: role === 'admin',
      confirm: null,
      langQuery: '',
      passwordMin: 10,
      notice: null,
      error: null,
    });
  const rowOf = (html: string, login: string) => html.slice(html.indexOf(`<tr data-login="${login}">`)).split('</tr>')[0];

  it('lets a manager switch their own duty, not a colleague’s', () => {
    const html = page('manager');
    expect(rowOf(html, 'zhou')).toContain('class="inline duty"');
    expect(rowOf(html, 'li')).not.toContain('class="inline duty"');
  });

  it('offers an admin deactivation for colleagues only, never for their own account', () => {
    const html = page('admin');
    expect(rowOf(html, 'zhou')).not.toContain('class="inline deactivate"');
    expect(rowOf(html, 'li')).toContain('class="inline deactivate"');
  });
});
