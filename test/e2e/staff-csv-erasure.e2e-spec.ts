/**
 * GET /admin/leads.csv (UTF-8 with BOM for Excel, safe quoting, no formula
 * injection, from/to by received time) and DELETE /admin/leads/:id (PIPL
 * art. 47 erasure: data blanked, jobs gone from Redis, erasure recorded
 * without the data).
 */
import { randomUUID } from 'node:crypto';
import { createServer, type Socket } from 'node:net';
import IORedis from 'ioredis';
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
  patchTask,
  promoteToManagers,
  staffWorkerEnv,
  taskRow,
  WANG,
} from '../support/staff';
import { sleep } from '../support/wait';

jest.setTimeout(60_000);

let stack: Stack;

beforeAll(async () => {
  stack = await startStack({ workerEnv: staffWorkerEnv() });
  await promoteToManagers(stack);
});

afterAll(async () => {
  await stack?.stop();
});

async function csv(query = '', as = WANG) {
  const res = await getBytes(`${stack.adminUrl}/admin/leads.csv${query}`, authOf(as));
  return { ...res, text: res.bytes.subarray(3).toString('utf8') };
}

describe('GET /admin/leads.csv', () => {
  const tag = randomUUID().slice(0, 8);
  const tricky = {
    name: `王小明 ${tag}`,
    company: '=HYPERLINK("http://evil.example/?x","点我")',
    requirement: `第一行, 含逗号\n"引号" 和 ""双引号""\n第三行 ${tag}`,
  };
  const formulaName = `@SUM(A1) ${tag}`;
  let trickyId: string;
  let trickyTask: string;
  let formulaId: string;
  let januaryId: string;
  let februaryId: string;

  beforeAll(async () => {
    ({ leadId: trickyId, taskId: trickyTask } = await leadWithTask(stack, tricky));
    ({ leadId: formulaId } = await leadWithTask(stack, { name: formulaName, company: '+86 公司', requirement: `-1+2 ${tag}` }));
    ({ leadId: januaryId } = await leadWithTask(stack, { name: `一月 ${tag}` }));
    ({ leadId: februaryId } = await leadWithTask(stack, { name: `二月 ${tag}` }));
    await stack.db.query(`UPDATE leads SET received_at = '2025-01-10T08:00:00Z' WHERE id = $1`, [januaryId]);
    await stack.db.query(`UPDATE leads SET received_at = '2025-02-10T08:00:00Z' WHERE id = $1`, [februaryId]);
    expect((await patchTask(stack, trickyTask, { assignee: WANG.name, status: 'in_progress' }, WANG)).status).toBe(200);
  });

  it('is UTF-8 with a BOM (EF BB BF), served as text/csv', async () => {
    const res = await csv();
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(res.headers.get('content-type')).toMatch(/charset=utf-8/i);
    expect(res.headers.get('content-disposition')).toMatch(/^attachment;.*filename="[^"]+\.csv"/);
    expect([...res.bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    // Exactly one BOM, and the rest is valid UTF-8.
    expect(res.bytes[3]).not.toBe(0xef);
    expect(Buffer.from(res.text, 'utf8').equals(res.bytes.subarray(3))).toBe(true);
  });

  it('one row per lead; Chinese text, commas, quotes and line breaks round-trip; task status and assignee included', async () => {
    const { header, records } = csvRecords((await csv()).text);
    expect(header).toEqual(
      expect.arrayContaining(['id', 'name', 'company', 'phone', 'email', 'requirement', 'task_status', 'assignee', 'note']),
    );
    for (const id of [trickyId, formulaId, januaryId, februaryId]) expect(records.filter((r) => r.id === id)).toHaveLength(1);
    const row = records.find((r) => r.id === trickyId)!;
    expect(row.name).toBe(tricky.name);
    expect(row.requirement).toBe(tricky.requirement);
    // A tab first, so Excel and WPS keep the number as text (not 8.61E+12).
    expect(row.phone).toBe('\t+8613812345678');
    // Words and names a person reads, not codes and logins (the env account's name is its login).
    expect(row.task_status).toBe('跟进中');
    expect(row.assignee).toBe(WANG.name);
  });

  it('prints times in Beijing time, the owner by display name and the outcome note', async () => {
    const { leadId, taskId } = await leadWithTask(stack, { name: `结果 ${tag}` });
    await stack.db.query(`UPDATE leads SET received_at = '2025-03-01T16:30:00Z' WHERE id = $1`, [leadId]);
    await stack.db.query(`UPDATE staff SET name = '王小丽' WHERE login = $1`, [WANG.name]);
    try {
      const outcome = '已报价 200 套,3 月 5 日回访';
      expect((await patchTask(stack, taskId, { assignee: WANG.name, status: 'done', note: outcome }, WANG)).status).toBe(200);
      const { header, records } = csvRecords((await csv('?from=2025-03-02&to=2025-03-02')).text);
      expect((await csv()).text.split('\r\n', 1)[0]).toContain('提交时间(北京时间) received_at');
      expect(header).toContain('note');
      expect(records.map((r) => r.id)).toEqual([leadId]);
      expect(records[0]).toMatchObject({
        received_at: '2025-03-02 00:30:00',
        task_status: '已完成',
        assignee: '王小丽',
        note: outcome,
      });
      expect(records[0].alert_status).toMatch(/^(已发送|发送中|待发送)$/);
    } finally {
      await stack.db.query(`UPDATE staff SET name = login WHERE login = $1`, [WANG.name]);
    }
  });

  it('neutralises cells that Excel would run as formulas (= + - @)', async () => {
    const { text } = await csv();
    const { records } = csvRecords(text);
    const row = records.find((r) => r.id === trickyId)!;
    // The visitor's text is kept, but no longer starts with "=".
    expect(row.company).not.toMatch(/^[=+\-@]/);
    expect(row.company).toContain(tricky.company);
    const other = records.find((r) => r.id === formulaId)!;
    expect(other.name).not.toMatch(/^[=+\-@]/);
    expect(other.name).toContain(formulaName);
    expect(other.company).not.toMatch(/^[=+\-@]/);
    expect(other.requirement).not.toMatch(/^[=+\-@]/);
    for (const r of records) {
      for (const key of ['name', 'company', 'email', 'requirement', 'assignee', 'utm_source', 'utm_campaign', 'page']) {
        expect({ id: r.id, key, bad: /^[=+\-@]/.test(r[key] ?? '') }).toEqual({ id: r.id, key, bad: false });
      }
    }
  });

  it('from/to select by received time', async () => {
    const jan = csvRecords((await csv('?from=2025-01-01&to=2025-02-01')).text).records.map((r) => r.id);
    expect(jan).toEqual([januaryId]);
    const janFeb = csvRecords((await csv('?from=2025-01-01T00:00:00Z&to=2025-03-01T00:00:00Z')).text).records.map((r) => r.id);
    expect(janFeb).toEqual([januaryId, februaryId]);
    const sinceFeb = csvRecords((await csv('?from=2025-02-01')).text).records.map((r) => r.id);
    expect(sinceFeb).toEqual(expect.arrayContaining([februaryId, trickyId, formulaId]));
    expect(sinceFeb).not.toContain(januaryId);
    const untilFeb = csvRecords((await csv('?to=2025-02-01')).text).records.map((r) => r.id);
    expect(untilFeb).toEqual([januaryId]);
    // An empty range still has the BOM and the header.
    const none = await csv('?from=2020-01-01&to=2020-02-01');
    expect(none.status).toBe(200);
    expect([...none.bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(csvRecords(none.text).records).toEqual([]);
  });

  it('refuses an invalid date with 400', async () => {
    for (const query of ['?from=not-a-date', '?to=2025-13-45', '?from=2025-01-01&to=yesterday']) {
      const res = await csv(query);
      expect({ query, status: res.status }).toEqual({ query, status: 400 });
    }
  });
});

describe('DELETE /admin/leads/:id (erasure)', () => {
  const tag = randomUUID().slice(0, 8);
  const person = {
    name: `李四 ${tag}`,
    phone: '13900001111',
    email: `li.si.${tag}@example.com`,
    company: `四方 ${tag} 有限公司`,
    requirement: `需要上门测量 ${tag}`,
    utm_source: `news-${tag}`,
  };
  let leadId: string;
  let taskId: string;
  let resendJobId: string;

  /** Every Redis value under the stack's prefix that mentions `needle`. */
  async function redisMentions(needle: string): Promise<string[]> {
    const redis = new IORedis(stack.redisUrl, { maxRetriesPerRequest: 1 });
    const found: string[] = [];
    try {
      let cursor = '0';
      do {
        const [next, keys] = await redis.scan(cursor, 'MATCH', `${stack.prefix}:*`, 'COUNT', 500);
        cursor = next;
        for (const key of keys) {
          if (key.includes(needle)) found.push(key);
          const type = await redis.type(key);
          let dump = '';
          if (type === 'string') dump = (await redis.get(key)) ?? '';
          else if (type === 'hash') dump = JSON.stringify(await redis.hgetall(key));
          else if (type === 'list') dump = JSON.stringify(await redis.lrange(key, 0, -1));
          else if (type === 'set') dump = JSON.stringify(await redis.smembers(key));
          else if (type === 'zset') dump = JSON.stringify(await redis.zrange(key, 0, -1));
          else if (type === 'stream') dump = JSON.stringify(await redis.xrange(key, '-', '+'));
          if (dump.includes(needle)) found.push(`${key} (${type})`);
        }
      } while (cursor !== '0');
    } finally {
      redis.disconnect();
    }
    return found;
  }

  beforeAll(async () => {
    ({ leadId, taskId } = await leadWithTask(stack, person));
    expect((await patchTask(stack, taskId, { assignee: WANG.name, note: `客户手机 ${person.phone}` }, WANG)).status).toBe(200);
    const resend = await adminSend(stack, 'POST', `/admin/leads/${leadId}/resend`, undefined, WANG);
    expect(resend.status).toBe(202);
    await stack.waitForRows(`SELECT 1 FROM notifications WHERE id = $1 AND status = 'sent'`, [resend.json().notificationId]);
    const [row] = await stack.waitForRows<{ dedupe_key: string }>(`SELECT dedupe_key FROM notifications WHERE id = $1`, [
      resend.json().notificationId,
    ]);
    resendJobId = `resend-${row.dedupe_key.split(':').pop()}`;
  });

  it("before: the lead's jobs (with its data) are in Redis", async () => {
    // The check after erasure is only meaningful if there was something to remove.
    const intake = await stack.queue('lead-intake').getJob(leadId);
    expect(intake).toBeDefined();
    expect(JSON.stringify(intake!.data)).toContain(person.email);
    expect(await stack.queue('lead-notify').getJob(resendJobId)).toBeDefined();
    expect(await redisMentions(person.email)).not.toEqual([]);
  });

  // Erasure is the admin's (staff roles); it was any staff member's before.
  it('a staff member erases it: 200 { erased: true }', async () => {
    const res = await adminSend(stack, 'DELETE', `/admin/leads/${leadId}`, undefined, ADMIN);
    expect(res.status).toBe(200);
    expect(res.json()).toMatchObject({ erased: true });
  });

  it('blanks the personal fields and sets erased_at', async () => {
    const { rows } = await stack.db.query('SELECT * FROM leads WHERE id = $1', [leadId]);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ name: '', phone: null, phone_raw: null, email: null, company: null, requirement: '' });
    expect(rows[0].erased_at).toBeInstanceOf(Date);
    const everything = JSON.stringify(rows[0]);
    for (const value of [person.name, person.phone, person.email, person.company, person.requirement, person.utm_source]) {
      expect(everything).not.toContain(value);
    }
  });

  it('records the erasure with the actor and without the data', async () => {
    const { rows } = await stack.db.query('SELECT * FROM erasures WHERE lead_id = $1', [leadId]);
    expect(rows).toHaveLength(1);
    expect(rows[0].actor).toBe(ADMIN.name);
    const record = JSON.stringify(rows[0]);
    for (const value of [tag, person.phone]) expect(record).not.toContain(value);
  });

  it('removes its jobs from Redis: the intake job (id = lead id) and the resend job', async () => {
    expect(await stack.queue('lead-intake').getJob(leadId)).toBeUndefined();
    expect(await stack.queue('lead-notify').getJob(resendJobId)).toBeUndefined();
    expect(await redisMentions(person.email)).toEqual([]);
    expect(await redisMentions(tag)).toEqual([]);
  });

  it('cancels the task (recorded, by the actor) and drops notes that may hold the data', async () => {
    const task = await taskRow(stack, taskId);
    expect(task.status).toBe('cancelled');
    expect(task.updated_by).toBe(ADMIN.name);
    expect(task.note ?? '').not.toContain(person.phone);
    const { rows } = await stack.db.query('SELECT actor, to_status, note FROM task_events WHERE task_id = $1 ORDER BY at, id', [
      taskId,
    ]);
    expect(rows.at(-1)).toMatchObject({ actor: ADMIN.name, to_status: 'cancelled' });
    expect(JSON.stringify(rows)).not.toContain(person.phone);
    const board = (await adminGet(stack, '/admin/tasks')).json().items.map((t: any) => t.id);
    expect(board).not.toContain(taskId);
  });

  it('the lead page shows no personal data', async () => {
    const res = await adminGet(stack, `/admin/leads/${leadId}`);
    expect([200, 404]).toContain(res.status);
    if (res.status === 200) {
      expect(res.json().lead.erasedAt).toEqual(expect.any(String));
      expect(res.text).not.toContain(tag);
      expect(res.text).not.toContain(person.phone);
    }
  });

  it('is not exported with its data', async () => {
    const { text } = await csv('', ADMIN);
    expect(text).not.toContain(tag);
    expect(text).not.toContain(person.email);
    const row = csvRecords(text).records.find((r) => r.id === leadId);
    if (row) expect(row).toMatchObject({ name: '', phone: '', email: '', company: '', requirement: '' });
  });

  it('cannot be resent (404), and a second erasure records nothing new', async () => {
    const before = stack.sink.messages.length;
    const res = await adminSend(stack, 'POST', `/admin/leads/${leadId}/resend`, undefined, ADMIN);
    expect(res.status).toBe(404);
    const again = await adminSend(stack, 'DELETE', `/admin/leads/${leadId}`, undefined, ADMIN);
    expect([200, 404]).toContain(again.status);
    const { rows } = await stack.db.query('SELECT 1 FROM erasures WHERE lead_id = $1', [leadId]);
    expect(rows).toHaveLength(1);
    await sleep(1000);
    expect(stack.sink.messages.slice(before).filter((m) => m.header('x-lead-id') === leadId)).toEqual([]);
  });

  it('404 for an unknown lead, 400 for a malformed id', async () => {
    expect((await adminSend(stack, 'DELETE', `/admin/leads/${randomUUID()}`, undefined)).status).toBe(404);
    expect((await adminSend(stack, 'DELETE', '/admin/leads/not-a-uuid', undefined)).status).toBe(400);
  });
});

describe('erasing a lead while its alert is being sent', () => {
  it('still erases it (200), and no job holding its data stays in Redis', async () => {
    const tag = randomUUID().slice(0, 8);
    const email = `in.flight.${tag}@example.com`;
    // The relay accepts connections but never greets: each send attempt
    // hangs for SMTP_TIMEOUT_MS, so the intake job is active (locked) then.
    await stack.sink.stop();
    const sockets = new Set<Socket>();
    const silent = createServer((socket) => {
      sockets.add(socket);
      socket.on('error', () => undefined);
    });
    await new Promise<void>((resolve, reject) => {
      silent.once('error', reject);
      silent.listen(stack.sink.port, '127.0.0.1', () => resolve());
    });
    let leadId!: string;
    let erase: { status: number; text: string };
    try {
      const res = await postJson(stack.leadsUrl, validLead({ name: `在途 ${tag}`, email }));
      expect(res.status).toBe(202);
      leadId = res.json().id;
      await stack.waitForRows(`SELECT 1 FROM notifications WHERE lead_id = $1 AND status = 'sending'`, [leadId]);
      expect(
        await stack
          .queue('lead-intake')
          .getJob(leadId)
          .then((j) => j?.getState()),
      ).toBe('active');
      erase = await adminSend(stack, 'DELETE', `/admin/leads/${leadId}`, undefined, ADMIN);
    } finally {
      for (const socket of sockets) socket.destroy();
      await new Promise((r) => silent.close(() => r(undefined)));
      await stack.sink.start();
    }
    const { rows } = await stack.db.query('SELECT email, erased_at FROM leads WHERE id = $1', [leadId]);
    // Give the attempt in flight time to end (SMTP_TIMEOUT_MS) and any retry
    // to run. A locked (active) job cannot be removed, so the app scrubs its
    // data instead: the job may stay, but nothing of the person may.
    const job = await stack.queue('lead-intake').getJob(leadId);
    const stored = job ? JSON.stringify({ data: job.data, returnvalue: job.returnvalue }) : '';
    const outcome = {
      eraseStatus: erase!.status,
      erasedInPostgres: rows[0]?.email === null && rows[0]?.erased_at instanceof Date,
      personalDataLeftInRedis: stored.includes(email) || stored.includes(`在途 ${tag}`),
    };
    // (An alert already being sent when the erasure came may still arrive:
    // it was composed before. What must not happen is a failed request and
    // the visitor's data left behind in Redis.)
    expect(outcome).toEqual({ eraseStatus: 200, erasedInPostgres: true, personalDataLeftInRedis: false });
    if (job) expect(job.data).toEqual({ erased: true, id: leadId });
  });
});
