/**
 * Re-route on silence with CLAIM_WITHIN_MINUTES=1, REROUTE_LIMIT=2, the
 * check every second and two worker processes: a lead whose owner did not
 * touch it passes on exactly once per step, the new owner gets one personal
 * email, the silent one is told, and after the limit the managers are told
 * once; a claim racing the check either wins (no re-route) or is refused. Elapsed time is simulated by moving assigned_at into the past.
 * BUSINESS_HOURS covers the whole day here; a second deployment whose
 * BUSINESS_HOURS exclude now re-routes nothing.
 */
import { startStack, waitFor, type Stack } from '../support/stack';
import type { SinkMessage } from '../support/smtp-sink';
import { ESCALATION_TO, leadWithTask, patchTask, staffWorkerEnv, WANG } from '../support/staff';
import { sleep } from '../support/wait';

jest.setTimeout(120_000);

const ZHAO_EMAIL = 'zhao.sales@example.com';
const BOSS_EMAIL = 'boss@example.com';
const PUBLIC_ADMIN_URL = 'https://crm.example.com';

const env = (extra: Record<string, string> = {}) =>
  staffWorkerEnv({ CLAIM_WITHIN_MINUTES: '1', REROUTE_LIMIT: '2', PUBLIC_ADMIN_URL, ...extra });

/** zhao (sales, with an email) and boss (a manager who takes no leads) beside wang and li. */
async function addAccounts(stack: Stack): Promise<void> {
  await stack.db.query(
    `INSERT INTO staff (login, name, role, email, password_hash) VALUES
       ('zhao', '赵六', 'sales', $1, 'x'), ('boss', '老板', 'manager', $2, 'x') ON CONFLICT (login) DO NOTHING`,
    [ZHAO_EMAIL, BOSS_EMAIL],
  );
  await stack.db.query(`UPDATE staff SET receives_leads = login IN ('wang', 'li', 'zhao')`);
}

/** Gives the task to `login` as if `minutes` ago. */
const backdate = (stack: Stack, taskId: string, minutes: number, login?: string) =>
  stack.db.query(
    `UPDATE follow_up_tasks SET assignee = coalesce($3, assignee), assigned_at = now() - make_interval(mins => $2::int) WHERE id = $1`,
    [taskId, minutes, login ?? null],
  );

const reroutesOf = async (stack: Stack, taskId: string) =>
  (
    await stack.db.query(
      `SELECT from_assignee, to_assignee, note FROM task_events WHERE task_id = $1 AND action = 'rerouted' ORDER BY id`,
      [taskId],
    )
  ).rows as { from_assignee: string; to_assignee: string; note: string }[];

