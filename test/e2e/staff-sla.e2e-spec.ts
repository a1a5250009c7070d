/**
 * SLA reminders with short settings (FOLLOW_UP_SLA_MINUTES=1,
 * ESCALATION_MINUTES=1, the check every second): an overdue task nobody
 * touched gets one reminder (to its assignee's STAFF_EMAILS address, else
 * MAIL_TO) and, ESCALATION_MINUTES later, one escalation to ESCALATION_TO;
 * never repeated, and none once someone acted on the task. Due times are
 * moved into the past in Postgres rather than waited out. Two workers run
 * against the same database and queues, as in a scaled deployment: "one"
 * must still mean one.
 */
import { startStack, waitFor, type Stack } from '../support/stack';
import type { SinkMessage } from '../support/smtp-sink';
import {
  adminGet,
  ESCALATION_TO,
  leadWithTask,
  LI,
  MAIL_TO,
  patchTask,
  staffWorkerEnv,
  WANG,
  WANG_EMAIL,
} from '../support/staff';
import { sleep } from '../support/wait';

jest.setTimeout(90_000);

let stack: Stack;

type Case = { leadId: string; taskId: string; dueAt: number };
const t: Record<'plain' | 'toWang' | 'toLi' | 'noted' | 'claimed' | 'actedAfter', Case> = {} as any;

const SLA_MS = 60_000;
const ESCALATION_MS = 60_000;
/** How far in the past the due times are put: the escalation is then ~10 s away. */
const LATE_MS = 50_000;

beforeAll(async () => {
  const workerEnv = staffWorkerEnv({ FOLLOW_UP_SLA_MINUTES: '1', ESCALATION_MINUTES: '1', SWEEP_INTERVAL_SECONDS: '1' });
  stack = await startStack({ gateway: true, workerEnv });
  // A second worker with the same settings: reminders must stay exactly-once across processes.
  await stack.startExtraWorker();
  for (const key of Object.keys({ plain: 0, toWang: 0, toLi: 0, noted: 0, claimed: 0, actedAfter: 0 }) as (keyof typeof t)[]) {
    const { leadId, taskId } = await leadWithTask(stack, { name: `提醒 ${key}` });
    t[key] = { leadId, taskId, dueAt: 0 };
  }
  // Assigned without anyone acting (updated_by stays NULL): how a task
  // would look if assigned by a rule, so the reminder goes to the assignee.
  await stack.db.query('UPDATE follow_up_tasks SET assignee = $2 WHERE id = $1', [t.toWang.taskId, WANG.name]);
  await stack.db.query('UPDATE follow_up_tasks SET assignee = $2 WHERE id = $1', [t.toLi.taskId, LI.name]);
  // Acted on before falling due: a note (still open), and a claim.
  const noted = await patchTask(stack, t.noted.taskId, { note: '已发资料' }, LI);
  expect({ status: noted.status, body: noted.text }).toMatchObject({ status: 200 });
  const claimed = await patchTask(stack, t.claimed.taskId, { assignee: WANG.name, status: 'in_progress' }, WANG);
  expect({ status: claimed.status, body: claimed.text }).toMatchObject({ status: 200 });

  const { rows } = await stack.db.query(
    `UPDATE follow_up_tasks SET due_at = date_trunc('milliseconds', now()) - make_interval(secs => $2::int)
      WHERE id = ANY($1::uuid[]) RETURNING id, due_at`,
    [Object.values(t).map((c) => c.taskId), LATE_MS / 1000],
  );
  for (const row of rows) Object.values(t).find((c) => c.taskId === row.id)!.dueAt = row.due_at.getTime();
});

afterAll(async () => {
  // stop() ends the extra worker too.
  await stack?.stop();
});

const notices = (c: Case, kind: string): SinkMessage[] =>
  stack.sink.messages.filter((m) => m.header('x-lead-id') === c.leadId && m.header('x-lead-notice') === kind);

const waitNotice = (c: Case, kind: string, timeoutMs = 15000) =>
  stack.sink.waitFor(
    (m) => m.header('x-lead-id') === c.leadId && m.header('x-lead-notice') === kind,
    timeoutMs,
    `the ${kind} of task ${c.taskId}`,
  );

it('two workers share one SLA schedule', async () => {
  const schedulers = await stack.queue('maintenance').getJobSchedulers();
  expect(schedulers.filter((s) => s.key === 'sla-check' || s.id === 'sla-check')).toHaveLength(1);
  expect(schedulers.find((s) => s.key === 'sla-check' || s.id === 'sla-check')).toMatchObject({ every: 1000 });
});

it('a task falls due FOLLOW_UP_SLA_MINUTES after the lead arrived', async () => {
  const { leadId } = await leadWithTask(stack, { name: '时限' });
  const { rows } = await stack.db.query(
    'SELECT extract(epoch FROM t.due_at - l.received_at) * 1000 AS ms FROM follow_up_tasks t JOIN leads l ON l.id = t.lead_id WHERE l.id = $1',
    [leadId],
  );
  expect(Number(rows[0].ms)).toBe(SLA_MS);
});

