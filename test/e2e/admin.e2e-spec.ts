/**
 * The staff surface on the worker's ADMIN_PORT: Basic auth on everything
 * under /admin, the queue dashboard, and the lead and task APIs.
 */
import { randomUUID } from 'node:crypto';
import { basicAuth, get, request, type HttpResult } from '../support/http';
import { ADMIN_PASSWORD, ADMIN_USER, startStack, type Stack } from '../support/stack';

// Starting the apps takes seconds; jest's 5 s default is for unit tests.
jest.setTimeout(60_000);

let stack: Stack;
let leadId: string;
let taskId: string;
let leadName: string;

beforeAll(async () => {
  stack = await startStack();
  const { id } = await stack.processLead({ name: '韩梅梅 admin' });
  leadId = id;
  leadName = '韩梅梅 admin';
  const [task] = await stack.waitForRows('SELECT id FROM follow_up_tasks WHERE lead_id = $1', [id]);
  taskId = task.id;
  await stack.waitForRows(`SELECT 1 FROM notifications WHERE lead_id = $1 AND status = 'sent'`, [id]);
});

afterAll(async () => {
  await stack?.stop();
});

const admin = (path: string) => `${stack.adminUrl}${path}`;
const authed = () => ({ headers: stack.adminAuth });

function patchJson(path: string, body: unknown, headers: Record<string, string> = stack.adminAuth): Promise<HttpResult> {
  return request('PATCH', admin(path), JSON.stringify(body), {
    headers: { 'content-type': 'application/json', accept: 'application/json', ...headers },
  });
}

/** The task list may come bare or wrapped ({items: [...]}, {tasks: [...]}, {data: [...]}). */
function listOf(res: HttpResult): any[] {
  const body = res.json();
  if (Array.isArray(body)) return body;
  const list = body.items ?? body.tasks ?? body.data ?? body.results;
  if (!Array.isArray(list)) throw new Error(`no list in ${res.text.slice(0, 300)}`);
  return list;
}

const idOfTask = (t: any): string => t.id ?? t.taskId ?? t.task_id;

describe('authentication', () => {
  it.each(['/admin/queues', '/admin/tasks', '/admin/leads.csv'])(
    'refuses %s without credentials (401 + Basic challenge)',
    async (path) => {
      const res = await get(admin(path));
      expect(res.status).toBe(401);
      expect(res.headers.get('www-authenticate')).toMatch(/^Basic/i);
    },
  );

  it('refuses a wrong password and a wrong user', async () => {
    for (const headers of [basicAuth(ADMIN_USER, 'wrong'), basicAuth('root', ADMIN_PASSWORD), basicAuth(ADMIN_USER, '')]) {
      expect((await get(admin('/admin/tasks'), { headers })).status).toBe(401);
      expect((await get(admin(`/admin/leads/${leadId}`), { headers })).status).toBe(401);
    }
  });

  it('refuses a PATCH without credentials and leaves the task alone', async () => {
    const res = await patchJson(`/admin/tasks/${taskId}`, { status: 'done' }, {});
    expect(res.status).toBe(401);
    const { rows } = await stack.db.query('SELECT status FROM follow_up_tasks WHERE id = $1', [taskId]);
    expect(rows[0].status).toBe('open');
  });

  it('serves /health without credentials with each dependency', async () => {
    const res = await get(admin('/health'));
    expect(res.status).toBe(200);
    const body = res.json();
    expect(Object.keys(body.checks ?? {})).toEqual(expect.arrayContaining(['redis', 'postgres', 'smtp']));
  });
});

describe('with credentials', () => {
  it('serves the Bull Board dashboard at /admin/queues', async () => {
    const res = await get(admin('/admin/queues'), authed());
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
  });

  it('returns a lead with its task and notifications', async () => {
    const res = await get(admin(`/admin/leads/${leadId}`), authed());
    expect(res.status).toBe(200);
    const { lead, task, notifications } = res.json();
    expect(lead).toMatchObject({ id: leadId, name: leadName });
    expect(task).toMatchObject({ id: taskId, status: 'open' });
    expect(notifications).toHaveLength(1);
    expect(notifications[0]).toMatchObject({ channel: 'email', status: 'sent' });
  });

  it('answers 404 for a lead that does not exist and 4xx for a malformed id', async () => {
    expect((await get(admin(`/admin/leads/${randomUUID()}`), authed())).status).toBe(404);
    const bad = await get(admin('/admin/leads/not-a-uuid'), authed());
    expect([400, 404]).toContain(bad.status);
  });

  it('lists tasks, and only overdue open ones with ?status=open&overdue=true', async () => {
    const { id: otherLead } = await stack.processLead();
    const [other] = await stack.waitForRows('SELECT id FROM follow_up_tasks WHERE lead_id = $1', [otherLead]);

    const all = listOf(await get(admin('/admin/tasks'), authed())).map(idOfTask);
    expect(all).toEqual(expect.arrayContaining([taskId, other.id]));

    // Make one task overdue the direct way rather than waiting out the SLA.
    await stack.db.query(`UPDATE follow_up_tasks SET due_at = now() - interval '5 minutes' WHERE id = $1`, [other.id]);
    const overdue = await get(admin('/admin/tasks?status=open&overdue=true'), authed());
    expect(overdue.status).toBe(200);
    const ids = listOf(overdue).map(idOfTask);
    expect(ids).toContain(other.id);
    expect(ids).not.toContain(taskId);
  });

  it('updates a task with PATCH and filters by the new status', async () => {
    const res = await patchJson(`/admin/tasks/${taskId}`, {
      status: 'in_progress',
      assignee: '李雷',
      note: '已电话联系,周五报价',
    });
    expect(res.status).toBe(200);
    const { rows } = await stack.db.query('SELECT status, assignee, note FROM follow_up_tasks WHERE id = $1', [taskId]);
    expect(rows[0]).toEqual({ status: 'in_progress', assignee: '李雷', note: '已电话联系,周五报价' });

    const inProgress = listOf(await get(admin('/admin/tasks?status=in_progress'), authed())).map(idOfTask);
    expect(inProgress).toContain(taskId);
    const open = listOf(await get(admin('/admin/tasks?status=open'), authed())).map(idOfTask);
    expect(open).not.toContain(taskId);
  });

  it('refuses an unknown status (400) and an unknown task (404)', async () => {
    expect((await patchJson(`/admin/tasks/${taskId}`, { status: 'lost-in-space' })).status).toBe(400);
    expect((await patchJson(`/admin/tasks/${randomUUID()}`, { status: 'done' })).status).toBe(404);
    const { rows } = await stack.db.query('SELECT status FROM follow_up_tasks WHERE id = $1', [taskId]);
    expect(rows[0].status).toBe('in_progress');
  });

  it('exports leads as CSV', async () => {
    const res = await get(admin('/admin/leads.csv'), authed());
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(res.text).toContain(leadId);
    expect(res.text).toContain(leadName);
  });
});
