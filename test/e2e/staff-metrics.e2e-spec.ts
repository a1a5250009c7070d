/**
 * GET /metrics on both apps (Prometheus text via prom-client). Here the
 * worker's are public (METRICS_PUBLIC=true) and the gateway's are not: they
 * open to METRICS_TOKEN as a bearer token only, never to the admin's
 * password, and failed attempts are throttled per client. The alert failure
 * counter is checked through a real failure: the SMTP relay goes down for
 * one lead.
 */
import { basicAuth, get, postJson } from '../support/http';
import { ADMIN_PASSWORD, ADMIN_USER, startStack, validLead, waitFor, type Stack } from '../support/stack';
import { adminGet, metricValue, staffWorkerEnv, WANG } from '../support/staff';

jest.setTimeout(60_000);

let stack: Stack;

const METRICS_TOKEN = 'e2e-metrics-token-7Qx9';
const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

beforeAll(async () => {
  stack = await startStack({
    workerEnv: staffWorkerEnv({ METRICS_PUBLIC: 'true' }),
    // The admin's password is in the gateway's environment too, as in a shared .env: it must open nothing.
    gatewayEnv: { ADMIN_USER, ADMIN_PASSWORD, METRICS_TOKEN, METRICS_PUBLIC: undefined },
  });
});

afterAll(async () => {
  await stack?.stop();
});

const workerMetrics = async () => {
  const res = await get(`${stack.adminUrl}/metrics`);
  expect(res.status).toBe(200);
  return res.text;
};

describe('worker /metrics (METRICS_PUBLIC=true)', () => {
  it('answers without credentials in the Prometheus text format, while /admin stays closed', async () => {
    const res = await get(`${stack.adminUrl}/metrics`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain/);
    expect((await get(`${stack.adminUrl}/admin/tasks`)).status).toBe(401);
  });

  it('names every metric the README promises', async () => {
    const text = await workerMetrics();
    for (const name of [
      'alerts_sent_total',
      'alerts_failed_total',
      'queue_jobs',
      'job_duration_seconds',
      'follow_up_tasks',
      'process_cpu_seconds_total',
    ]) {
      expect(text).toMatch(new RegExp(`^# HELP ${name} `, 'm'));
      expect(text).toMatch(new RegExp(`^# TYPE ${name} `, 'm'));
    }
  });

  it('counts a delivered alert, the job duration, queue depths and the open/overdue tasks', async () => {
    const { id } = await stack.processLead();
    await stack.waitForRows(`SELECT 1 FROM notifications WHERE lead_id = $1 AND status = 'sent'`, [id]);
    // The intake job's completion is recorded just after the email went out.
    const text = await waitFor(
      async () => {
        const t = await workerMetrics();
        return (metricValue(t, 'job_duration_seconds_count', { queue: 'lead-intake' }) ?? 0) >= 1 ? t : null;
      },
      10000,
      'job_duration_seconds_count{queue="lead-intake"}',
    );
    expect(metricValue(text, 'alerts_sent_total', { channel: 'email', kind: 'new-lead' })).toBeGreaterThanOrEqual(1);
    for (const state of ['waiting', 'active', 'delayed', 'failed']) {
      expect({ state, value: metricValue(text, 'queue_jobs', { queue: 'lead-intake', state }) }).toEqual({
        state,
        value: expect.any(Number),
      });
    }
    expect(metricValue(text, 'queue_jobs', { queue: 'lead-notify', state: 'waiting' })).toEqual(expect.any(Number));
    expect(metricValue(text, 'follow_up_tasks', { status: 'open' })).toBeGreaterThanOrEqual(1);
    expect(metricValue(text, 'process_cpu_seconds_total')).toBeGreaterThan(0);

    const overdueBefore = metricValue(text, 'follow_up_tasks', { status: 'overdue' }) ?? 0;
    await stack.db.query(`UPDATE follow_up_tasks SET due_at = now() - interval '1 minute' WHERE lead_id = $1`, [id]);
    expect(metricValue(await workerMetrics(), 'follow_up_tasks', { status: 'overdue' })).toBe(overdueBefore + 1);
  });

  it('counts a failed delivery in alerts_failed_total when SMTP is down', async () => {
    const before = metricValue(await workerMetrics(), 'alerts_failed_total', { channel: 'email', kind: 'new-lead' }) ?? 0;
    await stack.sink.stop();
    let leadId: string;
    try {
      const res = await postJson(stack.leadsUrl, validLead({ name: '发信失败' }));
      expect(res.status).toBe(202);
      leadId = res.json().id;
      await stack.waitForRows(`SELECT 1 FROM notifications WHERE lead_id = $1 AND last_error IS NOT NULL`, [leadId]);
      const text = await waitFor(
        async () => {
          const t = await workerMetrics();
          return (metricValue(t, 'alerts_failed_total', { channel: 'email', kind: 'new-lead' }) ?? 0) > before ? t : null;
        },
        10000,
        'alerts_failed_total{kind="new-lead"} to grow',
      );
      expect(metricValue(text, 'alerts_failed_total', { channel: 'email', kind: 'new-lead' })).toBeGreaterThan(before);
    } finally {
      await stack.sink.start();
    }
    // SMTP back: the alert goes out after all (and counts as sent).
    await stack.sink.waitForLead(leadId!, 20000);
  });
});