it("an overdue untouched task gets one reminder: to the assignee's address if known, else MAIL_TO", async () => {
  const plain = await waitNotice(t.plain, 'reminder');
  expect(plain.envelopeTo).toEqual([MAIL_TO]);
  expect(plain.header('x-task-id')).toBe(t.plain.taskId);
  expect(plain.mail.subject).toContain('提醒 plain');

  const toWang = await waitNotice(t.toWang, 'reminder');
  expect(toWang.envelopeTo).toEqual([WANG_EMAIL]);
  // li has no STAFF_EMAILS entry: the team address.
  const toLi = await waitNotice(t.toLi, 'reminder');
  expect(toLi.envelopeTo).toEqual([MAIL_TO]);
  await waitNotice(t.actedAfter, 'reminder');

  // Not yet ESCALATION_MINUTES past due: no escalation so far.
  const now = Date.now();
  expect(now).toBeLessThan(t.plain.dueAt + ESCALATION_MS - 1000);
  expect(stack.sink.messages.filter((m) => m.header('x-lead-notice') === 'escalation')).toEqual([]);
});

it('someone acting on a reminded task stops its escalation', async () => {
  const res = await patchTask(stack, t.actedAfter.taskId, { note: '已电话联系' }, WANG);
  expect(res.status).toBe(200);
});

it('ESCALATION_MINUTES later: one escalation to ESCALATION_TO', async () => {
  for (const c of [t.plain, t.toWang, t.toLi]) {
    const mail = await waitNotice(c, 'escalation', 30000);
    expect(mail.envelopeTo).toEqual([ESCALATION_TO]);
    expect(mail.header('x-task-id')).toBe(c.taskId);
  }
  const { rows } = await stack.db.query(
    `SELECT task_id, extract(epoch FROM sent_at) * 1000 AS sent FROM notifications WHERE kind = 'escalation' AND status = 'sent'`,
  );
  for (const row of rows) {
    const c = Object.values(t).find((x) => x.taskId === row.task_id)!;
    expect(Number(row.sent)).toBeGreaterThanOrEqual(c.dueAt + ESCALATION_MS);
  }
});

it('never repeats a notice over several sweep intervals, and sends none for tasks acted on', async () => {
  // Several SLA checks (one a second) after the escalations went out.
  await sleep(4000);
  for (const c of [t.plain, t.toWang, t.toLi]) {
    expect({ task: c.taskId, reminders: notices(c, 'reminder').length, escalations: notices(c, 'escalation').length }).toEqual({
      task: c.taskId,
      reminders: 1,
      escalations: 1,
    });
  }
  expect(notices(t.actedAfter, 'reminder')).toHaveLength(1);
  expect(notices(t.actedAfter, 'escalation')).toHaveLength(0);
  for (const c of [t.noted, t.claimed]) {
    expect(notices(c, 'reminder')).toHaveLength(0);
    expect(notices(c, 'escalation')).toHaveLength(0);
  }
});

it('records each notice in the delivery log (kind reminder / escalation, status sent)', async () => {
  const { rows } = await stack.db.query(
    `SELECT task_id, kind, status, attempts, recipients, message_id FROM notifications WHERE kind IN ('reminder', 'escalation') ORDER BY task_id, kind`,
  );
  const of = (c: Case) => rows.filter((r) => r.task_id === c.taskId);
  expect(of(t.plain)).toEqual([
    expect.objectContaining({ kind: 'escalation', status: 'sent', attempts: 1, recipients: ESCALATION_TO }),
    expect.objectContaining({ kind: 'reminder', status: 'sent', attempts: 1, recipients: MAIL_TO }),
  ]);
  expect(of(t.toWang)).toEqual([
    expect.objectContaining({ kind: 'escalation', status: 'sent', recipients: ESCALATION_TO }),
    expect.objectContaining({ kind: 'reminder', status: 'sent', recipients: WANG_EMAIL }),
  ]);
  expect(of(t.actedAfter).map((r) => r.kind)).toEqual(['reminder']);
  expect(of(t.noted)).toEqual([]);
  expect(of(t.claimed)).toEqual([]);

  const detail = await adminGet(stack, `/admin/leads/${t.plain.leadId}`, WANG);
  expect(detail.status).toBe(200);
  const log = detail.json().notifications;
  // (The owner's personal email at arrival, if round robin picked someone with an address, is go-link.e2e-spec.ts's.)
  expect(
    log
      .map((n: any) => n.kind)
      .filter((k: string) => k !== 'assigned')
      .sort(),
  ).toEqual(['escalation', 'new-lead', 'reminder']);
  expect(log.every((n: any) => n.status === 'sent' && n.messageId)).toBe(true);
  const reminder = log.find((n: any) => n.kind === 'reminder');
  expect(reminder.messageId).toBe(notices(t.plain, 'reminder')[0].header('message-id'));
});

it('does not remind about a task that was done late (acting stops reminders for good)', async () => {
  // A task that was overdue, then closed and reopened by someone, stays quiet.
  const { leadId, taskId } = await leadWithTask(stack, { name: '提醒 closed' });
  expect((await patchTask(stack, taskId, { status: 'done', note: '已成交' }, WANG)).status).toBe(200);
  expect((await patchTask(stack, taskId, { status: 'open' }, WANG)).status).toBe(200);
  await stack.db.query(`UPDATE follow_up_tasks SET due_at = now() - interval '3 minutes' WHERE id = $1`, [taskId]);
  await sleep(3000);
  const notice = (m: { header(name: string): string | undefined }) => m.header('x-lead-notice');
  expect(stack.sink.forLead(leadId).filter((m) => notice(m) !== 'new-lead' && notice(m) !== 'assigned')).toEqual([]);
  // And the checks keep running: an untouched one still gets its reminder.
  const other = await leadWithTask(stack, { name: '提醒 later' });
  await stack.db.query(`UPDATE follow_up_tasks SET due_at = now() - interval '10 seconds' WHERE id = $1`, [other.taskId]);
  await waitFor(
    () => stack.sink.forLead(other.leadId).some((m) => m.header('x-lead-notice') === 'reminder'),
    10000,
    'a later reminder',
  );
});
