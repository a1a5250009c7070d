/**
 * Speed to lead against the built worker: the first touch (claim, start,
 * note, done, contact attempt) recorded once and only by a touch, also under
 * concurrent requests, and when it is due (touchDueAt); POST
 * /admin/leads/:id/contacts; the outcome of a done task (enough to close it); the first-touch metric; and GET /admin/reports/summary's numbers
 * against a fixture with known timestamps (owners.csv too).
 */
import { randomUUID } from 'node:crypto';
import { parseBusinessHours } from '../../apps/worker/src/data/business-hours';
import { businessSecondsBetween } from '../../apps/worker/src/data/business-seconds';
import { postJson } from '../support/http';
import { startStack, validLead, type Stack } from '../support/stack';
import {
  ADMIN,
  adminGet,
  adminSend,
  authOf,
  csvRecords,
  getBytes,
  leadWithTask,
  LI,
  metricValue,
  patchTask,
  staffWorkerEnv,
  taskRow,
  WANG,
  type Account,
} from '../support/staff';

jest.setTimeout(90_000);

const BUSINESS_HOURS = 'Mon-Fri 09:00-18:00 Asia/Shanghai';

let stack: Stack;

beforeAll(async () => {
  stack = await startStack({ workerEnv: staffWorkerEnv({ BUSINESS_HOURS, CLAIM_WITHIN_MINUTES: '10' }) });
});

afterAll(async () => {
  await stack?.stop();
});

const contact = (leadId: string, body: unknown, as: Account = WANG) =>
  adminSend(stack, 'POST', `/admin/leads/${leadId}/contacts`, body, as);

const leadJson = async (leadId: string) => {
  const res = await adminGet(stack, `/admin/leads/${leadId}`);
  expect(res.status).toBe(200);
  return res.json();
};