describe('gateway /metrics (METRICS_PUBLIC unset, METRICS_TOKEN set)', () => {
  const url = () => `${stack.gatewayUrl}/metrics`;

  // The throttle counts failures per client for the current minute, and every request here comes from
  // 127.0.0.1: the tests that succeed run first, the one that exhausts the limit last. Up to then the
  // failures below stay under the limit of 10.
  it('asks for the bearer token: 401 with a Bearer challenge, also for a wrong token', async () => {
    const none = await get(url());
    expect(none.status).toBe(401);
    expect(none.headers.get('www-authenticate')).toMatch(/^Bearer /i);
    expect(none.text).not.toContain('leads_accepted_total');
    expect((await get(url(), { headers: bearer(`${METRICS_TOKEN}x`) })).status).toBe(401);
  });

  it("refuses the admin's password, as Basic credentials or as the token", async () => {
    for (const headers of [basicAuth(ADMIN_USER, ADMIN_PASSWORD), bearer(ADMIN_PASSWORD)]) {
      const res = await get(url(), { headers });
      expect(res.status).toBe(401);
      expect(res.text).not.toContain('leads_accepted_total');
    }
  });

  it('with the token: 200 with leads accepted and rejected (by reason)', async () => {
    const before = await get(url(), { headers: bearer(METRICS_TOKEN) });
    expect(before.status).toBe(200);
    const accepted0 = metricValue(before.text, 'leads_accepted_total') ?? 0;
    const invalid0 = metricValue(before.text, 'leads_rejected_total', { reason: 'invalid' }) ?? 0;

    expect((await postJson(stack.leadsUrl, validLead())).status).toBe(202);
    expect((await postJson(stack.leadsUrl, { name: '', requirement: '' })).status).toBe(400);

    const after = await get(url(), { headers: bearer(METRICS_TOKEN) });
    expect(after.status).toBe(200);
    expect(after.headers.get('content-type')).toMatch(/^text\/plain/);
    for (const name of ['leads_accepted_total', 'leads_rejected_total', 'process_cpu_seconds_total']) {
      expect(after.text).toMatch(new RegExp(`^# HELP ${name} `, 'm'));
    }
    expect(metricValue(after.text, 'leads_accepted_total')).toBe(accepted0 + 1);
    expect(metricValue(after.text, 'leads_rejected_total', { reason: 'invalid' })).toBe(invalid0 + 1);
  });

  it('answers 429 with Retry-After once a client keeps guessing, then refuses it even the right token', async () => {
    // At most 10 failures a minute: however the guesses fall across a minute's end, 21 reach a 429.
    const statuses: number[] = [];
    for (let i = 0; i < 21 && !statuses.includes(429); i++) {
      statuses.push((await get(url(), { headers: bearer(`guess-${i}-${METRICS_TOKEN}`) })).status);
    }
    expect(statuses.at(-1)).toBe(429);
    expect(statuses.slice(0, -1).every((s) => s === 401)).toBe(true);
    // And it stays refused.
    expect((await get(url(), { headers: bearer('one-more-guess') })).status).toBe(429);

    const locked = await get(url(), { headers: bearer(METRICS_TOKEN) });
    expect(locked.status).toBe(429);
    const retryAfter = Number(locked.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect(locked.text).not.toContain('leads_accepted_total');
  });

  it('METRICS_PUBLIC on the worker opens /metrics only, nothing under /admin', async () => {
    expect((await adminGet(stack, '/admin/leads.csv', null)).status).toBe(401);
    expect((await adminGet(stack, '/admin/tasks', WANG)).status).toBe(200);
  });
});
