/**
 * Who may read which lead: a salesperson (`li`) reads their own and
 * unassigned leads; a colleague's lead answers 404 everywhere (API, lead
 * page, customer search, resend, task change), as if it did not exist. A
 * returning customer's earlier leads are listed to them in summary, without
 * a colleague's notes. Managers and admins read everything. The link alerts
 * carry, /admin/leads/<id>, opens the lead's page in a browser and stays
 * JSON for scripts.
 */
import { randomInt } from 'node:crypto';
import { BROWSER_ACCEPT, get, postForm } from '../support/http';
import { startStack, type Stack } from '../support/stack';
import { ADMIN, adminGet, adminSend, authOf, leadWithTask, LI, patchTask, staffWorkerEnv, WANG } from '../support/staff';

jest.setTimeout(60_000);

let stack: Stack;

beforeAll(async () => {
  stack = await startStack({ gateway: true, workerEnv: staffWorkerEnv({ RETURNING_CUSTOMER_DAYS: '730' }) });
});

afterAll(async () => {
  await stack?.stop();
});

const uniquePhone = () => `139${String(randomInt(0, 99_999_999)).padStart(8, '0')}`;

/** A lead of its own contact, its task given to `owner` (null: left unassigned) with `note`. */
async function leadOf(owner: string | null, note: string | null, phone = uniquePhone()) {
  const { leadId, taskId } = await leadWithTask(stack, { phone, email: `c${phone}@example.com` });
  if (owner) expect((await patchTask(stack, taskId, { assignee: owner }, ADMIN)).status).toBe(200);
  if (note) expect((await patchTask(stack, taskId, { note }, ADMIN)).status).toBe(200);
  return { leadId, taskId, phone };
}

const notificationCount = async (leadId: string): Promise<number> =>
  (await stack.db.query('SELECT count(*)::int AS n FROM notifications WHERE lead_id = $1', [leadId])).rows[0].n;

describe('a colleague’s lead', () => {
  const secret = 'WANG-PRIVATE-客户预算 80 万';
  let colleague: { leadId: string; taskId: string; phone: string };

  beforeAll(async () => {
    colleague = await leadOf(WANG.name, secret);
  });

  it('answers 404 to the sales account li, without its data', async () => {
    const detail = await adminGet(stack, `/admin/leads/${colleague.leadId}`, LI);
    expect(detail.status).toBe(404);
    const page = await get(`${stack.adminUrl}/admin/board/leads/${colleague.leadId}`, { headers: authOf(LI) });
    expect(page.status).toBe(404);
    const customers = await adminGet(stack, `/admin/customers?phone=${colleague.phone}`, LI);
    expect(customers.status).toBe(404);
    for (const res of [detail, page, customers]) {
      expect(res.text).not.toContain(colleague.phone.slice(3));
      expect(res.text).not.toContain(secret);
    }
  });

  it('cannot be resent, changed or erased by li, and nothing is recorded', async () => {
    const before = await notificationCount(colleague.leadId);
    expect((await adminSend(stack, 'POST', `/admin/leads/${colleague.leadId}/resend`, undefined, LI)).status).toBe(404);
    expect((await patchTask(stack, colleague.taskId, { note: 'mine now' }, LI)).status).toBe(404);
    expect((await adminSend(stack, 'DELETE', `/admin/leads/${colleague.leadId}`, undefined, LI)).status).toBe(403);
    expect(await notificationCount(colleague.leadId)).toBe(before);
    const { rows } = await stack.db.query(
      'SELECT note, erased_at FROM follow_up_tasks t JOIN leads l ON l.id = t.lead_id WHERE t.id = $1',
      [colleague.taskId],
    );
    expect(rows[0]).toMatchObject({ note: secret, erased_at: null });
  });

  it('is not in li’s task list', async () => {
    const items = (await adminGet(stack, '/admin/tasks?limit=200', LI)).json().items;
    expect(items.map((t: any) => t.id)).not.toContain(colleague.taskId);
  });

  it('is read in full by its owner and by the admin', async () => {
    for (const who of [WANG, ADMIN]) {
      const detail = await adminGet(stack, `/admin/leads/${colleague.leadId}`, who);
      expect(detail.status).toBe(200);
      expect(detail.json().lead.phone).toBe(`+86${colleague.phone}`);
      expect(detail.json().task.note).toBe(secret);
      expect((await get(`${stack.adminUrl}/admin/board/leads/${colleague.leadId}`, { headers: authOf(who) })).status).toBe(200);
      const customers = await adminGet(stack, `/admin/customers?phone=${colleague.phone}`, who);
      expect(customers.status).toBe(200);
      expect(customers.json().leads).toEqual([expect.objectContaining({ id: colleague.leadId, note: secret })]);
    }
    expect((await adminSend(stack, 'POST', `/admin/leads/${colleague.leadId}/resend`, undefined, ADMIN)).status).toBe(202);
  });
});

