/**
 * An accepted lead is never silently lost: text Postgres cannot store is
 * refused before the 202 (every field, property-tested through the real
 * gateway and worker), and a job that still cannot be stored becomes a
 * dead letter: kept raw, admins told once by email and robot, shown on its
 * page, never re-queued by the sweeper, and storable after repair.
 */
import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { ChatReceiver } from '../support/chat-receivers';
import { postJson, request } from '../support/http';
import { ADMIN, adminGet, adminSend, authOf, LI, MAIL_TO, staffWorkerEnv } from '../support/staff';
import { startStack, validLead, waitFor, type Stack } from '../support/stack';
import { sleep } from '../support/wait';

jest.setTimeout(120_000);

let stack: Stack;
let ding: ChatReceiver;

beforeAll(async () => {
  ding = await ChatReceiver.start('dingtalk', { perMinute: 60 });
  stack = await startStack({
    workerEnv: staffWorkerEnv({
      DINGTALK_ROBOTS: ding.entry,
      PUBLIC_ADMIN_URL: 'https://crm.example.com',
      MAIL_TO,
    }),
  });
});

afterAll(async () => {
  await stack?.stop();
  await ding?.close();
});

/** A job as the gateway queues it, with `context` changed: the worker's last line of defence. */
function rawJob(context: Record<string, unknown>) {
  const id = randomUUID();
  const fields = {
    name: `张伟 ${id.slice(0, 6)}`,
    phone: '+8613812345678',
    phoneRaw: '13812345678',
    email: null,
    company: '上海某某科技有限公司',
    requirement: '需要报价',
    consent: true,
    utm: {},
    extras: {},
  };
  const base = {
    receivedAt: new Date().toISOString(),
    ip: '203.0.113.9',
    userAgent: 'UA',
    page: null,
    privacyPolicyVersion: null,
  };
  return { v: 1, id, fields, context: { ...base, ...context } };
}

const deadLetterMails = (id: string) =>
  stack.sink.messages.filter((m) => m.header('x-lead-notice') === 'dead-letter' && m.header('x-dead-letter-id') === id);

describe('text Postgres cannot store never gets a 202', () => {
  it('refuses a lone surrogate in an extra field and in a utm value, naming the field', async () => {
    const note = await postJson(stack.leadsUrl, validLead({ note: '\ud800x' }));
    expect(note.status).toBe(400);
    expect(note.json().errors).toEqual([expect.objectContaining({ field: 'note' })]);
    const utm = await postJson(stack.leadsUrl, validLead({ utm_source: '\udfffy' }));
    expect(utm.status).toBe(400);
    expect(utm.json().errors).toEqual([expect.objectContaining({ field: 'utm_source' })]);
  });

  it('stores every generated post it answered 202, in every field', async () => {
    const loneHalf = fc.integer({ min: 0xd800, max: 0xdfff }).map((c) => String.fromCharCode(c));
    const text = fc
      .array(fc.oneof(fc.string({ unit: 'grapheme', maxLength: 5 }), loneHalf, fc.constant('\u0000'), fc.constant('报价')), {
        minLength: 1,
        maxLength: 6,
      })
      .map((parts) => parts.join(''));
    const field = fc.constantFrom('name', 'company', 'requirement', 'email', 'phone', 'utm_source', 'utm_term', 'note', 'qty');
    const accepted: string[] = [];
    await fc.assert(
      fc.asyncProperty(fc.dictionary(field, text, { minKeys: 1, maxKeys: 4 }), async (values) => {
        const res = await postJson(stack.leadsUrl, validLead(values));
        expect([202, 400]).toContain(res.status);
        if (res.status === 202) accepted.push(res.json().id);
      }),
      { numRuns: 80 },
    );
    expect(accepted.length).toBeGreaterThan(0);
    await waitFor(
      async () => {
        const { rows } = await stack.db.query('SELECT count(*)::int AS n FROM leads WHERE id = ANY($1::uuid[])', [accepted]);
        return rows[0].n === accepted.length;
      },
      30_000,
      `all ${accepted.length} accepted leads stored`,
    );
    const { rows } = await stack.db.query('SELECT count(*)::int AS n FROM dead_letters');
    expect(rows[0].n).toBe(0);
  });
});

