/**
 * WORKER_ROLES: the staff web app and the queue consumers run apart. An
 * admin-only worker serves the board and reads Postgres but takes no job, so
 * a lead posted meanwhile waits in Redis; a consumer-only worker started
 * later stores and alerts it, and answers /health and /metrics on its port
 * and nothing else.
 */
import { QueueName } from '@app/contracts';
import { basicAuth, get, postJson } from '../support/http';
import type { AppProcess } from '../support/apps';
import { ADMIN_PASSWORD, ADMIN_USER, startStack, validLead, waitFor, type Stack } from '../support/stack';
import { metricValue } from '../support/staff';

jest.setTimeout(90_000);

const METRICS_TOKEN = 'e2e-roles-metrics-token-4Kp2';
const admin = { ...basicAuth(ADMIN_USER, ADMIN_PASSWORD), accept: 'application/json' };

let stack: Stack;
let consumer: AppProcess;
let leadId: string;

beforeAll(async () => {
  stack = await startStack({ workerEnv: { WORKER_ROLES: 'admin', METRICS_TOKEN } });
});

afterAll(async () => {
  await stack?.stop();
});

describe('an admin-only worker', () => {
  it('serves the board and reports its consumers off', async () => {
    expect((await get(`${stack.adminUrl}/admin/tasks`, { headers: admin })).status).toBe(200);
    const health = await get(`${stack.adminUrl}/health`);
    expect(health.status).toBe(200);
    expect(health.json().checks.consumers).toBe('off');
  });

  it('leaves a posted lead waiting in the queue, not stored', async () => {
    const res = await postJson(stack.leadsUrl, validLead());
    expect(res.status).toBe(202);
    leadId = res.json().id;
    const job = await stack.queue(QueueName.LeadIntake).getJob(leadId);
    expect(await job?.getState()).toBe('waiting');
    // The admin app answers for Postgres, where the lead is not.
    expect((await get(`${stack.adminUrl}/admin/leads/${leadId}`, { headers: admin })).status).toBe(404);
    const { rows } = await stack.db.query('SELECT id FROM leads WHERE id = $1', [leadId]);
    expect(rows).toHaveLength(0);
    expect(await job?.getState()).toBe('waiting');
  });
});

describe('a consumer-only worker started next to it', () => {
  beforeAll(async () => {
    consumer = await stack.startExtraWorker({ WORKER_ROLES: 'consumer' });
  });

  it('stores and alerts the waiting lead, which the admin worker then shows', async () => {
    await stack.waitForRows('SELECT id FROM leads WHERE id = $1', [leadId]);
    await stack.sink.waitForLead(leadId);
    const res = await get(`${stack.adminUrl}/admin/leads/${leadId}`, { headers: admin });
    expect(res.status).toBe(200);
    expect(res.json().lead).toMatchObject({ id: leadId });
  });

  it('answers /health with its consumers running', async () => {
    const res = await get(`${consumer.url}/health`);
    expect(res.status).toBe(200);
    expect(res.json()).toMatchObject({ status: 'ok', checks: { consumers: 'running' } });
  });

  it('answers /metrics to METRICS_TOKEN only, with its own job metrics', async () => {
    const scrape = () => get(`${consumer.url}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
    expect((await scrape()).status).toBe(200);
    // The intake job this consumer ran is counted in its registry (recorded just after the email went out).
    await waitFor(
      async () => (metricValue((await scrape()).text, 'job_duration_seconds_count', { queue: 'lead-intake' }) ?? 0) >= 1,
      10000,
      'job_duration_seconds_count{queue="lead-intake"}',
    );
    expect((await get(`${consumer.url}/metrics`)).status).toBe(401);
    // Staff passwords are the admin role's: they open nothing here.
    expect((await get(`${consumer.url}/metrics`, { headers: admin })).status).toBe(401);
  });

  it('serves nothing under /admin, with or without credentials', async () => {
    for (const path of ['/admin', '/admin/tasks', '/admin/queues', '/admin/login', `/admin/leads/${leadId}`]) {
      expect([path, (await get(`${consumer.url}${path}`, { headers: admin })).status]).toEqual([path, 404]);
      expect([path, (await get(`${consumer.url}${path}`)).status]).toEqual([path, 404]);
    }
  });

  it('exits 0 on SIGTERM, its consumers closed first', async () => {
    expect(await consumer.stop('SIGTERM')).toBe(0);
    expect(await stack.queue(QueueName.LeadIntake).getActiveCount()).toBe(0);
  });
});