describe('first touch', () => {
  const actions: [string, (lead: { leadId: string; taskId: string }) => Promise<{ status: number }>, number][] = [
    ['claim', (l) => patchTask(stack, l.taskId, { assignee: WANG.name, status: 'in_progress' }, WANG), 200],
    ['start', (l) => patchTask(stack, l.taskId, { status: 'in_progress' }, WANG), 200],
    ['note', (l) => patchTask(stack, l.taskId, { note: '已加微信' }, WANG), 200],
    ['done', (l) => patchTask(stack, l.taskId, { status: 'done', note: '已报价' }, WANG), 200],
    ['contact attempt', (l) => contact(l.leadId, { result: 'no_answer' }), 201],
  ];

  it.each(actions)('a %s is the first touch, recorded once', async (_name, act, status) => {
    const lead = await leadWithTask(stack);
    const before = await leadJson(lead.leadId);
    expect(before.lead).toMatchObject({
      firstTouchAt: null,
      firstTouchBy: null,
      responseSeconds: null,
      responseBusinessSeconds: null,
    });
    expect(before.task).toMatchObject({ firstTouchAt: null, firstTouchBy: null, responseSeconds: null });

    expect((await act(lead)).status).toBe(status);
    const first = await leadJson(lead.leadId);
    expect(first.task.firstTouchBy).toBe(WANG.name);
    expect(first.lead.firstTouchBy).toBe(WANG.name);
    expect(Date.parse(first.task.firstTouchAt)).toBeGreaterThanOrEqual(Date.parse(first.lead.receivedAt));
    expect(first.task.responseSeconds).toBe(
      Math.round((Date.parse(first.task.firstTouchAt) - Date.parse(first.lead.receivedAt)) / 1000),
    );
    expect(first.lead).toMatchObject({
      firstTouchAt: first.task.firstTouchAt,
      responseSeconds: first.task.responseSeconds,
      responseBusinessSeconds: first.task.responseBusinessSeconds,
    });

    // A later action by someone else changes nothing of it.
    expect((await patchTask(stack, lead.taskId, { note: '经理补充' }, ADMIN)).status).toBe(200);
    expect((await contact(lead.leadId, { result: 'reached' }, ADMIN)).json().firstTouch).toBe(false);
    const later = await leadJson(lead.leadId);
    expect(later.task).toMatchObject({
      firstTouchAt: first.task.firstTouchAt,
      firstTouchBy: WANG.name,
      responseSeconds: first.task.responseSeconds,
    });
  });

  it('assigning, handing on and cancelling are no touch', async () => {
    const lead = await leadWithTask(stack);
    expect((await patchTask(stack, lead.taskId, { assignee: LI.name })).status).toBe(200);
    expect((await patchTask(stack, lead.taskId, { assignee: WANG.name })).status).toBe(200);
    expect((await patchTask(stack, lead.taskId, { assignee: null })).status).toBe(200);
    expect((await patchTask(stack, lead.taskId, { status: 'cancelled' })).status).toBe(200);
    expect(await taskRow(stack, lead.taskId)).toMatchObject({
      first_touch_at: null,
      first_touch_by: null,
      response_seconds: null,
    });
    // Reopened and claimed: that is the touch.
    expect((await patchTask(stack, lead.taskId, { status: 'open' })).status).toBe(200);
    expect((await patchTask(stack, lead.taskId, { assignee: LI.name, status: 'in_progress' }, LI)).status).toBe(200);
    expect((await taskRow(stack, lead.taskId)).first_touch_by).toBe(LI.name);
  });

  it('two concurrent claims record one first touch, by the one that won', async () => {
    const lead = await leadWithTask(stack);
    const claims = await Promise.all(
      [WANG, LI].map((who) => patchTask(stack, lead.taskId, { assignee: who.name, status: 'in_progress' }, who)),
    );
    const won = claims.filter((r) => r.status === 200);
    expect(won).toHaveLength(1);
    const winner = won[0].json();
    expect(winner.firstTouchBy).toBe(winner.assignee);
    expect(await taskRow(stack, lead.taskId)).toMatchObject({
      first_touch_by: winner.assignee,
      first_touch_owner: winner.assignee,
    });
  });

  it('two concurrent contact attempts are both logged, one is the first touch', async () => {
    const lead = await leadWithTask(stack);
    const answers = await Promise.all([
      contact(lead.leadId, { result: 'no_answer' }, WANG),
      contact(lead.leadId, { result: 'messaged' }, ADMIN),
    ]);
    expect(answers.map((r) => r.status)).toEqual([201, 201]);
    const first = answers.map((r) => r.json()).filter((a) => a.firstTouch);
    expect(first).toHaveLength(1);
    expect((await taskRow(stack, lead.taskId)).first_touch_by).toBe(first[0].by);
  });

  it('counts business seconds from the next opening (BUSINESS_HOURS)', async () => {
    const lead = await leadWithTask(stack);
    // Three days ago at 22:00 in Shanghai: nights and perhaps a weekend lie between.
    const received = new Date(Date.now() - 3 * 86_400_000);
    received.setUTCHours(14, 0, 0, 0);
    await stack.db.query(`UPDATE leads SET received_at = $2 WHERE id = $1`, [lead.leadId, received]);
    expect((await contact(lead.leadId, { result: 'reached', note: '约了下周演示' })).status).toBe(201);
    const { task } = await leadJson(lead.leadId);
    const touched = new Date(task.firstTouchAt);
    expect(task.responseSeconds).toBe(Math.round((touched.getTime() - received.getTime()) / 1000));
    expect(task.responseBusinessSeconds).toBe(businessSecondsBetween(received, touched, parseBusinessHours(BUSINESS_HOURS)));
    expect(task.responseBusinessSeconds).toBeLessThan(task.responseSeconds - 2 * 15 * 3600);
  });

  it('says when the first touch is due: CLAIM_WITHIN_MINUTES business minutes after arrival, null once touched', async () => {
    const lead = await leadWithTask(stack);
    // Monday 2 March 2026, 22:00 in Shanghai: the clock starts at Tuesday's opening, 09:00.
    await stack.db.query(`UPDATE leads SET received_at = '2026-03-02T14:00:00Z' WHERE id = $1`, [lead.leadId]);
    const before = await leadJson(lead.leadId);
    expect(before.lead.touchDueAt).toBe('2026-03-03T01:10:00.000Z');
    expect(before.task.touchDueAt).toBe('2026-03-03T01:10:00.000Z');
    const listed = (await adminGet(stack, '/admin/tasks?limit=200')).json().items;
    expect(listed.find((t: any) => t.id === lead.taskId).touchDueAt).toBe('2026-03-03T01:10:00.000Z');

    expect((await contact(lead.leadId, { result: 'messaged' })).status).toBe(201);
    const after = await leadJson(lead.leadId);
    expect(after.lead.touchDueAt).toBeNull();
    expect(after.task.touchDueAt).toBeNull();
    const relisted = (await adminGet(stack, '/admin/tasks?limit=200')).json().items;
    expect(relisted.find((t: any) => t.id === lead.taskId).touchDueAt).toBeNull();
  });

  it('GET /admin/tasks lists the first touch with each task', async () => {
    const touched = await leadWithTask(stack);
    const untouched = await leadWithTask(stack);
    expect((await patchTask(stack, touched.taskId, { note: '已联系' }, WANG)).status).toBe(200);
    const items = (await adminGet(stack, '/admin/tasks?limit=200')).json().items;
    expect(items.find((t: any) => t.id === touched.taskId)).toMatchObject({
      firstTouchBy: WANG.name,
      firstTouchAt: expect.any(String),
      responseSeconds: expect.any(Number),
      responseBusinessSeconds: expect.any(Number),
    });
    expect(items.find((t: any) => t.id === untouched.taskId)).toMatchObject({
      firstTouchAt: null,
      firstTouchBy: null,
      responseSeconds: null,
      responseBusinessSeconds: null,
    });
  });
});