describe('a job that can never be stored', () => {
  let job: ReturnType<typeof rawJob>;

  beforeAll(async () => {
    // NUL in the user agent: passes the field rules (they cover visitor fields), refused by Postgres.
    job = rawJob({ userAgent: 'Bot\u0000/1.0' });
    await stack
      .queue('lead-intake')
      .add('lead.received', job, { jobId: job.id, attempts: 5, backoff: { type: 'fixed', delay: 100 } });
  });

  it('becomes a dead letter with its raw payload, and the job fails without retries', async () => {
    const [row] = await stack.waitForRows('SELECT * FROM dead_letters WHERE id = $1', [job.id]);
    expect(row.lead_id).toBe(job.id);
    expect(row.reason).toMatch(/Postgres refused/);
    expect(JSON.parse(row.payload)).toEqual(job);
    const queued = await waitFor(
      async () => {
        const j = await stack.queue('lead-intake').getJob(job.id);
        return j && (await j.getState()) === 'failed' ? j : null;
      },
      10_000,
      'the job failed',
    );
    expect(queued.attemptsMade).toBe(1);
  });

  it('tells the admins once by email and once per robot, with no visitor text in the robot message', async () => {
    const mail = await waitFor(async () => deadLetterMails(job.id)[0], 15_000, 'dead-letter email');
    expect(mail.envelopeTo).toEqual(expect.arrayContaining([MAIL_TO]));
    expect(mail.mail.text).toContain(job.fields.name);
    expect(mail.mail.text).toContain('https://crm.example.com/admin/board/dead-letters');
    const robot = await waitFor(
      async () => ding.messages.find((m) => JSON.stringify(m.body).includes('/admin/board/dead-letters')),
      15_000,
      'robot message',
    );
    expect(JSON.stringify(robot.body)).not.toContain(job.fields.name);
  });

  it('is never re-queued by the sweeper (it sweeps every second here)', async () => {
    const before = await stack.queue('lead-intake').getJob(job.id);
    const processedOn = before!.processedOn;
    await sleep(4_000);
    const after = await stack.queue('lead-intake').getJob(job.id);
    expect(await after!.getState()).toBe('failed');
    expect(after!.processedOn).toBe(processedOn);
    expect(deadLetterMails(job.id)).toHaveLength(1);
    expect(ding.messages.filter((m) => JSON.stringify(m.body).includes('/admin/board/dead-letters'))).toHaveLength(1);
    const { rows } = await stack.db.query('SELECT failures FROM dead_letters WHERE id = $1', [job.id]);
    expect(rows[0].failures).toBe(1);
  });

  it('is listed for admins, on the API and on its page, and hidden from sales', async () => {
    const api = await adminGet(stack, '/admin/dead-letters');
    expect(api.status).toBe(200);
    expect(api.json().deadLetters).toEqual([expect.objectContaining({ id: job.id, repairable: true, resolvedAt: null })]);
    const page = await adminGet(stack, '/admin/board/dead-letters');
    expect(page.status).toBe(200);
    expect(page.text).toContain(`data-id="${job.id}"`);
    expect((await adminGet(stack, '/admin/dead-letters', LI)).status).toBe(403);
    const board = await request('GET', `${stack.adminUrl}/admin`, undefined, {
      headers: { accept: 'text/html', ...authOf(ADMIN) },
    });
    expect(board.text).toContain('id="dead-letters"');
  });

  it('is stored once repaired, as the same lead, with its alert; a second click changes nothing', async () => {
    const res = await adminSend(stack, 'POST', `/admin/dead-letters/${job.id}/store`, undefined, ADMIN);
    expect(res.status).toBe(202);
    const [lead] = await stack.waitForRows('SELECT id, user_agent FROM leads WHERE id = $1', [job.id]);
    expect(lead.user_agent).toBe('Bot/1.0');
    await stack.sink.waitForLead(job.id);
    const again = await adminSend(stack, 'POST', `/admin/dead-letters/${job.id}/store`, undefined, ADMIN);
    expect(again.status).toBe(409);
    const { rows } = await stack.db.query('SELECT resolution, resolved_by FROM dead_letters WHERE id = $1', [job.id]);
    expect(rows[0]).toEqual({ resolution: 'stored', resolved_by: ADMIN.name });
  });
});

describe('a job that breaks the lead contract', () => {
  it('is kept as a dead letter that cannot be repaired, and can be marked handled', async () => {
    const job = { ...rawJob({}), v: 2 };
    await stack.queue('lead-intake').add('lead.received', job, { jobId: job.id, attempts: 5 });
    const [row] = await stack.waitForRows('SELECT * FROM dead_letters WHERE id = $1', [job.id]);
    expect(row.reason).toMatch(/not a v1 lead/);
    await waitFor(async () => deadLetterMails(job.id)[0], 15_000, 'dead-letter email');
    const store = await adminSend(stack, 'POST', `/admin/dead-letters/${job.id}/store`, undefined, ADMIN);
    expect(store.status).toBe(422);
    const dismiss = await adminSend(stack, 'POST', `/admin/dead-letters/${job.id}/dismiss`, undefined, ADMIN);
    expect(dismiss.status).toBe(200);
    const { rows } = await stack.db.query('SELECT resolution FROM dead_letters WHERE id = $1', [job.id]);
    expect(rows[0].resolution).toBe('dismissed');
  });
});
