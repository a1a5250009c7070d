/**
 * A form's answers everywhere a lead shows (issue 22): labelled as the form
 * version the lead was posted under, in the alert email (text and HTML), the
 * robot message (visitor text never a link or mention), the webhook payload
 * (`form` + `fields`) and the CSV of that form (its questions as columns,
 * its leads only); and the export's filters and its hold on the pool (24).
 */
import { request as httpRequest, type ClientRequest, type IncomingMessage } from 'node:http';
import { randomBytes } from 'node:crypto';
import { EVIL } from '../support/chat-fixtures';
import { ChatReceiver } from '../support/chat-receivers';
import { messagesFor, shownText } from '../support/chat-stack';
import { postJson } from '../support/http';
import { ADMIN, adminGet, adminSend, authOf, csvRecords, getBytes, staffWorkerEnv, WANG } from '../support/staff';
import { startStack, validLead, waitFor, type Stack } from '../support/stack';

jest.setTimeout(90_000);

let stack: Stack;
let ding: ChatReceiver;
let hook: ChatReceiver;

const QUOTE = {
  slug: 'quote',
  name: 'Request a quote',
  language: 'zh',
  fields: [
    { key: 'name' },
    { key: 'email', required: true },
    { key: 'phone' },
    {
      key: 'product',
      type: 'select',
      label: { zh: '产品线', en: 'Product line' },
      required: true,
      options: [
        { value: 'steel', label: { zh: '钢材', en: 'Steel' } },
        { value: 'glass', label: { zh: '玻璃', en: 'Glass' } },
      ],
    },
    { key: 'quantity', type: 'number', label: { zh: '数量', en: 'Quantity' } },
    { key: 'region', type: 'text', label: { zh: '地区', en: 'Region' } },
  ],
};

beforeAll(async () => {
  ding = await ChatReceiver.start('dingtalk', { secret: `SEC${randomBytes(16).toString('hex')}`, perMinute: 60 });
  hook = await ChatReceiver.start('webhook');
  stack = await startStack({
    workerEnv: staffWorkerEnv({
      DINGTALK_ROBOTS: ding.entry,
      WEBHOOK_URLS: hook.entry,
      DINGTALK_PER_MINUTE: '60',
      PUBLIC_ADMIN_URL: 'https://crm.example.com',
      DATABASE_POOL_SIZE: '4',
    }),
  });
  const created = await adminSend(stack, 'POST', '/admin/forms', QUOTE);
  expect(created.status).toBe(201);
  await waitFor(
    async () =>
      (await postJson(`${stack.gatewayUrl}/api/forms/nope/leads`, {})).status === 404 &&
      (await postJson(`${stack.gatewayUrl}/api/forms/quote/leads`, {})).status !== 404,
    10_000,
    'the gateway to learn the form',
  );
});

afterAll(async () => {
  await stack?.stop();
  await Promise.all([ding, hook].map((r) => r?.close()));
});

async function postQuote(over: Record<string, unknown>): Promise<string> {
  const res = await postJson(`${stack.gatewayUrl}/api/forms/quote/leads`, {
    ...validLead({ requirement: undefined }),
    product: 'steel',
    quantity: '12',
    region: '华东',
    ...over,
  });
  expect(res.status).toBe(202);
  return res.json().id;
}

/** The export as text (without its BOM) and its status. */
async function csv(query: string): Promise<{ status: number; text: string }> {
  const res = await getBytes(`${stack.adminUrl}/admin/leads.csv${query}`, authOf(ADMIN));
  return { status: res.status, text: res.bytes.toString('utf8').replace(/^\uFEFF/, '') };
}

const waitForMessage = (r: ChatReceiver, id: string) =>
  waitFor(async () => messagesFor(r, id)[0] ?? null, 15_000, `${r.platform} message of ${id}`);