describe('business hours covering the whole day, two workers', () => {
  let stack: Stack;
  // Re-route notices only: the owner at arrival gets an `assigned` email of its own (go-link.e2e-spec.ts).
  const notices = (leadId: string, kind: string): SinkMessage[] =>
    stack.sink.messages.filter(
      (m) =>
        m.header('x-lead-id') === leadId && m.header('x-lead-notice') === kind && !m.header('message-id')?.includes('-arrival-'),
    );

  beforeAll(async () => {
    stack = await startStack({ gateway: true, workerEnv: env({ BUSINESS_HOURS: 'Mon-Sun 00:00-24:00 Asia/Shanghai' }) });
    await stack.startExtraWorker();
    await addAccounts(stack);
  });
  afterAll(() => stack?.stop());

  it('passes a silent owner’s lead on once per step, pages each new owner once, then tells the managers once', async () => {
    const { leadId, taskId } = await leadWithTask(stack, { name: '转派测试', phone: '13912345678' });
    await backdate(stack, taskId, 2, WANG.name);

    const first = await waitFor(
      async () => (await reroutesOf(stack, taskId)).length === 1 && reroutesOf(stack, taskId),
      20_000,
      'step 1',
    );
    expect(first[0]).toMatchObject({ from_assignee: 'wang' });
    expect(['li', 'zhao']).toContain(first[0].to_assignee);
    expect(first[0].note).toMatch(/^转派：.*wang.* 1 分钟内未响应$/);
    // The silent owner is told.
    await stack.sink.waitFor(
      (m) => m.header('x-lead-id') === leadId && m.header('x-lead-notice') === 'rerouted-away',
      15_000,
      'rerouted-away',
    );

    // The new owner is silent too.
    await backdate(stack, taskId, 2);
    const both = await waitFor(
      async () => (await reroutesOf(stack, taskId)).length === 2 && reroutesOf(stack, taskId),
      20_000,
      'step 2',
    );
    expect(both[1].from_assignee).toBe(first[0].to_assignee);
    expect(new Set(both.map((e) => e.to_assignee))).toEqual(new Set(['li', 'zhao']));

    // zhao (the one with an address) got one personal email with the link and the phone.
    const assigned = await stack.sink.waitFor((m) => notices(leadId, 'assigned').includes(m), 15_000, 'assigned email');
    expect(assigned.envelopeTo).toEqual([ZHAO_EMAIL]);
    expect(assigned.mail.text).toContain(`${PUBLIC_ADMIN_URL}/admin/board/leads/${leadId}`);
    // …and the new owner's one-tap link.
    expect(assigned.mail.text).toMatch(new RegExp(`${PUBLIC_ADMIN_URL}/admin/go/[A-Za-z0-9_-]+`));
    expect(assigned.mail.html).toContain('href="tel:');
    expect(assigned.mail.html).toContain('转派测试');

    // At the limit: the owner stays, the managers and ESCALATION_TO are told.
    await backdate(stack, taskId, 2);
    const limit = await stack.sink.waitFor(
      (m) => m.header('x-lead-id') === leadId && m.header('x-lead-notice') === 'reroute-limit',
      20_000,
      'reroute-limit email',
    );
    expect(limit.envelopeTo.sort()).toEqual([BOSS_EMAIL, ESCALATION_TO].sort());

    // Several more checks on both workers: nothing repeats.
    await sleep(4000);
    expect(await reroutesOf(stack, taskId)).toHaveLength(2);
    const task = (await stack.db.query('SELECT assignee, reroutes FROM follow_up_tasks WHERE id = $1', [taskId])).rows[0];
    expect(task).toEqual({ assignee: both[1].to_assignee, reroutes: 2 });
    expect(notices(leadId, 'assigned')).toHaveLength(1);
    expect(notices(leadId, 'rerouted-away').length).toBe(both.filter((e) => e.from_assignee !== 'li').length);
    expect(notices(leadId, 'reroute-limit')).toHaveLength(1);
    const rows = await stack.db.query(
      `SELECT kind, count(*)::int AS n FROM notifications WHERE task_id = $1 AND dedupe_key NOT LIKE '%:arrival' GROUP BY kind`,
      [taskId],
    );
    expect(Object.fromEntries(rows.rows.map((r) => [r.kind, r.n]))).toMatchObject({ assigned: 1, 'reroute-limit': 1 });
  });

  it('never re-routes a lead its owner touched', async () => {
    const { taskId } = await leadWithTask(stack, { name: '已跟进' });
    await backdate(stack, taskId, 0, WANG.name);
    const res = await patchTask(stack, taskId, { note: '已电话联系' }, WANG);
    expect({ status: res.status, body: res.text }).toMatchObject({ status: 200 });
    await backdate(stack, taskId, 5);
    await sleep(4000);
    expect(await reroutesOf(stack, taskId)).toEqual([]);
    const task = (await stack.db.query('SELECT assignee, reroutes FROM follow_up_tasks WHERE id = $1', [taskId])).rows[0];
    expect(task).toEqual({ assignee: 'wang', reroutes: 0 });
  });

  it('a claim racing the re-route: whichever commits first, never a re-route after the touch', async () => {
    // Silent past the limit, then claimed by the owner at different moments of the once-a-second check on two workers.
    const leads = await Promise.all([0, 1, 2, 3].map((i) => leadWithTask(stack, { name: `竞争 ${i}` })));
    const claims = await Promise.all(
      leads.map(async ({ taskId }, i) => {
        await backdate(stack, taskId, 2, WANG.name);
        await sleep(i * 250);
        return (await patchTask(stack, taskId, { assignee: WANG.name, status: 'in_progress' }, WANG)).status;
      }),
    );
    // Later checks have had their chance at every one of them.
    await sleep(3000);
    for (const [i, { taskId }] of leads.entries()) {
      const task = (
        await stack.db.query('SELECT assignee, reroutes, first_touch_by, first_touch_at FROM follow_up_tasks WHERE id = $1', [
          taskId,
        ])
      ).rows[0];
      const reroutes = await reroutesOf(stack, taskId);
      if (claims[i] === 200) {
        // The touch won: the lead stays with its owner and no re-route is recorded.
        expect({ i, task, reroutes }).toEqual({
          i,
          task: { assignee: WANG.name, reroutes: 0, first_touch_by: WANG.name, first_touch_at: expect.any(Date) },
          reroutes: [],
        });
      } else {
        // The re-route won: the lead is someone else's, and wang's claim was refused as a colleague's task.
        expect({ i, status: claims[i], rerouted: reroutes.map((r) => r.from_assignee) }).toEqual({
          i,
          status: 404,
          rerouted: [WANG.name],
        });
        expect(task.first_touch_by).not.toBe(WANG.name);
      }
    }
  });

  it('a silent owner without the time run out keeps the lead', async () => {
    const { taskId } = await leadWithTask(stack, { name: '刚分配' });
    await backdate(stack, taskId, 0, WANG.name);
    await sleep(3000);
    expect(await reroutesOf(stack, taskId)).toEqual([]);
  });
});

describe('business hours excluding now', () => {
  let stack: Stack;

  beforeAll(async () => {
    // A one-hour window that never contains the current UTC hour.
    const start = (new Date().getUTCHours() + 2) % 22;
    const hh = (h: number) => String(h).padStart(2, '0');
    stack = await startStack({
      gateway: true,
      workerEnv: env({ BUSINESS_HOURS: `Mon-Sun ${hh(start)}:00-${hh(start + 1)}:00 UTC` }),
    });
    await addAccounts(stack);
  });
  afterAll(() => stack?.stop());

  it('does not re-route a lead at night before opening', async () => {
    const { taskId } = await leadWithTask(stack, { name: '夜间线索' });
    // Held for 50 wall minutes, all of them outside opening hours.
    await backdate(stack, taskId, 50, WANG.name);
    await sleep(4000);
    expect(await reroutesOf(stack, taskId)).toEqual([]);
    expect(stack.sink.messages.filter((m) => m.header('x-lead-notice') === 'assigned')).toEqual([]);
  });
});
