/**
 * The reports' per-day rollup against the built stack: leads over five past
 * days (inserted with SQL, as seed:demo does, with touches, outcomes,
 * re-routes, overdue tasks and forms) and two today. Every summary is
 * checked against the report's own arithmetic (`summarize`) over the leads
 * as the database holds them at that moment, read by this spec's own
 * statement: before the rollup, once it has built the days, after old leads
 * change (a first touch, an outcome, a re-route, an erasure, a lead stored
 * late: each day read live until rebuilt), and after the rebuild; with the
 * owner, source and form filters and a salesperson's view, and owners.csv.
 */
import { randomUUID } from 'node:crypto';
import { BEIJING_TIME_ZONE } from '../../libs/contracts/src/i18n/beijing-time';
import { addDays, zoneDay } from '../../apps/worker/src/reporting/report-days';
import { type ReportLead, sourceOf, summarize } from '../../apps/worker/src/reporting/report-summary';
import { startStack, waitFor, type Stack } from '../support/stack';
import {
  ADMIN,
  adminGet,
  adminSend,
  authOf,
  csvRecords,
  getBytes,
  LI,
  patchTask,
  staffWorkerEnv,
  WANG,
  type Account,
} from '../support/staff';

jest.setTimeout(180_000);

let stack: Stack;
const TODAY = zoneDay(new Date(), BEIJING_TIME_ZONE);
/** Five closed days, the newest two days before today. */
const DAYS = [6, 5, 4, 3, 2].map((n) => addDays(TODAY, -n));
const RANGE = { from: addDays(TODAY, -7), to: TODAY };
/** Midnight of `day` in Beijing (UTC+8, no daylight saving). */
const midnight = (day: string) => new Date(Date.parse(`${day}T00:00:00+08:00`));

beforeAll(async () => {
  stack = await startStack({ workerEnv: staffWorkerEnv({ CLAIM_WITHIN_MINUTES: '10' }) });
  // The rollup runs when this spec says (rollUp below), not every minute: the marks it checks would go with a run.
  await stack.queue('maintenance').removeJobScheduler('report-rollup');
  await insertFixture();
});

afterAll(async () => {
  await stack?.stop();
});

interface FixtureLead {
  id: string;
  received_at: string;
  utm: Record<string, string>;
  page: string | null;
  form: string | null;
  assignee: string | null;
  status: string;
  due_at: string;
  first_touch_at: string | null;
  first_touch_owner: string | null;
  response_seconds: number | null;
  response_business_seconds: number | null;
  outcome: string | null;
  rerouted_from: string | null;
}

/** 40 leads over DAYS and two today, every combination the report counts, stored as the app stores them. */
async function insertFixture(): Promise<void> {
  const owners = [WANG.name, LI.name, null];
  const leads: FixtureLead[] = [];
  for (let i = 0; i < 42; i++) {
    const today = i >= 40;
    const received = today
      ? new Date(Date.now() - (i - 38) * 60_000)
      : new Date(midnight(DAYS[i % 5]).getTime() + ((i * 37) % 1440) * 60_000);
    const owner = owners[i % 3];
    const touched = i % 6 !== 0 && owner !== null;
    const wall = touched ? ((i * 997) % 20_000) + 30 : null;
    const status = i % 7 === 0 ? 'open' : i % 7 === 1 ? 'in_progress' : i % 5 === 1 ? 'done' : 'cancelled';
    leads.push({
      id: randomUUID(),
      received_at: received.toISOString(),
      utm: i % 3 === 0 ? { utm_source: 'baidu' } : i % 3 === 1 ? { utm_source: ' wechat ' } : {},
      page: i % 4 === 2 ? 'https://www.example.com/products?id=7' : null,
      form: i % 4 === 0 ? 'expo' : i % 4 === 1 ? 'quote' : null,
      assignee: owner,
      status,
      // Overdue when open; one open task falls due only in two days.
      due_at: new Date(received.getTime() + (i === 14 ? 9 * 86_400_000 : 30 * 60_000)).toISOString(),
      first_touch_at: wall === null ? null : new Date(received.getTime() + wall * 1000).toISOString(),
      first_touch_owner: wall === null ? null : owner,
      response_seconds: wall,
      response_business_seconds: wall === null ? null : Math.floor(wall / (1 + (i % 3))),
      outcome: status === 'done' ? ['won', 'qualified', 'unqualified', 'invalid', 'spam'][i % 5] : null,
      rerouted_from: i % 9 === 0 && owner ? (owner === WANG.name ? LI.name : WANG.name) : null,
    });
  }
  const data = JSON.stringify(leads);
  await stack.db.query(
    `INSERT INTO leads (id, name, requirement, utm, page, received_at, created_at)
     SELECT id, '报表 ' || id, '需求', utm, page, received_at, received_at + interval '1 second'
       FROM jsonb_to_recordset($1::jsonb) AS x(id uuid, utm jsonb, page text, received_at timestamptz)`,
    [data],
  );
  await stack.db.query(
    `INSERT INTO follow_up_tasks (lead_id, status, assignee, due_at, first_touch_at, first_touch_by, first_touch_owner,
                                  response_seconds, response_business_seconds, outcome)
     SELECT id, status, assignee, due_at, first_touch_at, first_touch_owner, first_touch_owner, response_seconds,
            response_business_seconds, outcome
       FROM jsonb_to_recordset($1::jsonb) AS x(id uuid, status text, assignee text, due_at timestamptz, first_touch_at timestamptz,
                                               first_touch_owner text, response_seconds int, response_business_seconds int, outcome text)`,
    [data],
  );
  await stack.db.query(
    `INSERT INTO task_events (task_id, actor, action, from_status, to_status, from_assignee, to_assignee)
     SELECT t.id, 'reroute', 'rerouted', 'open', 'open', x.rerouted_from, t.assignee
       FROM jsonb_to_recordset($1::jsonb) AS x(id uuid, rerouted_from text) JOIN follow_up_tasks t ON t.lead_id = x.id
      WHERE x.rerouted_from IS NOT NULL`,
    [data],
  );
  await stack.db.query(
    `INSERT INTO lead_forms (lead_id, form_slug, form_version)
     SELECT id, form, 1 FROM jsonb_to_recordset($1::jsonb) AS x(id uuid, form text) WHERE form IS NOT NULL`,
    [data],
  );
}

