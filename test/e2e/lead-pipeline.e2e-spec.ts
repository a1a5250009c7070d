/**
 * The happy path, end to end: a form post through the gateway, BullMQ, the
 * worker, Postgres and SMTP, with the alert email checked as sales receive it.
 */
import { BROWSER_ACCEPT, postForm, postJson } from '../support/http';
import { alertJobId, JobName, QueueName } from '@app/contracts';
import { startStack, validLead, waitFor, type Stack } from '../support/stack';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
// Two addresses with a space after the comma, as an operator would type them.
const MAIL_TO = 'sales@example.com, boss@example.com';
// Not the default (30), so the test proves the setting is read.
const SLA_MINUTES = 45;

// Starting the apps takes seconds; jest's 5 s default is for unit tests.
jest.setTimeout(60_000);

let stack: Stack;

beforeAll(async () => {
  stack = await startStack({ workerEnv: { MAIL_TO, FOLLOW_UP_SLA_MINUTES: String(SLA_MINUTES) } });
});

afterAll(async () => {
  await stack?.stop();
});

async function leadRow(id: string) {
  const [row] = await stack.waitForRows('SELECT * FROM leads WHERE id = $1', [id]);
  return row;
}

describe('JSON post', () => {
  const requirement = '需要 200 套储能设备的报价。\n<script>alert("x")</script> & 交期 < 30 天';
  const fields = validLead({
    phone: '+86 138 1234 5678',
    company: '上海某某科技有限公司',
    requirement,
    utm_source: 'baidu',
    utm_campaign: '春季推广',
    budget: '50万',
  });
  let id: string;
  let before: number;
  let after: number;

  beforeAll(async () => {
    before = Date.now();
    const res = await postJson(stack.leadsUrl, fields, {
      headers: { 'user-agent': 'e2e-agent/1.0', referer: 'https://www.youpower.com.cn/contact.html' },
    });
    after = Date.now();
    expect(res.status).toBe(202);
    const body = res.json();
    expect(body).toEqual({ id: expect.stringMatching(UUID), status: 'queued' });
    id = body.id;
  });

  it('stores the lead with normalized fields, raw phone, UTM, extras and request context', async () => {
    const row = await leadRow(id);
    expect(row).toMatchObject({
      name: fields.name,
      phone: '+8613812345678',
      phone_raw: '+86 138 1234 5678',
      email: fields.email,
      company: fields.company,
      requirement,
      user_agent: 'e2e-agent/1.0',
      page: 'https://www.youpower.com.cn/contact.html',
    });
    expect(row.utm).toEqual({ utm_source: 'baidu', utm_campaign: '春季推广' });
    expect(row.extras).toEqual({ budget: '50万' });
    expect(['127.0.0.1', '::ffff:127.0.0.1', '::1']).toContain(row.ip);
    // received_at is stamped by the gateway while it handled our request.
    const received = new Date(row.received_at).getTime();
    expect(received).toBeGreaterThanOrEqual(before - 1000);
    expect(received).toBeLessThanOrEqual(after + 1000);
  });

  it('creates one open follow-up task due FOLLOW_UP_SLA_MINUTES after receipt', async () => {
    const tasks = await stack.waitForRows(
      `SELECT t.status, EXTRACT(EPOCH FROM (t.due_at - l.received_at))::float AS due_after_s
         FROM follow_up_tasks t JOIN leads l ON l.id = t.lead_id WHERE t.lead_id = $1`,
      [id],
    );
    expect(tasks).toEqual([{ status: 'open', due_after_s: SLA_MINUTES * 60 }]);
  });

  it('sends exactly one alert to every MAIL_TO address with the lead headers', async () => {
    const email = await stack.sink.waitForLead(id);
    expect([...email.envelopeTo].sort()).toEqual(['boss@example.com', 'sales@example.com']);
    const to = email.mail.to;
    const toAddresses = (Array.isArray(to) ? to : to ? [to] : []).flatMap((a) => a.value.map((v) => v.address));
    expect(toAddresses.sort()).toEqual(['boss@example.com', 'sales@example.com']);
    expect(email.envelopeFrom).toBe('no-reply@youpower.com.cn');

    expect(email.header('x-lead-id')).toBe(id);
    expect(email.header('x-lead-notice')).toBe('new-lead');
    expect(email.header('message-id')).toBe(`<lead-${id}@youpower.com.cn>`);
    expect(email.mail.replyTo?.value.map((v) => v.address)).toEqual([fields.email]);
    expect(email.mail.subject).toContain(fields.name as string);
    expect(email.mail.subject).toContain('上海某某科技有限公司');
    expect(stack.sink.forLead(id)).toHaveLength(1);
  });

  it('puts every field in the text part and HTML-escapes them in the HTML part', async () => {
    const email = await stack.sink.waitForLead(id);
    const text = email.mail.text ?? '';
    const html = typeof email.mail.html === 'string' ? email.mail.html : '';
    expect(text).toContain('<script>alert("x")</script>');
    expect(text).toContain('交期 < 30 天');
    for (const value of [fields.name, fields.email, '+8613812345678', '上海某某科技有限公司', 'baidu', '50万', id]) {
      expect(text).toContain(value);
    }
    expect(html).not.toContain('<script>');
    expect(html).toContain('&lt;script&gt;');
    expect(html).toContain('&amp; 交期 &lt; 30 天');
    expect(html).toContain('50万');
  });

  it('records the notification as sent in the ledger', async () => {
    const rows = await stack.waitForRows(
      `SELECT channel, kind, status, sent_at FROM notifications WHERE lead_id = $1 AND status = 'sent'`,
      [id],
    );
    expect(rows).toEqual([{ channel: 'email', kind: 'new-lead', status: 'sent', sent_at: expect.any(Date) }]);
    const { rows: all } = await stack.db.query('SELECT count(*)::int AS n FROM notifications WHERE lead_id = $1', [id]);
    expect(all[0].n).toBe(1);
  });
});