describe("a form's answers", () => {
  let first: string;

  it('are in the alert email, labelled, in the form order, as text and as escaped HTML', async () => {
    first = await postQuote({ region: '华东 <b>x</b>' });
    const mail = await stack.sink.waitForLead(first);
    const text = mail.mail.text ?? '';
    expect(text).toContain('Request a quote');
    const at = (s: string) => text.indexOf(s);
    expect(at('产品线')).toBeGreaterThan(-1);
    expect(at('钢材')).toBeGreaterThan(at('产品线'));
    expect(at('数量')).toBeGreaterThan(at('钢材'));
    expect(at('地区')).toBeGreaterThan(at('数量'));
    const html = String(mail.mail.html);
    expect(html).toContain('钢材');
    expect(html).toContain('华东 &lt;b&gt;x&lt;/b&gt;');
    expect(html).not.toContain('<b>x</b>');
  });

  it('are in the robot message as plain text, and in the webhook payload typed', async () => {
    const id = await postQuote({ region: EVIL });
    const text = shownText(await waitForMessage(ding, id));
    expect(text).toContain('产品线');
    expect(text).toContain('钢材');
    expect(text).toContain('点我');
    for (const bad of ['<@all>', '@all', '[点我]', 'http://evil', 'evil.example']) expect(text).not.toContain(bad);
    const event = await waitForMessage(hook, id);
    expect(event.body.form).toEqual({ slug: 'quote', name: 'Request a quote', version: 1 });
    expect(event.body.fields).toEqual([
      { key: 'product', type: 'select', label: { zh: '产品线', en: 'Product line' }, value: 'steel' },
      { key: 'quantity', type: 'number', label: { zh: '数量', en: 'Quantity' }, value: 12 },
      { key: 'region', type: 'text', label: { zh: '地区', en: 'Region' }, value: EVIL },
    ]);
    const plain = await postJson(stack.leadsUrl, validLead());
    const plainEvent = await waitForMessage(hook, plain.json().id);
    expect(plainEvent.body).toMatchObject({ form: null, fields: [] });
  });

  it("keep the version they were posted under; the CSV of the form has every version's questions", async () => {
    const edited = await adminSend(stack, 'PATCH', '/admin/forms/quote', {
      fields: [
        { key: 'name' },
        { key: 'email', required: true },
        { key: 'quantity', type: 'number', label: { zh: '采购数量', en: 'Units' } },
        { key: 'product', type: 'select', label: { zh: '产品', en: 'Product' }, options: QUOTE.fields[3].options },
      ],
    });
    expect(edited.status).toBe(200);
    // Version 1 requires a product, version 2 does not: a post without one is accepted once the gateway has the edit.
    await waitFor(
      async () =>
        (await postJson(`${stack.gatewayUrl}/api/forms/quote/leads`, { ...validLead({ requirement: undefined }), quantity: '1' }))
          .status === 202,
      10_000,
      'the edit to reach the gateway',
    );
    const later = await postQuote({ product: 'glass', quantity: '3', region: undefined });
    await stack.sink.waitForLead(later);
    const res = await csv('?form=quote');
    expect(res.status).toBe(200);
    const headerLine = res.text.split('\r\n', 1)[0];
    expect(headerLine).toContain('采购数量 quantity');
    expect(headerLine).toContain('产品 product');
    expect(headerLine).toContain('地区 region');
    expect(headerLine.indexOf('采购数量 quantity')).toBeLessThan(headerLine.indexOf('产品 product'));
    const { records } = csvRecords(res.text);
    const byId = new Map(records.map((r) => [r.id, r]));
    expect(byId.get(first)).toMatchObject({ product: '钢材', quantity: '12', region: '华东 <b>x</b>' });
    expect(byId.get(later)).toMatchObject({ product: '玻璃', quantity: '3', region: '' });
    const all = csvRecords((await csv('')).text).records;
    expect(records.length).toBeLessThan(all.length);
    const ofDefault = csvRecords((await csv('?form=default')).text).records;
    expect(ofDefault.length + records.length).toBe(all.length);
    expect(ofDefault.map((r) => r.id)).not.toContain(first);
  });
});