// The oracle: every lead with its task, form and re-routes as the database holds them now, read by this spec.
const LEADS_NOW = `
SELECT to_char(l.received_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD') AS day, coalesce(lf.form_slug, 'default') AS form,
       l.utm->>'utm_source' AS utm_source, l.page, t.assignee, t.first_touch_at, t.first_touch_owner, t.response_seconds,
       t.response_business_seconds, t.outcome, coalesce(t.status IN ('open', 'in_progress') AND t.due_at < now(), false) AS overdue,
       ARRAY(SELECT e.from_assignee FROM task_events e WHERE e.task_id = t.id AND e.action = 'rerouted' AND e.from_assignee IS NOT NULL
              ORDER BY e.at) AS rerouted
  FROM leads l LEFT JOIN follow_up_tasks t ON t.lead_id = l.id LEFT JOIN lead_forms lf ON lf.lead_id = l.id`;

interface Query {
  owner?: string;
  source?: string;
  form?: string;
}

/** The summary as the report's arithmetic gives it over the leads as they are now. */
async function expected(q: Query, as: Account = ADMIN) {
  const { rows } = await stack.db.query(LEADS_NOW);
  const leads: ReportLead[] = rows.map((r) => ({
    day: r.day,
    form: r.form,
    source: sourceOf(r.utm_source, r.page, '直接访问'),
    owner: r.first_touch_at ? (r.first_touch_owner ?? r.assignee) : r.assignee,
    currentOwner: r.assignee,
    responseSeconds: r.response_seconds,
    responseBusinessSeconds: r.response_business_seconds,
    outcome: r.outcome,
    overdueOpen: r.overdue,
    reroutedFrom: r.rerouted,
  }));
  const staff = await stack.db.query(`SELECT login, name FROM staff`);
  const days: string[] = [];
  for (let d = RANGE.from; d <= RANGE.to; d = addDays(d, 1)) days.push(d);
  return summarize(leads, {
    ...RANGE,
    days,
    names: new Map(staff.rows.map((s) => [s.login, s.name])),
    targetSeconds: 600,
    ...q,
    owner: as === LI ? LI.name : q.owner,
  });
}

async function summary(q: Query, as: Account = ADMIN) {
  const res = await adminGet(stack, `/admin/reports/summary?${new URLSearchParams({ ...RANGE, ...q })}`, as);
  expect(res.status).toBe(200);
  return res.json();
}

const QUERIES: [string, Query, Account][] = [
  ['everyone', {}, ADMIN],
  ['owner=wang', { owner: WANG.name }, ADMIN],
  ['source=baidu', { source: 'baidu' }, ADMIN],
  ['form=expo', { form: 'expo' }, ADMIN],
  ['form=default, source=www.example.com', { form: 'default', source: 'www.example.com' }, ADMIN],
  ['form=quote, owner=li', { form: 'quote', owner: LI.name }, ADMIN],
  ["li's own view", {}, LI],
];

async function expectLiveNumbers(): Promise<void> {
  for (const [, q, as] of QUERIES) expect(await summary(q, as)).toEqual(await expected(q, as));
}

/** Runs the maintenance job and waits until every day of the fixture is built again and clean. */
async function rollUp(): Promise<void> {
  const { rows } = await stack.db.query(`SELECT now() AS at`);
  // A run stops after its time budget (10 s): on a busy machine the days may take more than one run.
  let ranAt = 0;
  await waitFor(
    async () => {
      if (Date.now() - ranAt > 10_000) {
        ranAt = Date.now();
        await stack.queue('maintenance').add('maintenance.report-rollup', {});
      }
      const built = await stack.db.query(
        `SELECT count(*)::int AS n FROM report_days WHERE day = ANY($1::date[]) AND built_at >= $2`,
        [DAYS, rows[0].at],
      );
      return built.rows[0].n === DAYS.length;
    },
    60_000,
    'the rollup to rebuild the fixture days',
  );
}

