/**
 * GET /admin/leads.csv at size: a client that reads slowly (the response
 * paused, then read a little at a time) still gets every row, once, in
 * order; the export filters by form, by owner and by date range, keeping
 * lead-csv-format's header.
 */
import { request as httpRequest } from 'node:http';
import { stringify } from 'csv-stringify/sync';
import { leadCsvOptions } from '../../apps/worker/src/admin/lead-csv-format';
import { startStack, type Stack } from '../support/stack';
import { ADMIN, adminGet, authOf, csvRecords, leadWithTask, patchTask, staffWorkerEnv, WANG } from '../support/staff';

jest.setTimeout(120_000);

// Several MB of CSV: more than the socket buffers hold, so the server must wait for the reader.
const BULK = 20_000;

let stack: Stack;

beforeAll(async () => {
  stack = await startStack({ gateway: true, workerEnv: staffWorkerEnv() });
});

afterAll(async () => {
  await stack?.stop();
});

/** GETs the export and reads it slowly: nothing for a while, then a pause after every chunk. */
function readSlowly(path: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(`${stack.adminUrl}${path}`, { headers: authOf(ADMIN) }, (res) => {
      const chunks: Buffer[] = [];
      res.pause();
      res.on('error', reject);
      res.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
      res.on('data', (chunk: Buffer) => {
        chunks.push(chunk);
        res.pause();
        setTimeout(() => res.resume(), 5);
      });
      setTimeout(() => res.resume(), 1500);
    });
    req.on('error', reject);
    req.end();
  });
}

describe('a large export read slowly', () => {
  it('arrives complete, each lead once, oldest first', async () => {
    await stack.db.query(
      `INSERT INTO leads (id, name, phone, company, requirement, consent, received_at)
       SELECT gen_random_uuid(), '客户 ' || i, '+86139' || lpad(i::text, 8, '0'), '公司 ' || i, repeat('需求描述 ', 20) || i,
              true, timestamptz '2020-01-01' + make_interval(secs => i)
         FROM generate_series(1, $1::int) AS i`,
      [BULK],
    );
    const text = await readSlowly('/admin/leads.csv?to=2021-01-01');
    // The header exactly as lead-csv-format writes it, BOM first.
    expect(text.startsWith(stringify([], leadCsvOptions()))).toBe(true);
    const { records } = csvRecords(text.replace(/^\uFEFF/, ''));
    expect(records).toHaveLength(BULK);
    expect(new Set(records.map((r) => r.id)).size).toBe(BULK);
    expect(records[0].name).toBe('客户 1');
    expect(records[BULK - 1].name).toBe(`客户 ${BULK}`);
  });
});

describe('export filters', () => {
  it('by owner, by form, by date range', async () => {
    const mine = await leadWithTask(stack, { company: '王的客户' });
    expect((await patchTask(stack, mine.taskId, { assignee: WANG.name })).status).toBe(200);
    const expo = await leadWithTask(stack, { company: '展会客户' });
    await stack.db.query(`INSERT INTO lead_forms (lead_id, form_slug, form_version) VALUES ($1, 'expo', 1)`, [expo.leadId]);
    const since = new Date(Date.now() - 3600_000).toISOString();
    const ids = async (query: string) => {
      const res = await adminGet(stack, `/admin/leads.csv?${query}`);
      expect(res.status).toBe(200);
      return csvRecords(res.text.replace(/^\uFEFF/, '')).records.map((r) => r.id);
    };

    expect(await ids(`owner=${WANG.name}`)).toEqual([mine.leadId]);
    expect(await ids('form=expo')).toEqual([expo.leadId]);
    expect(await ids(`form=default&from=${encodeURIComponent(since)}`)).toEqual([mine.leadId]);
    expect((await ids(`from=${encodeURIComponent(since)}`)).sort()).toEqual([mine.leadId, expo.leadId].sort());
    expect(await ids('form=nothing-here')).toEqual([]);
  });

  it('refuses a bad form or owner with a 400', async () => {
    for (const [query, field] of [
      ['form=Not%20a%20slug', 'form'],
      ['owner=a%01b', 'owner'],
    ]) {
      const res = await adminGet(stack, `/admin/leads.csv?${query}`);
      expect(res.status).toBe(400);
      expect(res.json().errors[0].field).toBe(field);
    }
  });
});
