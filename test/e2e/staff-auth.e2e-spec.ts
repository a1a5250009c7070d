/**
 * Who may do what on the worker's admin port: the admin account and the sales
 * staff from STAFF_USERS (one plain password, one bcrypt hash). Staff work the
 * board and the JSON API; Bull Board is the admin's only. Every change is
 * recorded with the name of whoever made it.
 */
import { basicAuth, get, request } from '../support/http';
import { startStack, type Stack } from '../support/stack';
import {
  ADMIN,
  adminGet,
  authOf,
  leadWithTask,
  LI,
  patchTask,
  promoteToManagers,
  staffWorkerEnv,
  taskRow,
  WANG,
  WANG_EMAIL,
} from '../support/staff';

jest.setTimeout(60_000);

let stack: Stack;
// The worker's only: the gateway of this stack has no METRICS_TOKEN.
const METRICS_TOKEN = 'e2e-worker-metrics-token-3Fz';

beforeAll(async () => {
  stack = await startStack({ gateway: true, workerEnv: staffWorkerEnv({ METRICS_TOKEN }) });
  await promoteToManagers(stack);
});

afterAll(async () => {
  await stack?.stop();
});

const url = (path: string) => `${stack.adminUrl}${path}`;

describe('without credentials', () => {
  it.each(['/admin', '/admin/tasks', '/admin/leads.csv', '/admin/me', '/admin/queues', '/metrics'])(
    'GET %s answers 401 with a Basic challenge',
    async (path) => {
      const res = await get(url(path));
      expect(res.status).toBe(401);
      expect(res.headers.get('www-authenticate')).toMatch(/^Basic /i);
    },
  );

  it('refuses PATCH, POST and DELETE too', async () => {
    const id = '00000000-0000-4000-8000-000000000000';
    for (const [method, path] of [
      ['PATCH', `/admin/tasks/${id}`],
      ['POST', `/admin/leads/${id}/resend`],
      ['DELETE', `/admin/leads/${id}`],
    ]) {
      const res = await request(method, url(path), '{}', { headers: { 'content-type': 'application/json' } });
      expect({ method, status: res.status }).toEqual({ method, status: 401 });
    }
  });
});

describe('wrong credentials', () => {
  it.each([
    ['admin, wrong password', basicAuth(ADMIN.name, 'wrong')],
    ['plain-password staff, wrong password', basicAuth(WANG.name, 'wrong')],
    ['bcrypt staff, wrong password', basicAuth(LI.name, 'wrong')],
    ['bcrypt staff, the hash itself as password', basicAuth(LI.name, '$2b$08$abcdefghijklmnopqrstuv')],
    ['staff name, admin password', basicAuth(WANG.name, ADMIN.password)],
    ['unknown user', basicAuth('zhao', WANG.password)],
    ['empty password', basicAuth(WANG.name, '')],
  ])('%s: 401', async (_what, headers) => {
    for (const path of ['/admin', '/admin/tasks', '/admin/me', '/metrics']) {
      const res = await get(url(path), { headers });
      expect({ path, status: res.status }).toEqual({ path, status: 401 });
    }
  });
});

describe.each([
  ['plain password', WANG],
  ['bcrypt password', LI],
])('a staff member with a %s', (_what, who) => {
  it('gets the task list', async () => {
    const res = await adminGet(stack, '/admin/tasks', who);
    expect(res.status).toBe(200);
    expect(Array.isArray(res.json().items)).toBe(true);
  });

  it('gets the board page (HTML) naming them', async () => {
    const res = await get(url('/admin'), { headers: authOf(who) });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    expect(res.text).toMatch(/<html/i);
    expect(res.text).toContain(who.name);
  });

  it('is told who they are by /admin/me (role staff) and who can be assigned', async () => {
    const res = await adminGet(stack, '/admin/me', who);
    expect(res.status).toBe(200);
    const me = res.json();
    expect(me).toMatchObject({ name: who.name, role: 'staff' });
    expect(me.staff).toEqual(
      expect.arrayContaining([
        { name: WANG.name, email: WANG_EMAIL },
        { name: LI.name, email: null },
      ]),
    );
    // Never the passwords or hashes.
    expect(res.text).not.toContain(WANG.password);
    expect(res.text).not.toContain('$2');
  });

  it('is refused Bull Board (403), its API and its actions included', async () => {
    for (const path of ['/admin/queues', '/admin/queues/', '/admin/queues/api/queues']) {
      const res = await get(url(path), { headers: authOf(who) });
      expect({ path, status: res.status }).toEqual({ path, status: 403 });
    }
    const clean = await request('PUT', url('/admin/queues/api/queues/lead-intake/clean/failed'), undefined, {
      headers: authOf(who),
    });
    expect(clean.status).toBe(403);
    const retry = await request('PUT', url('/admin/queues/api/queues/lead-intake/retry/failed'), undefined, {
      headers: authOf(who),
    });
    expect(retry.status).toBe(403);
  });

  it('gets the worker metrics with credentials', async () => {
    const res = await get(url('/metrics'), { headers: authOf(who) });
    expect(res.status).toBe(200);
  });
});