describe('urlencoded form post (a plain HTML form without JavaScript)', () => {
  it('is accepted, stored with a normalized landline and alerted once', async () => {
    const fields = validLead({ phone: '021-5290 8189', company: '北京某某有限公司' });
    delete fields.email;
    const res = await postForm(stack.leadsUrl, {
      ...(fields as Record<string, string>),
      consent: 'on',
      _gotcha: '',
      utm_medium: 'cpc',
    });
    expect(res.status).toBe(202);
    const { id, status } = res.json();
    expect(id).toMatch(UUID);
    expect(status).toBe('queued');

    const row = await leadRow(id);
    expect(row).toMatchObject({
      name: fields.name,
      phone: '+862152908189',
      phone_raw: '021-5290 8189',
      email: null,
      company: '北京某某有限公司',
      requirement: fields.requirement,
      consent: true,
    });
    expect(row.utm).toEqual({ utm_medium: 'cpc' });

    const email = await stack.sink.waitForLead(id);
    expect(email.mail.subject).toContain(fields.name as string);
    expect(email.mail.subject).toContain('北京某某有限公司');
    expect(email.mail.text).toContain(fields.requirement as string);
    await stack.waitForRows(`SELECT 1 FROM follow_up_tasks WHERE lead_id = $1 AND status = 'open'`, [id]);
  });
});

