/**
 * The follow-up task API (GET /admin/tasks, PATCH /admin/tasks/:id) and the
 * lead detail with its delivery log and resend (GET /admin/leads/:id,
 * POST /admin/leads/:id/resend), against the built worker.
 */
import { randomUUID } from 'node:crypto';
import { startStack, type Stack } from '../support/stack';
import {
  ADMIN,
  adminGet,
  adminSend,
  leadWithTask,
  LI,
  patchTask,
  promoteToManagers,
  staffWorkerEnv,
  taskRow,
  WANG,
} from '../support/staff';
import { sleep } from '../support/wait';

jest.setTimeout(60_000);

let stack: Stack;
/** Five tasks for the list tests: listed[i] is due i-th (dues set below, the reverse of arrival). */
let listed: { leadId: string; taskId: string; name: string }[] = [];

beforeAll(async () => {
  stack = await startStack({ workerEnv: staffWorkerEnv() });
  await promoteToManagers(stack);
  const made = [];
  for (let i = 0; i < 5; i++) {
    const name = `列表 ${i} ${randomUUID().slice(0, 8)}`;
    made.push({ ...(await leadWithTask(stack, { name, company: `公司 ${i}` })), name });
  }
  // Later arrivals due earlier, so "oldest due first" differs from arrival
  // order. Millisecond precision, like every due time the app writes itself.
  for (const [i, t] of made.entries()) {
    await stack.db.query(
      `UPDATE follow_up_tasks SET due_at = date_trunc('milliseconds', now()) + make_interval(mins => $2::int) WHERE id = $1`,
      [t.taskId, 100 + (made.length - i) * 10],
    );
  }
  listed = [...made].reverse();
});

afterAll(async () => {
  await stack?.stop();
});

const ids = (res: { json(): any }): string[] => res.json().items.map((t: any) => t.id);
const ours = (all: string[]) => all.filter((id) => listed.some((t) => t.taskId === id));