describe('POST /admin/leads/:id/contacts', () => {
  it('records the attempt in the history and answers 201 with it', async () => {
    const lead = await leadWithTask(stack);
    const res = await contact(lead.leadId, { result: 'wrong_number', note: '  空号 <b>x</b> ' });
    expect(res.status).toBe(201);
    expect(res.json()).toEqual({
      id: expect.any(String),
      leadId: lead.leadId,
      taskId: lead.taskId,
      result: 'wrong_number',
      note: '空号 <b>x</b>',
      by: WANG.name,
      at: expect.any(String),
      firstTouch: true,
    });
    const history = (await leadJson(lead.leadId)).task.history;
    expect(history.at(-1)).toMatchObject({
      actor: WANG.name,
      action: 'contact-wrong-number',
      note: '空号 <b>x</b>',
      toStatus: 'open',
    });
  });

  it('refuses bad input with field errors, an unknown lead with 404', async () => {
    const lead = await leadWithTask(stack);
    const bad = await contact(lead.leadId, { result: 'hung_up', note: 'x'.repeat(1001) });
    expect(bad.status).toBe(400);
    expect(bad.json().errors.map((e: any) => e.field)).toEqual(['result', 'note']);
    expect((await contact(lead.leadId, { result: 'reached', note: 'a\u0000b' })).status).toBe(400);
    expect((await contact(lead.leadId, ['reached'])).status).toBe(400);
    expect((await contact(randomUUID(), { result: 'reached' })).status).toBe(404);
    expect((await contact('not-a-uuid', { result: 'reached' })).status).toBe(400);
    expect((await taskRow(stack, lead.taskId)).first_touch_at).toBeNull();
  });

  it("lets sales log on their own and unassigned leads only (someone else's: 404)", async () => {
    const lead = await leadWithTask(stack);
    expect((await patchTask(stack, lead.taskId, { assignee: LI.name })).status).toBe(200);
    expect((await contact(lead.leadId, { result: 'reached' }, WANG)).status).toBe(404);
    expect((await contact(lead.leadId, { result: 'reached' }, LI)).status).toBe(201);
    expect((await contact(lead.leadId, { result: 'messaged' }, ADMIN)).status).toBe(201);
  });

  it('refuses an erased lead', async () => {
    const lead = await leadWithTask(stack);
    expect((await adminSend(stack, 'DELETE', `/admin/leads/${lead.leadId}`, { reason: 'request' })).status).toBe(200);
    expect((await contact(lead.leadId, { result: 'reached' }, ADMIN)).status).toBe(404);
  });
});