describe('Idempotency-Key', () => {
  it('returns the same id and makes one lead and one email, also when repeated after the alert', async () => {
    const key = `idem-${Date.now()}-${Math.random()}`;
    const fields = validLead();
    const first = await postJson(stack.leadsUrl, fields, { headers: { 'idempotency-key': key } });
    // A retry is the same submission even when a client serializes its fields in another order.
    const reordered = Object.fromEntries(Object.entries(fields).reverse());
    const second = await postJson(stack.leadsUrl, reordered, { headers: { 'idempotency-key': key } });
    expect(first.status).toBe(202);
    expect(second.status).toBe(202);
    const id = first.json().id;
    expect(second.json().id).toBe(id);

    await stack.sink.waitForLead(id);
    // The alert is out: a third try must still change nothing.
    const third = await postJson(stack.leadsUrl, fields, { headers: { 'idempotency-key': key } });
    expect(third.status).toBe(202);
    expect(third.json().id).toBe(id);

    // A later lead fully processed shows the worker has drained what came before it.
    await stack.processLead();
    const { rows } = await stack.db.query(
      `SELECT (SELECT count(*)::int FROM leads WHERE id = $1) AS leads,
              (SELECT count(*)::int FROM leads WHERE name = $2) AS by_name,
              (SELECT count(*)::int FROM follow_up_tasks WHERE lead_id = $1) AS tasks,
              (SELECT count(*)::int FROM notifications WHERE lead_id = $1) AS notifications`,
      [id, fields.name],
    );
    expect(rows[0]).toEqual({ leads: 1, by_name: 1, tasks: 1, notifications: 1 });
    expect(stack.sink.forLead(id)).toHaveLength(1);
  });

  it('gives different ids for different keys', async () => {
    const fields = validLead();
    const a = await postJson(stack.leadsUrl, fields, { headers: { 'idempotency-key': `a-${Math.random()}` } });
    const b = await postJson(stack.leadsUrl, fields, { headers: { 'idempotency-key': `b-${Math.random()}` } });
    expect(a.status).toBe(202);
    expect(b.status).toBe(202);
    expect(a.json().id).not.toBe(b.json().id);
  });

  it("refuses the key with another body (422, JSON or a page): whoever used it first gets no one else's lead", async () => {
    const key = `taken-${Date.now()}-${Math.random()}`;
    const squatter = validLead({ name: '抢注者', requirement: '别人的需求被我占了' });
    const genuine = validLead({ requirement: '我们真正的需求:500 套设备' });
    const first = await postJson(stack.leadsUrl, squatter, { headers: { 'idempotency-key': key } });
    expect(first.status).toBe(202);
    const squatterId = first.json().id;
    // The id is random, not derived from the key: knowing the key tells nothing about it.
    expect(squatterId[14]).toBe('4');

    const refused = await postJson(stack.leadsUrl, genuine, {
      headers: { 'idempotency-key': key, 'accept-language': 'zh-CN' },
    });
    expect(refused.status).toBe(422);
    expect(refused.json()).toEqual({
      statusCode: 422,
      error: 'idempotency_key_reused',
      message: expect.stringContaining('Idempotency-Key'),
    });
    expect(refused.json().message).toMatch(/\p{Script=Han}/u);
    expect(refused.text).not.toContain(squatterId);

    const page = await postForm(stack.leadsUrl, genuine as Record<string, string>, {
      headers: { 'idempotency-key': key, accept: BROWSER_ACCEPT, 'accept-language': 'en' },
    });
    expect(page.status).toBe(422);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    expect(page.text).toContain('Idempotency-Key already used');
    expect(page.text).not.toContain(squatterId);

    // Only the first submission became a lead; the refused one was never queued.
    await stack.processLead();
    const { rows } = await stack.db.query(`SELECT id, requirement FROM leads WHERE name = ANY($1::text[])`, [
      [squatter.name, genuine.name],
    ]);
    expect(rows).toEqual([{ id: squatterId, requirement: squatter.requirement }]);

    // The genuine visitor retries under a key of their own and gets through.
    const retried = await postJson(stack.leadsUrl, genuine, { headers: { 'idempotency-key': `${key}-2` } });
    expect(retried.status).toBe(202);
    expect(retried.json().id).not.toBe(squatterId);
  });
});

describe('honeypot (_gotcha)', () => {
  it('answers like an accepted lead but queues, stores and sends nothing', async () => {
    const json = validLead({ _gotcha: 'http://spam.example.com' });
    const form = validLead({ _gotcha: 'buy now' });
    const jsonRes = await postJson(stack.leadsUrl, json);
    const formRes = await postForm(stack.leadsUrl, form as Record<string, string>);
    for (const res of [jsonRes, formRes]) {
      expect(res.status).toBe(202);
      expect(res.json()).toEqual({ id: expect.stringMatching(UUID), status: 'queued' });
    }
    const ids = [jsonRes.json().id, formRes.json().id];

    // Nothing under the test prefix in Redis...
    for (const id of ids) expect(await stack.queue('lead-intake').getJob(id)).toBeUndefined();
    // ...and after a later real lead went all the way through, still no row and no email.
    await stack.processLead();
    const { rows } = await stack.db.query('SELECT count(*)::int AS n FROM leads WHERE id = ANY($1) OR name = ANY($2)', [
      ids,
      [json.name, form.name],
    ]);
    expect(rows[0].n).toBe(0);
    const leaked = stack.sink.messages.filter(
      (m) => ids.includes(m.header('x-lead-id')) || [json.name, form.name].some((n) => m.mail.subject?.includes(n as string)),
    );
    expect(leaked).toHaveLength(0);
  });
});