describe('GET /admin/leads.csv filters', () => {
  it("exports one owner's leads with ?owner=", async () => {
    const id = await postQuote({});
    const [task] = await stack.waitForRows(`SELECT id FROM follow_up_tasks WHERE lead_id = $1`, [id]);
    expect((await adminSend(stack, 'PATCH', `/admin/tasks/${task.id}`, { assignee: WANG.name })).status).toBe(200);
    const res = await csv(`?owner=${WANG.name.toUpperCase()}`);
    const { records } = csvRecords(res.text);
    expect(records.map((r) => r.id)).toContain(id);
    const { rows } = await stack.db.query(`SELECT count(*)::int AS n FROM follow_up_tasks WHERE assignee = $1`, [WANG.name]);
    expect(records).toHaveLength(rows[0].n);
  });

  it("combines ?form= with the date range: today's leads of the form, none of an old month, 400 for a range ending first", async () => {
    const id = await postQuote({});
    await stack.sink.waitForLead(id);
    // Today in the business's zone (Asia/Shanghai: the stack sets no BUSINESS_HOURS).
    const today = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Asia/Shanghai' }).format(new Date());
    const todays = await csv(`?form=quote&from=${today}&to=${today}`);
    expect(todays.status).toBe(200);
    const { records } = csvRecords(todays.text);
    expect(records.map((r) => r.id)).toContain(id);
    const { rows } = await stack.db.query(`SELECT count(*)::int AS n FROM lead_forms WHERE form_slug = 'quote'`);
    expect(records).toHaveLength(rows[0].n);
    const old = await csv('?form=quote&from=2020-01-01&to=2020-01-31');
    expect(old.status).toBe(200);
    // The form's columns even with no row.
    expect(old.text.split('\r\n', 1)[0]).toContain('地区 region');
    expect(csvRecords(old.text).records).toEqual([]);
    const backwards = await adminGet(stack, `/admin/leads.csv?form=quote&from=${today}&to=2020-01-01`);
    expect([backwards.status, backwards.json().errors[0].field]).toEqual([400, 'to']);
  });

  it('answers 404 for an unknown form and 400 naming the field for a bad one', async () => {
    expect((await adminGet(stack, '/admin/leads.csv?form=nope')).status).toBe(404);
    const bad = await adminGet(stack, '/admin/leads.csv?form=Not%20A%20Slug');
    expect(bad.status).toBe(400);
    expect(bad.json().errors[0].field).toBe('form');
  });

  it('holds no pool client for readers that stop reading or leave mid-stream', async () => {
    await stack.db.query(
      `INSERT INTO leads (id, name, requirement, received_at)
       SELECT gen_random_uuid(), 'bulk ' || g, repeat('需求', 100), now() - g * interval '1 second' FROM generate_series(1, 10000) g`,
    );
    // More stalled readers than the pool (DATABASE_POOL_SIZE=4) has clients.
    const readers = await Promise.all(Array.from({ length: 6 }, () => stalledReader(`${stack.adminUrl}/admin/leads.csv`)));
    const { rows } = await stack.db.query(
      `SELECT count(*)::int AS n FROM pg_stat_activity
        WHERE datname = current_database() AND pid <> pg_backend_pid() AND state <> 'idle' AND position('ORDER BY l.received_at, l.id' IN query) > 0`,
    );
    expect(rows[0].n).toBe(0);
    // The worker still answers what needs the pool.
    expect((await adminGet(stack, '/admin/tasks?status=open')).status).toBe(200);
    // Half of them leave; the other half read on to the end.
    for (const r of readers.slice(0, 3)) r.req.destroy();
    const ends = await Promise.all(readers.slice(3).map((r) => readToEnd(r.res)));
    for (const bytes of ends) expect(bytes).toBeGreaterThan(10000 * 600);
    expect((await adminGet(stack, '/admin/tasks?status=open')).status).toBe(200);
  }, 150_000);
});

/** A request whose reader takes the first chunk and then stops reading (the socket's buffers fill, the server must wait). */
function stalledReader(url: string): Promise<{ req: ClientRequest; res: IncomingMessage }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { headers: authOf(ADMIN) }, (res) => {
      res.once('data', () => {
        res.pause();
        // Long enough for the server to fill every buffer and stop asking for rows.
        setTimeout(() => resolve({ req, res }), 1500);
      });
    });
    req.on('error', reject);
    req.end();
  });
}

function readToEnd(res: IncomingMessage): Promise<number> {
  return new Promise((resolve, reject) => {
    let bytes = 0;
    res.on('data', (c: Buffer) => (bytes += c.length));
    res.on('end', () => resolve(bytes));
    res.on('error', reject);
    res.resume();
  });
}
