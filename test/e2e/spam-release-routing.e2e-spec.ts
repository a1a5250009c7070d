/**
 * A held lead writes to nobody, the visitor included (AUTORESPONSE_ENABLED
 * is on here); released as not spam it goes where it would have gone had it
 * never been held (issue 23 with forms and teams): its form's team, alert
 * recipients and SLA, and a returning customer's owner before round robin.
 */
import { intakeCompleted } from '../support/defences';
import { get, postJson } from '../support/http';
import { adminSend, LI, staffWorkerEnv } from '../support/staff';
import { startStack, validLead, waitFor, type Stack } from '../support/stack';

jest.setTimeout(120_000);

const TEAM = '外贸组';
const EXPORT_DESK = 'export.desk@example.com';
const SLA_MINUTES = 240;
const SPAM = {
  name: 'SEO优化',
  company: null,
  requirement: '专业网站SEO优化，百度关键词7天上首页，高权重外链代发，包收录，加微信 seo8888 https://bit.ly/x7Yz',
};

let stack: Stack;

beforeAll(async () => {
  stack = await startStack({
    workerEnv: staffWorkerEnv({ ASSIGNMENT: 'round-robin', RETURNING_CUSTOMER_DAYS: '730', AUTORESPONSE_ENABLED: 'true' }),
  });
});

afterAll(async () => {
  await stack?.stop();
});

async function held(url: string, lead: Record<string, unknown>): Promise<string> {
  const res = await postJson(url, validLead(lead));
  expect(res.status).toBe(202);
  const id: string = res.json().id;
  await stack.waitForRows('SELECT id FROM leads WHERE id = $1 AND quarantined', [id], 30_000);
  return id;
}

const release = (id: string) => adminSend(stack, 'POST', `/admin/leads/${id}/not-spam`, undefined);

const taskOf = async (id: string) =>
  (
    await stack.db.query(
      `SELECT t.assignee, t.due_at, tm.name AS team,
              (SELECT e.note FROM task_events e WHERE e.task_id = t.id AND e.action = 'assigned') AS how
         FROM follow_up_tasks t LEFT JOIN teams tm ON tm.id = t.team_id WHERE t.lead_id = $1`,
      [id],
    )
  ).rows[0];

it('sends the visitor of a held lead no autoresponse, as it sends one to a genuine visitor', async () => {
  const autoresponsesTo = (address: string) =>
    stack.sink.messages.filter((m) => m.header('x-lead-notice') === 'autoresponse' && m.envelopeTo.includes(address));
  const spammer = 'seo.quiet@example.net';
  const id = await held(stack.leadsUrl, { ...SPAM, email: spammer });
  // The job is done: whatever it would send is sent.
  expect(await intakeCompleted(stack, id)).toMatchObject({ owner: null, alert: 'quarantined', autoresponse: 'quarantined' });
  const buyer = 'buyer.quiet@example.com';
  await stack.processLead({ email: buyer, phone: '13712340066', requirement: '需要不锈钢板 304 两吨，请报价' });
  await waitFor(async () => autoresponsesTo(buyer).length === 1, 15_000, "the buyer's autoresponse");
  expect(autoresponsesTo(spammer)).toEqual([]);
});

it("gives a released lead its form's team, alert recipients and SLA", async () => {
  expect((await adminSend(stack, 'POST', '/admin/teams', { name: TEAM, members: [LI.name] })).status).toBe(201);
  const form = {
    slug: 'export',
    name: 'Export inquiry',
    language: 'zh',
    fields: [{ key: 'name' }, { key: 'phone' }, { key: 'email' }, { key: 'requirement', required: true }],
    team: TEAM,
    mailTo: [EXPORT_DESK],
    slaMinutes: SLA_MINUTES,
  };
  expect((await adminSend(stack, 'POST', '/admin/forms', form)).status).toBe(201);
  await waitFor(
    async () => (await get(`${stack.gatewayUrl}/api/forms/export`)).status === 200,
    10_000,
    'the form at the gateway',
  );

  const id = await held(`${stack.gatewayUrl}/api/forms/export/leads`, { ...SPAM, email: 'seo.export@mailinator.com' });
  const clickedAt = Date.now();
  const res = await release(id);
  expect(res.json()).toMatchObject({ released: true, owner: LI.name });
  const task = await taskOf(id);
  expect([task.assignee, task.team, task.how]).toEqual([LI.name, TEAM, 'round-robin']);
  // Always open (no BUSINESS_HOURS): due the form's SLA after the click, not FOLLOW_UP_SLA_MINUTES.
  expect(new Date(task.due_at).getTime()).toBeGreaterThanOrEqual(clickedAt + SLA_MINUTES * 60_000);
  const alert = await stack.sink.waitForLead(id);
  expect(alert.envelopeTo).toEqual([EXPORT_DESK]);
});

it("gives a returning customer's released lead to the owner of their earlier lead", async () => {
  const phone = '13712340077';
  const { id: first } = await stack.processLead({ phone, requirement: '需要干式变压器 SCB13-800kVA 2台，请报价' });
  const owner: string = (await taskOf(first)).assignee;
  expect(owner).toEqual(expect.any(String));
  // Round robin can no longer pick them: only the returning-customer rule can.
  await stack.db.query('UPDATE staff SET receives_leads = false WHERE login = $1', [owner]);
  try {
    const id = await held(stack.leadsUrl, { ...SPAM, phone, email: 'seo.back@mailinator.com' });
    expect((await release(id)).json()).toMatchObject({ released: true, owner });
    expect((await taskOf(id)).how).toBe('returning-customer');
  } finally {
    await stack.db.query('UPDATE staff SET receives_leads = true WHERE login = $1', [owner]);
  }
});