describe('a job that runs twice', () => {
  /** Waits until the job `id` in `queueName` has completed after `since` (ms epoch). */
  async function completedAfter(queueName: string, id: string, since: number) {
    return waitFor(
      async () => {
        const job = await stack.queue(queueName).getJob(id);
        if (!job) return null;
        const state = await job.getState();
        if (state === 'failed') throw new Error(`job ${id} failed: ${job.failedReason}`);
        return state === 'completed' && (job.finishedOn ?? 0) > since ? job : null;
      },
      15000,
      `job ${id} in ${queueName} to complete again`,
    );
  }

  it('sends no second alert when the completed intake job is retried', async () => {
    const { id } = await stack.processLead();
    const intake = await completedAfter(QueueName.LeadIntake, id, 0);

    const t = Date.now() - 1;
    await intake.retry('completed');
    await completedAfter(QueueName.LeadIntake, id, t);

    await stack.processLead();
    expect(stack.sink.forLead(id)).toHaveLength(1);
    await expectOneOfEach(id);
  });

  it('sends no second alert when an alert job runs for a lead already alerted', async () => {
    // What the sweeper does when it re-drives an alert it believes stuck.
    const { id } = await stack.processLead();
    await stack.waitForRows(`SELECT 1 FROM notifications WHERE lead_id = $1 AND status = 'sent'`, [id]);
    const t = Date.now() - 1;
    const notify = stack.queue(QueueName.LeadNotify);
    await (await notify.getJob(alertJobId(id)))?.remove();
    await notify.add(JobName.LeadAlert, { leadId: id }, { jobId: alertJobId(id) });
    await completedAfter(QueueName.LeadNotify, alertJobId(id), t);
    // And once more, the same job id retried after it completed.
    const again = Date.now() - 1;
    await (await notify.getJob(alertJobId(id)))!.retry('completed');
    await completedAfter(QueueName.LeadNotify, alertJobId(id), again);

    await stack.processLead();
    expect(stack.sink.forLead(id)).toHaveLength(1);
    await expectOneOfEach(id);
  });

  it('sends no second alert when the same payload is queued again after the job was removed', async () => {
    const { id } = await stack.processLead();
    const intake = await completedAfter(QueueName.LeadIntake, id, 0);
    // Completed jobs are removed after a while; a late duplicate then meets no job id to dedupe against.
    await intake.remove();

    const t = Date.now() - 1;
    await stack.queue(QueueName.LeadIntake).add(intake.name, intake.data, { jobId: id });
    await completedAfter(QueueName.LeadIntake, id, t);
    // If the re-run handed off an alert job, let it finish before judging.
    await waitFor(
      async () => {
        const job = await stack.queue(QueueName.LeadNotify).getJob(alertJobId(id));
        if (!job) return true;
        const state = await job.getState();
        return state === 'completed' || state === 'failed';
      },
      15000,
      'any alert job of the re-run to finish',
    );

    await stack.processLead();
    expect(stack.sink.forLead(id)).toHaveLength(1);
    await expectOneOfEach(id);
  });

  async function expectOneOfEach(id: string) {
    const { rows } = await stack.db.query(
      `SELECT (SELECT count(*)::int FROM leads WHERE id = $1) AS leads,
              (SELECT count(*)::int FROM follow_up_tasks WHERE lead_id = $1) AS tasks,
              (SELECT count(*)::int FROM notifications WHERE lead_id = $1) AS notifications,
              (SELECT count(*)::int FROM notifications WHERE lead_id = $1 AND status = 'sent') AS sent`,
      [id],
    );
    expect(rows[0]).toEqual({ leads: 1, tasks: 1, notifications: 1, sent: 1 });
  }
});