const dirtyDays = async () =>
  (
    await stack.db.query(
      `SELECT DISTINCT to_char(slot AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD') AS day FROM report_dirty ORDER BY 1`,
    )
  ).rows.map((r) => r.day);

const taskOf = async (leadId: string) =>
  (await stack.db.query(`SELECT id FROM follow_up_tasks WHERE lead_id = $1`, [leadId])).rows[0].id as string;

/** A fixture lead of `day` whose task matches `where` (SQL over t and l). */
async function leadOf(day: string, where: string): Promise<string> {
  const { rows } = await stack.db.query(
    `SELECT l.id FROM leads l JOIN follow_up_tasks t ON t.lead_id = l.id
      WHERE to_char(l.received_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD') = $1 AND ${where} ORDER BY l.received_at LIMIT 1`,
    [day],
  );
  expect(rows).toHaveLength(1);
  return rows[0].id;
}

describe('the reports over the rollup', () => {
  it('give the live numbers before the days are rolled up', async () => {
    await expectLiveNumbers();
  });

  it('roll up the closed days (not today) and give the same numbers from them', async () => {
    await rollUp();
    const { rows } = await stack.db.query(
      `SELECT to_char(day, 'YYYY-MM-DD') AS day, valid_until IS NOT NULL AS pending FROM report_days ORDER BY day`,
    );
    expect(rows.map((r) => r.day)).toEqual(expect.arrayContaining(DAYS));
    expect(rows.map((r) => r.day)).not.toContain(TODAY);
    // The open task falling due in nine days keeps its day's overdue counts valid until then.
    expect(rows.filter((r) => r.pending).map((r) => r.day)).toEqual([DAYS[14 % 5]]);
    expect(await dirtyDays()).toEqual([]);
    const cells = await stack.db.query(`SELECT count(*)::int AS n FROM report_day_owners WHERE day = ANY($1::date[])`, [DAYS]);
    expect(cells.rows[0].n).toBeGreaterThan(0);
    await expectLiveNumbers();
  });

  it('read a changed day live until it is rebuilt, then from the rollup again', async () => {
    // A first touch now (the contact log) on an untouched lead of the oldest day.
    const untouched = await leadOf(DAYS[0], `t.first_touch_at IS NULL AND t.status = 'open'`);
    expect((await adminSend(stack, 'POST', `/admin/leads/${untouched}/contacts`, { result: 'reached' }, ADMIN)).status).toBe(201);
    // An outcome on a lead of the second day.
    const open = await leadOf(DAYS[1], `t.status = 'in_progress'`);
    expect((await patchTask(stack, await taskOf(open), { status: 'done', note: '签约', outcome: 'won' })).status).toBe(200);
    // A re-route on the third: the owner changes with a history row, as the re-route on silence writes them.
    const rerouted = await leadOf(DAYS[2], `t.assignee = 'li' AND t.status IN ('open', 'in_progress')`);
    const task = await taskOf(rerouted);
    expect((await patchTask(stack, task, { assignee: WANG.name })).status).toBe(200);
    await stack.db.query(
      `INSERT INTO task_events (task_id, actor, action, from_status, to_status, from_assignee, to_assignee)
       VALUES ($1, 'reroute', 'rerouted', 'open', 'open', 'li', 'wang')`,
      [task],
    );
    // An erasure on the fourth: its source fields go, its task closes.
    const erased = await leadOf(DAYS[3], `l.utm ? 'utm_source'`);
    expect((await adminSend(stack, 'DELETE', `/admin/leads/${erased}`, { reason: 'request' })).status).toBe(200);
    expect(await dirtyDays()).toEqual(DAYS.slice(0, 4));

    // A lead of the last day stored only now (a backlog): no trigger, the late count shows it.
    await stack.db.query(
      `INSERT INTO leads (id, name, requirement, utm, received_at) VALUES ($1, '迟到', '需求', '{"utm_source": "baidu"}', $2)`,
      [randomUUID(), new Date(midnight(DAYS[4]).getTime() + 3600_000)],
    );
    await expectLiveNumbers();

    await rollUp();
    expect(await dirtyDays()).toEqual([]);
    const late = await stack.db.query(`SELECT late_leads FROM report_days WHERE day = $1`, [DAYS[4]]);
    expect(late.rows[0].late_leads).toBe(1);
    await expectLiveNumbers();
  });

  it('give owners.csv for a form as its summary rows', async () => {
    const q = { ...RANGE, form: 'expo' };
    const res = await getBytes(`${stack.adminUrl}/admin/reports/owners.csv?${new URLSearchParams(q)}`, authOf(ADMIN));
    expect(res.status).toBe(200);
    const { records } = csvRecords(res.bytes.subarray(3).toString('utf8'));
    const rows = (await expected({ form: 'expo' })).byOwner;
    expect(records.map((r) => [r.login, Number(r.leads), Number(r.overdue_open), Number(r.rerouted_away)])).toEqual(
      rows.map((r) => [r.login ?? '', r.leads, r.overdueOpen, r.reroutedAway]),
    );
    expect(rows.length).toBeGreaterThan(1);
  });
});