describe('outcome of a done task', () => {
  it('closes a task on its own, without a note; with neither the task stays as it was', async () => {
    const lead = await leadWithTask(stack);
    const neither = await patchTask(stack, lead.taskId, { status: 'done', note: ' ', outcome: null }, WANG);
    expect(neither.status).toBe(400);
    expect(neither.json().message).toMatch(/note .* or an outcome/);
    expect((await taskRow(stack, lead.taskId)).status).toBe('open');
    const done = await patchTask(stack, lead.taskId, { status: 'done', outcome: 'unqualified' }, WANG);
    expect(done.status).toBe(200);
    expect(done.json()).toMatchObject({ status: 'done', outcome: 'unqualified', note: null, firstTouchBy: WANG.name });
    const { task } = await leadJson(lead.leadId);
    expect(task.history.at(-1)).toMatchObject({ action: 'done', toStatus: 'done', note: null });
  });

  it('is stored and returned with the task; invalid values and outcomes without done are 400', async () => {
    const lead = await leadWithTask(stack);
    expect((await patchTask(stack, lead.taskId, { status: 'done', note: '已成交', outcome: 'lost' }, WANG)).status).toBe(400);
    expect((await patchTask(stack, lead.taskId, { outcome: 'won' }, WANG)).status).toBe(400);
    const done = await patchTask(stack, lead.taskId, { status: 'done', note: '已成交', outcome: 'won' }, WANG);
    expect(done.status).toBe(200);
    expect(done.json()).toMatchObject({ status: 'done', outcome: 'won', note: '已成交' });
    const listed = (await adminGet(stack, '/admin/tasks?status=done&limit=200')).json().items;
    expect(listed.find((t: any) => t.id === lead.taskId).outcome).toBe('won');
    // Corrected while done, cleared when reopened.
    expect((await patchTask(stack, lead.taskId, { outcome: 'qualified' }, WANG)).json().outcome).toBe('qualified');
    expect((await patchTask(stack, lead.taskId, { status: 'open' }, WANG)).json().outcome).toBeNull();
  });
});

describe('the leads CSV', () => {
  it('carries the first touch and the outcome', async () => {
    const lead = await leadWithTask(stack);
    expect((await patchTask(stack, lead.taskId, { status: 'done', note: '垃圾信息', outcome: 'spam' }, WANG)).status).toBe(200);
    const res = await getBytes(`${stack.adminUrl}/admin/leads.csv`, authOf(ADMIN));
    const row = csvRecords(res.bytes.subarray(3).toString('utf8')).records.find((r) => r.id === lead.leadId)!;
    // Words and names, as a person reads the export: the outcome from the catalog, the owner by display name.
    expect(row).toMatchObject({ first_touch_by: WANG.name, outcome: '垃圾' });
    expect(Number(row.response_seconds)).toBeGreaterThanOrEqual(0);
    expect(Number.isNaN(Date.parse(row.first_touch_at))).toBe(false);
  });
});