describe('the admin', () => {
  it('gets Bull Board (200, HTML) and its API', async () => {
    const page = await get(url('/admin/queues'), { headers: authOf(ADMIN) });
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    // Its own, looser policy (inline styles), not the pages' strict one.
    expect(page.headers.get('content-security-policy')).toContain("style-src 'self' 'unsafe-inline'");
    const api = await get(url('/admin/queues/api/queues'), { headers: authOf(ADMIN) });
    expect(api.status).toBe(200);
    expect(api.json().queues.map((q: { name: string }) => q.name)).toContain('lead-intake');
  });

  it("gets Bull Board's scripts and can use its actions", async () => {
    const page = await get(url('/admin/queues'), { headers: authOf(ADMIN) });
    const script = /src="(static\/[^"]+\.js)"/.exec(page.text)?.[1];
    expect(script).toBeDefined();
    const asset = await get(url(`/admin/queues/${script}`), { headers: authOf(ADMIN) });
    expect(asset.status).toBe(200);
    expect(asset.headers.get('content-type')).toMatch(/javascript/);
    for (const action of ['pause', 'resume']) {
      const res = await request('PUT', url(`/admin/queues/api/queues/lead-intake/${action}`), undefined, {
        headers: authOf(ADMIN),
      });
      expect({ action, status: res.status }).toEqual({ action, status: 200 });
    }
  });

  it('is role admin in /admin/me', async () => {
    const res = await adminGet(stack, '/admin/me', ADMIN);
    expect(res.status).toBe(200);
    expect(res.json()).toMatchObject({ name: ADMIN.name, role: 'admin' });
  });

  it('gets the board page and the worker metrics', async () => {
    expect((await get(url('/admin'), { headers: authOf(ADMIN) })).status).toBe(200);
    const metrics = await get(url('/metrics'), { headers: authOf(ADMIN) });
    expect(metrics.status).toBe(200);
    expect(metrics.text).toContain('alerts_sent_total');
  });
});

describe('/metrics for Prometheus', () => {
  it("opens the worker's to METRICS_TOKEN as a bearer token, and nothing else to it", async () => {
    const bearer = { authorization: `Bearer ${METRICS_TOKEN}` };
    const ok = await get(url('/metrics'), { headers: bearer });
    expect(ok.status).toBe(200);
    expect(ok.text).toContain('alerts_sent_total');
    expect((await get(url('/metrics'), { headers: { authorization: `Bearer ${METRICS_TOKEN}x` } })).status).toBe(401);
    expect((await get(url('/admin/tasks'), { headers: bearer })).status).toBe(401);
  });

  it("keeps the gateway's off without a METRICS_TOKEN: 404 for everyone, the admin included", async () => {
    for (const headers of [{}, authOf(ADMIN), { authorization: `Bearer ${METRICS_TOKEN}` }]) {
      const res = await get(`${stack.gatewayUrl}/metrics`, { headers });
      expect(res.status).toBe(404);
      expect(res.json().message).toMatch(/METRICS_TOKEN/);
    }
  });
});

describe('every change records who made it', () => {
  it('task updated_by and task_events.actor carry the acting account', async () => {
    const { taskId } = await leadWithTask(stack);
    const before = await taskRow(stack, taskId);
    expect(before.updated_by).toBeNull();

    // The bcrypt account claims the task...
    const claim = await patchTask(stack, taskId, { assignee: LI.name, status: 'in_progress' }, LI);
    expect(claim.status).toBe(200);
    expect(claim.json()).toMatchObject({ status: 'in_progress', assignee: LI.name, updatedBy: LI.name });
    expect((await taskRow(stack, taskId)).updated_by).toBe(LI.name);

    // ...the plain-password account adds a note...
    const note = await patchTask(stack, taskId, { note: '客户周三回电' }, WANG);
    expect(note.status).toBe(200);
    expect((await taskRow(stack, taskId)).updated_by).toBe(WANG.name);

    // ...and the admin reassigns it.
    const assign = await patchTask(stack, taskId, { assignee: WANG.name }, ADMIN);
    expect(assign.status).toBe(200);
    const after = await taskRow(stack, taskId);
    expect(after).toMatchObject({ updated_by: ADMIN.name, assignee: WANG.name, note: '客户周三回电' });

    const { rows } = await stack.db.query(
      'SELECT actor, from_status, to_status, note FROM task_events WHERE task_id = $1 ORDER BY at, id',
      [taskId],
    );
    expect(rows.map((r) => r.actor)).toEqual([LI.name, WANG.name, ADMIN.name]);
    expect(rows[0]).toMatchObject({ from_status: 'open', to_status: 'in_progress' });
    expect(rows[1]).toMatchObject({ note: '客户周三回电' });
  });

  it('a refused request changes nothing and records nothing', async () => {
    const { taskId } = await leadWithTask(stack);
    const res = await request('PATCH', url(`/admin/tasks/${taskId}`), JSON.stringify({ note: 'x' }), {
      headers: { 'content-type': 'application/json', ...basicAuth(WANG.name, 'wrong') },
    });
    expect(res.status).toBe(401);
    expect((await taskRow(stack, taskId)).updated_by).toBeNull();
    const { rows } = await stack.db.query('SELECT 1 FROM task_events WHERE task_id = $1', [taskId]);
    expect(rows).toHaveLength(0);
  });
});