describe('li’s own and unassigned leads', () => {
  it('reads, resends and works their own lead', async () => {
    const own = await leadOf(LI.name, 'li 的备注');
    const detail = await adminGet(stack, `/admin/leads/${own.leadId}`, LI);
    expect(detail.status).toBe(200);
    expect(detail.json().task.note).toBe('li 的备注');
    expect((await get(`${stack.adminUrl}/admin/board/leads/${own.leadId}`, { headers: authOf(LI) })).status).toBe(200);
    expect((await adminGet(stack, `/admin/customers?phone=${own.phone}`, LI)).status).toBe(200);
    expect((await adminSend(stack, 'POST', `/admin/leads/${own.leadId}/resend`, undefined, LI)).status).toBe(202);
    expect((await patchTask(stack, own.taskId, { status: 'in_progress' }, LI)).status).toBe(200);
  });

  it('reads and claims an unassigned lead', async () => {
    const free = await leadOf(null, null);
    expect((await adminGet(stack, `/admin/leads/${free.leadId}`, LI)).status).toBe(200);
    expect((await get(`${stack.adminUrl}/admin/board/leads/${free.leadId}`, { headers: authOf(LI) })).status).toBe(200);
    const items = (await adminGet(stack, '/admin/tasks?limit=200', LI)).json().items;
    expect(items.map((t: any) => t.id)).toContain(free.taskId);
    expect((await patchTask(stack, free.taskId, { assignee: LI.name }, LI)).status).toBe(200);
    // Now it is li's: wang, who could read it while it was free, no longer can.
    expect((await adminGet(stack, `/admin/leads/${free.leadId}`, WANG)).status).toBe(404);
  });
});

describe('a returning customer', () => {
  it('shows li a colleague’s earlier lead in summary, without its note; the admin sees the note', async () => {
    const phone = uniquePhone();
    const earlier = await leadOf(WANG.name, 'WANG-EARLIER-NOTE', phone);
    const now = await leadOf(LI.name, 'li-now-note', phone);

    const detail = await adminGet(stack, `/admin/leads/${now.leadId}`, LI);
    expect(detail.status).toBe(200);
    expect(detail.json().customer).toEqual({
      returning: true,
      earlier: [expect.objectContaining({ id: earlier.leadId, owner: WANG.name, note: null })],
    });
    expect(detail.text).not.toContain('WANG-EARLIER-NOTE');
    const page = await get(`${stack.adminUrl}/admin/board/leads/${now.leadId}`, { headers: authOf(LI) });
    expect(page.status).toBe(200);
    expect(page.text).not.toContain('WANG-EARLIER-NOTE');

    const customers = await adminGet(stack, `/admin/customers?phone=${phone}`, LI);
    expect(customers.status).toBe(200);
    expect(customers.json().leads).toEqual([
      expect.objectContaining({ id: now.leadId, note: 'li-now-note' }),
      expect.objectContaining({ id: earlier.leadId, note: null }),
    ]);
    // The earlier lead itself stays closed to li.
    expect((await adminGet(stack, `/admin/leads/${earlier.leadId}`, LI)).status).toBe(404);

    const asAdmin = await adminGet(stack, `/admin/leads/${now.leadId}`, ADMIN);
    expect(asAdmin.json().customer.earlier).toEqual([expect.objectContaining({ id: earlier.leadId, note: 'WANG-EARLIER-NOTE' })]);
  });
});

describe('/admin/leads/<id>, the link in alerts', () => {
  let lead: { leadId: string; taskId: string; phone: string };

  beforeAll(async () => {
    lead = await leadOf(null, null);
  });

  it('sends a browser to the lead’s page and keeps JSON for scripts', async () => {
    const url = `${stack.adminUrl}/admin/leads/${lead.leadId}`;
    const browser = await get(url, { headers: { ...authOf(ADMIN), accept: BROWSER_ACCEPT } });
    expect(browser.status).toBe(303);
    expect(browser.headers.get('location')).toBe(`/admin/board/leads/${lead.leadId}`);
    const english = await get(`${url}?lang=en`, { headers: { ...authOf(ADMIN), accept: BROWSER_ACCEPT } });
    expect(english.headers.get('location')).toBe(`/admin/board/leads/${lead.leadId}?lang=en`);
    for (const accept of ['application/json', '*/*', 'application/json, text/html;q=0.5', undefined]) {
      const script = await get(url, { headers: { ...authOf(ADMIN), ...(accept ? { accept } : {}) } });
      expect({ accept, status: script.status }).toEqual({ accept, status: 200 });
      expect(script.headers.get('content-type')).toMatch(/^application\/json/);
      expect(script.json().lead.id).toBe(lead.leadId);
    }
    // A script still gets a 400 for an id that is not one; a browser gets the page's 404.
    expect((await adminGet(stack, '/admin/leads/not-a-uuid')).status).toBe(400);
    const bad = await get(`${stack.adminUrl}/admin/leads/not-a-uuid`, { headers: { ...authOf(ADMIN), accept: BROWSER_ACCEPT } });
    expect(bad.headers.get('location')).toBe('/admin/board/leads/not-a-uuid');
  });

  it('sends a browser without a session to log in, then back to the lead’s page', async () => {
    const path = `/admin/leads/${lead.leadId}`;
    const anonymous = await get(`${stack.adminUrl}${path}`, { headers: { accept: BROWSER_ACCEPT } });
    expect(anonymous.status).toBe(303);
    const login = new URL(anonymous.headers.get('location')!, stack.adminUrl);
    expect(login.pathname).toBe('/admin/login');
    expect(login.searchParams.get('next')).toBe(path);

    const form = await postForm(`${stack.adminUrl}/admin/login`, {
      login: ADMIN.name,
      password: ADMIN.password,
      next: login.searchParams.get('next')!,
    });
    expect(form.status).toBe(303);
    expect(form.headers.get('location')).toBe(path);
    const cookie = form.headers.get('set-cookie')!.split(';', 1)[0];
    const back = await get(`${stack.adminUrl}${path}`, { headers: { cookie, accept: BROWSER_ACCEPT } });
    expect(back.status).toBe(303);
    expect(back.headers.get('location')).toBe(`/admin/board/leads/${lead.leadId}`);
    const page = await get(`${stack.adminUrl}${back.headers.get('location')}`, { headers: { cookie, accept: BROWSER_ACCEPT } });
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
  });
});