describe('GET /admin/reports/summary', () => {
  // Beijing days 2025-03-10 to 2025-03-12 (UTC+8), far from every other lead of the run.
  const RANGE = 'from=2025-03-10&to=2025-03-12';
  const ids: Record<string, { leadId: string; taskId: string }> = {};

  async function post(key: string, fields: Record<string, unknown>, referer?: string) {
    const res = await postJson(stack.leadsUrl, validLead({ name: `报表 ${key}`, ...fields }), {
      headers: referer ? { referer } : {},
    });
    expect(res.status).toBe(202);
    const leadId = res.json().id;
    const [task] = await stack.waitForRows<{ id: string }>('SELECT id FROM follow_up_tasks WHERE lead_id = $1', [leadId]);
    ids[key] = { leadId, taskId: task.id };
  }

  /** The lead's arrival, and its first touch when it had one, at known times (seconds after arrival). */
  async function setTimes(key: string, receivedAt: string, response?: { wall: number; business: number }) {
    const { leadId, taskId } = ids[key];
    await stack.db.query(`UPDATE leads SET received_at = $2 WHERE id = $1`, [leadId, receivedAt]);
    await stack.db.query(
      `UPDATE follow_up_tasks SET due_at = $2::timestamptz + interval '30 minutes',
              first_touch_at = CASE WHEN $3::int IS NULL THEN NULL ELSE $2::timestamptz + make_interval(secs => $3::int) END,
              response_seconds = $3, response_business_seconds = $4 WHERE id = $1`,
      [taskId, receivedAt, response?.wall ?? null, response?.business ?? null],
    );
  }

  beforeAll(async () => {
    await post('A', { utm_source: 'baidu' });
    await post('B', {}, 'https://www.example.com/products?id=7');
    await post('C', {});
    await post('D', { utm_source: 'baidu' });
    await post('early', { utm_source: 'baidu' });
    await post('late', { utm_source: 'baidu' });
    // A: wang claims and wins it; B: li claims, qualified; C: given to wang,
    // never touched (overdue); D: wang's when he called, then re-routed to li.
    expect((await patchTask(stack, ids.A.taskId, { assignee: WANG.name, status: 'in_progress' }, WANG)).status).toBe(200);
    expect((await patchTask(stack, ids.A.taskId, { status: 'done', note: '签约', outcome: 'won' }, WANG)).status).toBe(200);
    expect((await patchTask(stack, ids.B.taskId, { assignee: LI.name, status: 'in_progress' }, LI)).status).toBe(200);
    expect((await patchTask(stack, ids.B.taskId, { status: 'done', note: '有兴趣', outcome: 'qualified' }, LI)).status).toBe(200);
    expect((await patchTask(stack, ids.C.taskId, { assignee: WANG.name })).status).toBe(200);
    expect((await patchTask(stack, ids.D.taskId, { assignee: WANG.name })).status).toBe(200);
    expect((await contact(ids.D.leadId, { result: 'no_answer' }, WANG)).status).toBe(201);
    expect((await patchTask(stack, ids.D.taskId, { assignee: LI.name })).status).toBe(200);
    await stack.db.query(
      `INSERT INTO task_events (task_id, actor, action, from_status, to_status, from_assignee, to_assignee)
       VALUES ($1, 'routing', 'rerouted', 'open', 'open', $2, $3)`,
      [ids.D.taskId, WANG.name, LI.name],
    );
    await setTimes('A', '2025-03-10T01:00:00Z', { wall: 120, business: 120 }); // 09:00 on the 10th
    await setTimes('B', '2025-03-10T15:30:00Z', { wall: 4000, business: 1000 }); // 23:30 on the 10th
    await setTimes('C', '2025-03-10T16:30:00Z'); // 00:30 on the 11th in Beijing
    await setTimes('D', '2025-03-12T02:00:00Z', { wall: 600, business: 600 });
    await setTimes('early', '2025-03-09T15:59:00Z'); // 23:59 on the 9th: outside
    await setTimes('late', '2025-03-12T16:00:00Z'); // 00:00 on the 13th: outside
  });

  const outcomes = (o: Record<string, number> = {}) => ({ won: 0, qualified: 0, unqualified: 0, invalid: 0, spam: 0, ...o });

  it('gives the numbers of the fixture', async () => {
    const res = await adminGet(stack, `/admin/reports/summary?${RANGE}`);
    expect(res.status).toBe(200);
    const body = res.json();
    expect(Object.keys(body).sort()).toEqual(
      [
        'bySource',
        'buckets',
        'byDay',
        'byOwner',
        'from',
        'leads',
        'medianResponseSeconds',
        'p90ResponseSeconds',
        'to',
        'touched',
      ].sort(),
    );
    expect(body).toMatchObject({
      from: '2025-03-10',
      to: '2025-03-12',
      leads: 4,
      touched: 3,
      medianResponseSeconds: 600,
      p90ResponseSeconds: 4000,
      buckets: { within5m: 1, within1h: 1, within24h: 1, later: 0, never: 1 },
      byDay: [
        { day: '2025-03-10', leads: 2, bySource: { baidu: 1, 'www.example.com': 1 } },
        { day: '2025-03-11', leads: 1, bySource: { 直接访问: 1 } },
        { day: '2025-03-12', leads: 1, bySource: { baidu: 1 } },
      ],
    });
    expect(body.byOwner).toEqual([
      {
        login: WANG.name,
        name: WANG.name,
        leads: 3,
        touched: 2,
        medianResponseSeconds: 360,
        p90ResponseSeconds: 600,
        withinTarget: 0.667,
        reroutedAway: 1,
        overdueOpen: 1,
        outcomes: outcomes({ won: 1 }),
      },
      {
        login: LI.name,
        name: LI.name,
        leads: 1,
        touched: 1,
        medianResponseSeconds: 4000,
        p90ResponseSeconds: 4000,
        withinTarget: 0,
        reroutedAway: 0,
        overdueOpen: 1,
        outcomes: outcomes({ qualified: 1 }),
      },
    ]);
    expect(body.bySource).toHaveLength(3);
    expect(body.bySource[0]).toEqual({ source: 'baidu', leads: 2, outcomes: outcomes({ won: 1 }) });
    expect(body.bySource).toEqual(
      expect.arrayContaining([
        { source: 'www.example.com', leads: 1, outcomes: outcomes({ qualified: 1 }) },
        { source: '直接访问', leads: 1, outcomes: outcomes() },
      ]),
    );
  });

  it('shows a salesperson their own leads and row only, and filters by owner and source', async () => {
    const wang = (await adminGet(stack, `/admin/reports/summary?${RANGE}&owner=${LI.name}`, WANG)).json();
    expect(wang).toMatchObject({ leads: 3, touched: 2, medianResponseSeconds: 360 });
    expect(wang.byOwner.map((r: any) => r.login)).toEqual([WANG.name]);
    const li = (await adminGet(stack, `/admin/reports/summary?${RANGE}`, LI)).json();
    expect(li).toMatchObject({ leads: 1, touched: 1, buckets: { within5m: 0, within1h: 0, within24h: 1, later: 0, never: 0 } });
    const byManager = (await adminGet(stack, `/admin/reports/summary?${RANGE}&owner=${LI.name}`)).json();
    expect(byManager).toMatchObject({ leads: 1, byOwner: [{ login: LI.name }] });
    const baidu = (await adminGet(stack, `/admin/reports/summary?${RANGE}&source=baidu`)).json();
    expect(baidu).toMatchObject({ leads: 2, touched: 2, medianResponseSeconds: 360, bySource: [{ source: 'baidu', leads: 2 }] });
  });

  it.each([
    '',
    'from=2025-03-10',
    'from=2025-3-10&to=2025-03-12',
    'from=2025-02-30&to=2025-03-12',
    'from=2025-03-12&to=2025-03-10',
    'from=2024-01-01&to=2025-03-12',
  ])('answers 400 for ?%s', async (query) => {
    const res = await adminGet(stack, `/admin/reports/summary?${query}`);
    expect(res.status).toBe(400);
    expect((await adminGet(stack, `/admin/reports/owners.csv?${query}`)).status).toBe(400);
  });

  it('gives the per-owner table as CSV with a BOM', async () => {
    const res = await getBytes(`${stack.adminUrl}/admin/reports/owners.csv?${RANGE}`, authOf(ADMIN));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/csv; charset=utf-8/);
    expect(res.headers.get('content-disposition')).toContain('owners-2025-03-10-2025-03-12.csv');
    expect([...res.bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const { header, records } = csvRecords(res.bytes.subarray(3).toString('utf8'));
    expect(header).toEqual([
      'login',
      'name',
      'leads',
      'touched',
      'median_response_seconds',
      'p90_response_seconds',
      'within_target',
      'rerouted_away',
      'overdue_open',
      'won',
      'qualified',
      'unqualified',
      'invalid',
      'spam',
    ]);
    expect(records[0]).toMatchObject({
      login: WANG.name,
      leads: '3',
      median_response_seconds: '360',
      won: '1',
      rerouted_away: '1',
    });
  });
});

describe('metrics', () => {
  it('observes each first touch once in lead_first_touch_seconds; leads_rerouted_total is registered', async () => {
    const text = (await adminGet(stack, '/metrics')).text;
    // Every touch of this run went through the API; the fixture above only moved touches in time.
    const { rows } = await stack.db.query(`SELECT count(*)::int AS n FROM follow_up_tasks WHERE first_touch_at IS NOT NULL`);
    expect(rows[0].n).toBeGreaterThan(10);
    expect(metricValue(text, 'lead_first_touch_seconds_count')).toBe(rows[0].n);
    expect(metricValue(text, 'lead_first_touch_seconds_bucket', { le: '300' })).toBeGreaterThan(0);
    expect(metricValue(text, 'leads_rerouted_total')).toBe(0);
  });
});