describe('GET /admin/tasks', () => {
  it('lists open tasks oldest due first, each with its lead summary', async () => {
    const res = await adminGet(stack, '/admin/tasks', WANG);
    expect(res.status).toBe(200);
    const body = res.json();
    expect(Object.keys(body)).toEqual(expect.arrayContaining(['items', 'nextCursor']));
    expect(ours(ids(res))).toEqual(listed.map((t) => t.taskId));
    const dues = body.items.map((t: any) => Date.parse(t.dueAt));
    expect(dues).toEqual([...dues].sort((a, b) => a - b));

    const first = body.items.find((t: any) => t.id === listed[0].taskId);
    expect(first).toMatchObject({
      id: listed[0].taskId,
      leadId: listed[0].leadId,
      status: 'open',
      assignee: null,
      updatedBy: null,
      lead: {
        id: listed[0].leadId,
        name: listed[0].name,
        company: '公司 4',
        phone: '+8613812345678',
        email: expect.stringMatching(/@example\.com$/),
        receivedAt: expect.any(String),
      },
    });
    expect(Number.isNaN(Date.parse(first.lead.receivedAt))).toBe(false);
  });

  it('filters by status; without one it shows open and in_progress only', async () => {
    const [a, b, c, d] = listed;
    expect((await patchTask(stack, a.taskId, { assignee: LI.name, status: 'in_progress' }, LI)).status).toBe(200);
    expect((await patchTask(stack, b.taskId, { status: 'done', note: '已报价' }, WANG)).status).toBe(200);
    expect((await patchTask(stack, c.taskId, { status: 'cancelled' }, ADMIN)).status).toBe(200);

    const byDefault = ours(ids(await adminGet(stack, '/admin/tasks')));
    expect(byDefault).toEqual([a.taskId, d.taskId, listed[4].taskId]);
    expect(ours(ids(await adminGet(stack, '/admin/tasks?status=open')))).toEqual([d.taskId, listed[4].taskId]);
    expect(ours(ids(await adminGet(stack, '/admin/tasks?status=in_progress')))).toEqual([a.taskId]);
    expect(ours(ids(await adminGet(stack, '/admin/tasks?status=done')))).toEqual([b.taskId]);
    expect(ours(ids(await adminGet(stack, '/admin/tasks?status=cancelled')))).toEqual([c.taskId]);
    // The board's "done today" tab.
    expect(ours(ids(await adminGet(stack, '/admin/tasks?doneToday=true')))).toEqual([b.taskId]);
    for (const status of ['open', 'in_progress', 'done', 'cancelled']) {
      const items = (await adminGet(stack, `/admin/tasks?status=${status}`)).json().items;
      expect(items.every((t: any) => t.status === status)).toBe(true);
    }

    // Put them back for the filters below (done and cancelled reopen to open).
    expect((await patchTask(stack, b.taskId, { status: 'open' })).status).toBe(200);
    expect((await patchTask(stack, c.taskId, { status: 'open' })).status).toBe(200);
    expect((await patchTask(stack, a.taskId, { status: 'open', assignee: null })).status).toBe(200);
  });

  it('overdue=true lists only tasks past their due time', async () => {
    const late = listed[3];
    const originalDue = (await taskRow(stack, late.taskId)).due_at;
    await stack.db.query(
      `UPDATE follow_up_tasks SET due_at = date_trunc('milliseconds', now()) - interval '5 minutes' WHERE id = $1`,
      [late.taskId],
    );
    const res = await adminGet(stack, '/admin/tasks?overdue=true', WANG);
    expect(res.status).toBe(200);
    const items = res.json().items;
    expect(items.map((t: any) => t.id)).toContain(late.taskId);
    expect(ours(items.map((t: any) => t.id))).toEqual([late.taskId]);
    expect(items.every((t: any) => Date.parse(t.dueAt) < Date.now())).toBe(true);
    expect(ours(ids(await adminGet(stack, '/admin/tasks?status=open&overdue=true')))).toEqual([late.taskId]);
    // A done task is not overdue, however late.
    expect((await patchTask(stack, late.taskId, { status: 'done', note: '已回电' })).status).toBe(200);
    expect(ours(ids(await adminGet(stack, '/admin/tasks?overdue=true')))).toEqual([]);
    expect((await patchTask(stack, late.taskId, { status: 'open' })).status).toBe(200);
    await stack.db.query('UPDATE follow_up_tasks SET due_at = $2 WHERE id = $1', [late.taskId, originalDue]);
  });

  it('dueToday=true lists open and in-progress tasks due between midnight and midnight in Beijing (the business zone)', async () => {
    const [first, last, yesterday, tomorrow, closed] = listed;
    const originals: Date[] = [];
    for (const t of listed) originals.push((await taskRow(stack, t.taskId)).due_at);
    // Today's bounds as Postgres reads them; the dues sit on both sides of each.
    const TODAY = `date_trunc('day', now() AT TIME ZONE 'Asia/Shanghai') AT TIME ZONE 'Asia/Shanghai'`;
    const setDue = (t: (typeof listed)[number], due: string) =>
      stack.db.query(`UPDATE follow_up_tasks SET due_at = ${due} WHERE id = $1`, [t.taskId]);
    await setDue(first, TODAY);
    await setDue(last, `${TODAY} + interval '1 day' - interval '1 millisecond'`);
    await setDue(yesterday, `${TODAY} - interval '1 millisecond'`);
    await setDue(tomorrow, `${TODAY} + interval '1 day'`);
    await setDue(closed, `${TODAY} + interval '12 hours'`);
    expect((await patchTask(stack, last.taskId, { assignee: LI.name, status: 'in_progress' }, LI)).status).toBe(200);
    expect((await patchTask(stack, closed.taskId, { status: 'done', note: '已回电' })).status).toBe(200);

    const res = await adminGet(stack, '/admin/tasks?dueToday=true');
    expect(res.status).toBe(200);
    expect(ours(ids(res))).toEqual([first.taskId, last.taskId]);
    const { rows } = await stack.db.query(`SELECT ${TODAY} AS start`);
    const start = rows[0].start.getTime();
    for (const t of res.json().items) {
      expect(['open', 'in_progress']).toContain(t.status);
      expect(Date.parse(t.dueAt)).toBeGreaterThanOrEqual(start);
      expect(Date.parse(t.dueAt)).toBeLessThan(start + 86_400_000);
    }
    // With the other filters: one status, one owner.
    expect(ours(ids(await adminGet(stack, '/admin/tasks?dueToday=true&status=open')))).toEqual([first.taskId]);
    expect(ours(ids(await adminGet(stack, '/admin/tasks?dueToday=true&status=done')))).toEqual([]);
    expect(ours(ids(await adminGet(stack, `/admin/tasks?dueToday=true&assignee=${LI.name}`)))).toEqual([last.taskId]);

    expect((await patchTask(stack, closed.taskId, { status: 'open' })).status).toBe(200);
    expect((await patchTask(stack, last.taskId, { status: 'open', assignee: null })).status).toBe(200);
    for (const [i, t] of listed.entries()) {
      await stack.db.query('UPDATE follow_up_tasks SET due_at = $2 WHERE id = $1', [t.taskId, originals[i]]);
    }
  });

  it('assignee=NAME and unassigned=true', async () => {
    const mine = listed[1];
    expect((await patchTask(stack, mine.taskId, { assignee: WANG.name }, ADMIN)).status).toBe(200);
    const byWang = await adminGet(stack, `/admin/tasks?assignee=${WANG.name}`, WANG);
    expect(byWang.status).toBe(200);
    expect(ids(byWang)).toEqual([mine.taskId]);
    expect(byWang.json().items[0].assignee).toBe(WANG.name);
    expect(ids(await adminGet(stack, `/admin/tasks?assignee=${LI.name}`))).toEqual([]);

    const unassigned = ours(ids(await adminGet(stack, '/admin/tasks?unassigned=true')));
    expect(unassigned).toEqual(listed.filter((t) => t !== mine).map((t) => t.taskId));
  });

  it('pages with limit and nextCursor: every task once, in order', async () => {
    const all = ids(await adminGet(stack, '/admin/tasks?limit=200'));
    expect(all.length).toBeGreaterThanOrEqual(5);

    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const res = await adminGet(stack, `/admin/tasks?limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
      expect(res.status).toBe(200);
      const body = res.json();
      expect(body.items.length).toBeLessThanOrEqual(2);
      seen.push(...body.items.map((t: any) => t.id));
      cursor = body.nextCursor;
      if (body.items.length === 2) expect(typeof cursor).toBe('string');
      pages++;
      expect(pages).toBeLessThan(20);
    } while (cursor);

    expect(pages).toBeGreaterThanOrEqual(3);
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen).toEqual(all);
  });

  it('refuses a bad status, limit or cursor with 400', async () => {
    for (const query of [
      'status=bogus',
      'status=OPEN',
      'limit=0',
      'limit=-1',
      'limit=abc',
      'limit=1.5',
      'limit=100000',
      'cursor=not-a-cursor',
    ]) {
      const res = await adminGet(stack, `/admin/tasks?${query}`);
      expect({ query, status: res.status }).toEqual({ query, status: 400 });
    }
  });
});

describe('PATCH /admin/tasks/:id transitions', () => {
  let leadId: string;
  let taskId: string;
  /** Successful changes so far, to compare with the recorded history. */
  const expected: Record<string, unknown>[] = [];

  beforeAll(async () => {
    ({ leadId, taskId } = await leadWithTask(stack, { name: '转换 测试' }));
  });

  const status = async () => (await taskRow(stack, taskId)).status;

  it('claim: assignee = me and in_progress (200)', async () => {
    const res = await patchTask(stack, taskId, { assignee: WANG.name, status: 'in_progress' }, WANG);
    expect(res.status).toBe(200);
    expect(res.json()).toMatchObject({ id: taskId, status: 'in_progress', assignee: WANG.name, updatedBy: WANG.name });
    expected.push({
      actor: WANG.name,
      action: 'claimed',
      fromStatus: 'open',
      toStatus: 'in_progress',
      fromAssignee: null,
      toAssignee: WANG.name,
    });
  });

  it('done with neither a note nor an outcome: 400, task unchanged', async () => {
    const bodies = [
      { status: 'done' },
      { status: 'done', note: '' },
      { status: 'done', note: '   ' },
      { status: 'done', outcome: null },
      { status: 'done', note: ' ', outcome: null },
    ];
    for (const body of bodies) {
      const res = await patchTask(stack, taskId, body, WANG);
      expect({ body, status: res.status }).toEqual({ body, status: 400 });
    }
    expect(await status()).toBe('in_progress');
  });

  it('done with a note: 200 and done_at set', async () => {
    const res = await patchTask(stack, taskId, { status: 'done', note: '已签约, 下周发货' }, WANG);
    expect(res.status).toBe(200);
    expect(res.json()).toMatchObject({ status: 'done', note: '已签约, 下周发货' });
    expect(res.json().doneAt).toEqual(expect.any(String));
    const row = await taskRow(stack, taskId);
    expect(row.done_at).toBeInstanceOf(Date);
    expect(Math.abs(row.done_at.getTime() - Date.now())).toBeLessThan(60_000);
    expected.push({ actor: WANG.name, action: 'done', fromStatus: 'in_progress', toStatus: 'done', note: '已签约, 下周发货' });
  });

  it('done -> in_progress: 409', async () => {
    const res = await patchTask(stack, taskId, { status: 'in_progress' }, WANG);
    expect(res.status).toBe(409);
    expect(await status()).toBe('done');
    const cancel = await patchTask(stack, taskId, { status: 'cancelled' }, WANG);
    expect(cancel.status).toBe(409);
    expect(await status()).toBe('done');
  });

  it('done -> open (reopen): 200', async () => {
    const res = await patchTask(stack, taskId, { status: 'open' }, LI);
    expect(res.status).toBe(200);
    expect(res.json()).toMatchObject({ status: 'open', updatedBy: LI.name });
    expected.push({ actor: LI.name, action: 'reopened', fromStatus: 'done', toStatus: 'open' });
  });

  it('open -> cancelled -> open: 200 each; cancelled -> in_progress: 409', async () => {
    expect((await patchTask(stack, taskId, { status: 'cancelled', note: '重复提交' }, ADMIN)).status).toBe(200);
    expected.push({ actor: ADMIN.name, action: 'cancelled', fromStatus: 'open', toStatus: 'cancelled', note: '重复提交' });
    expect((await patchTask(stack, taskId, { status: 'in_progress' }, ADMIN)).status).toBe(409);
    expect(await status()).toBe('cancelled');
    const res = await patchTask(stack, taskId, { status: 'open' }, ADMIN);
    expect(res.status).toBe(200);
    expect(res.json().status).toBe('open');
    expected.push({ actor: ADMIN.name, action: 'reopened', fromStatus: 'cancelled', toStatus: 'open' });
  });

  it('assigns to a configured staff member; refuses anyone else (400)', async () => {
    const unknown = await patchTask(stack, taskId, { assignee: 'nobody' }, ADMIN);
    expect(unknown.status).toBe(400);
    expect((await taskRow(stack, taskId)).assignee).toBe(WANG.name);
    const ok = await patchTask(stack, taskId, { assignee: LI.name }, WANG);
    expect(ok.status).toBe(200);
    expect(ok.json().assignee).toBe(LI.name);
    expected.push({
      actor: WANG.name,
      action: 'assigned',
      fromStatus: 'open',
      toStatus: 'open',
      fromAssignee: WANG.name,
      toAssignee: LI.name,
    });
  });

  it('404 for an unknown task, 400 for a malformed id or body', async () => {
    expect((await patchTask(stack, randomUUID(), { note: 'x' })).status).toBe(404);
    expect((await patchTask(stack, 'not-a-uuid', { note: 'x' })).status).toBe(400);
    expect((await patchTask(stack, taskId, { status: 'finished' })).status).toBe(400);
    expect((await patchTask(stack, taskId, {})).status).toBe(400);
    expect((await patchTask(stack, taskId, { note: 42 })).status).toBe(400);
    expect((await patchTask(stack, taskId, ['done'])).status).toBe(400);
  });

  it('appends every change, and only the accepted ones, to the history in GET /admin/leads/:id', async () => {
    const res = await adminGet(stack, `/admin/leads/${leadId}`, WANG);
    expect(res.status).toBe(200);
    const history: any[] = res.json().task.history;
    expect(history).toHaveLength(expected.length);
    history.forEach((entry, i) => {
      expect(entry).toMatchObject(expected[i]);
      expect(Number.isNaN(Date.parse(entry.at))).toBe(false);
    });
    const ats = history.map((e) => Date.parse(e.at));
    expect(ats).toEqual([...ats].sort((a, b) => a - b));
    for (const entry of history)
      expect(Object.keys(entry)).toEqual(
        expect.arrayContaining(['at', 'actor', 'action', 'fromStatus', 'toStatus', 'fromAssignee', 'toAssignee', 'note']),
      );
  });
});

describe('GET /admin/leads/:id and resend', () => {
  let leadId: string;
  let taskId: string;
  let alertMessageId: string | undefined;
  const name = `详情 ${randomUUID().slice(0, 8)}`;

  beforeAll(async () => {
    const made = await leadWithTask(stack, { name, company: '详情公司', requirement: '需要 5 台设备' });
    ({ leadId, taskId } = made);
    alertMessageId = made.email.header('message-id');
    await stack.waitForRows(`SELECT 1 FROM notifications WHERE lead_id = $1 AND status = 'sent'`, [leadId]);
  });

  it('returns the lead, its task with history, and the delivery log', async () => {
    const res = await adminGet(stack, `/admin/leads/${leadId}`, LI);
    expect(res.status).toBe(200);
    const { lead, task, notifications } = res.json();
    expect(lead).toMatchObject({
      id: leadId,
      name,
      phone: '+8613812345678',
      phoneRaw: '13812345678',
      company: '详情公司',
      requirement: '需要 5 台设备',
      consent: true,
      erasedAt: null,
    });
    expect(lead.email).toMatch(/@example\.com$/);
    expect(Number.isNaN(Date.parse(lead.receivedAt))).toBe(false);
    expect(task).toMatchObject({ id: taskId, leadId, status: 'open', history: [] });

    expect(notifications).toHaveLength(1);
    const [n] = notifications;
    expect(n).toMatchObject({ channel: 'email', kind: 'new-lead', status: 'sent', attempts: 1, lastError: null });
    expect(n.messageId).toBe(alertMessageId);
    expect(n.messageId).toContain(`lead-${leadId}@`);
    expect(n.recipients).toContain('sales@example.com');
    expect(Number.isNaN(Date.parse(n.sentAt))).toBe(false);
    for (const key of ['id', 'createdAt', 'updatedAt']) expect(n[key]).toEqual(expect.any(String));
  });

  it('404 for an unknown lead, 400 for a malformed id', async () => {
    expect((await adminGet(stack, `/admin/leads/${randomUUID()}`)).status).toBe(404);
    expect((await adminGet(stack, '/admin/leads/not-a-uuid')).status).toBe(400);
  });

  it('POST resend: 202, a second email marked resend, and a resend row in the log', async () => {
    const before = stack.sink.forLead(leadId).length;
    const res = await adminSend(stack, 'POST', `/admin/leads/${leadId}/resend`, undefined, WANG);
    expect(res.status).toBe(202);
    const { notificationId } = res.json();
    expect(notificationId).toEqual(expect.any(String));

    const resent = await stack.sink.waitFor(
      (m) => m.header('x-lead-id') === leadId && m.header('x-lead-notice') === 'resend',
      15000,
      'the resend email',
    );
    expect(resent.envelopeTo).toEqual(['sales@example.com']);
    expect(resent.mail.subject).toContain(name);
    // A deliberate resend must not be folded away as a duplicate of the first alert.
    expect(resent.header('message-id')).not.toBe(alertMessageId);

    await stack.waitForRows(`SELECT 1 FROM notifications WHERE id = $1 AND status = 'sent'`, [notificationId]);
    const { notifications } = (await adminGet(stack, `/admin/leads/${leadId}`)).json();
    expect(notifications).toHaveLength(2);
    const row = notifications.find((n: any) => n.id === notificationId);
    expect(row).toMatchObject({
      channel: 'email',
      kind: 'resend',
      status: 'sent',
      attempts: 1,
      messageId: resent.header('message-id'),
    });
    // The original alert is untouched: still sent once.
    expect(notifications.find((n: any) => n.kind === 'new-lead')).toMatchObject({
      status: 'sent',
      attempts: 1,
      messageId: alertMessageId,
    });

    // Exactly one more email for this lead, and the new-lead alert not repeated.
    await sleep(1500);
    const mails = stack.sink.forLead(leadId);
    expect(mails).toHaveLength(before + 1);
    expect(mails.filter((m) => m.header('x-lead-notice') === 'new-lead')).toHaveLength(1);
  });

  it('resend of an unknown lead: 404', async () => {
    expect((await adminSend(stack, 'POST', `/admin/leads/${randomUUID()}/resend`, undefined)).status).toBe(404);
    expect((await adminSend(stack, 'POST', '/admin/leads/not-a-uuid/resend', undefined)).status).toBe(400);
  });
});
