/**
 * A form's own page and its routing: GET /f/:slug draws the form's custom
 * fields in zh and en, a plain browser post that fails validation comes
 * back as the page with each error by its field, GET /api/forms/:slug gives
 * embed.js the questions without where leads go. Routing by a field's
 * value sends the alert email to the rule's mailTo (outside the staff) and
 * the robot message to the rule's named robot only.
 */
import { ChatReceiver } from '../support/chat-receivers';
import { BROWSER_ACCEPT, get, postForm, postJson } from '../support/http';
import { adminGet, adminSend, MAIL_TO, staffWorkerEnv } from '../support/staff';
import { startStack, validLead, waitFor, type Stack } from '../support/stack';
import { sleep } from '../support/wait';

jest.setTimeout(90_000);

let stack: Stack;
let east: ChatReceiver;
let other: ChatReceiver;

const QUOTE = {
  slug: 'quote',
  name: 'Request a quote',
  language: 'en',
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
    { key: 'quantity', type: 'number', label: { zh: '数量', en: 'Quantity' }, min: 1, max: 1000 },
    { key: 'due', type: 'date', label: { zh: '交期', en: 'Needed by' } },
  ],
  mailTo: ['buyer.desk@example.org'],
};

const ROUTED = {
  slug: 'routed',
  name: '样品申请',
  language: 'zh',
  // A trade-fair site of its own: it, not the deployment's sites, may frame this form's page.
  origins: ['https://fair.example.com'],
  fields: [
    { key: 'name' },
    { key: 'phone' },
    { key: 'email' },
    {
      key: 'product',
      type: 'select',
      label: { zh: '产品线', en: 'Product line' },
      required: true,
      options: [
        { value: '钢材', label: { zh: '钢材', en: 'Steel' } },
        { value: '玻璃', label: { zh: '玻璃', en: 'Glass' } },
      ],
    },
  ],
  mailTo: ['samples@partner.example'],
  routing: [{ field: 'product', equals: '钢材', mailTo: ['east.desk@partner.example'], robots: ['华东'] }],
  slaMinutes: 240,
};

beforeAll(async () => {
  east = await ChatReceiver.start('dingtalk', { perMinute: 60 });
  other = await ChatReceiver.start('dingtalk', { perMinute: 60 });
  stack = await startStack({
    workerEnv: staffWorkerEnv({ DINGTALK_ROBOTS: `华东=${east.entry},${other.entry}`, DINGTALK_PER_MINUTE: '60' }),
  });
  expect((await adminSend(stack, 'POST', '/admin/forms', QUOTE)).status).toBe(201);
  expect((await adminSend(stack, 'POST', '/admin/forms', ROUTED)).status).toBe(201);
  await waitForForm('quote');
  await waitForForm('routed');
});

afterAll(async () => {
  await stack?.stop();
  await Promise.all([east, other].filter(Boolean).map((r) => r.close()));
});

async function postRouted(product: string): Promise<string> {
  const res = await postJson(`${stack.gatewayUrl}/api/forms/routed/leads`, { ...validLead(), product });
  expect(res.status).toBe(202);
  return res.json().id;
}

const robotGot = (robot: ChatReceiver, id: string) => robot.messages.some((m) => m.raw.includes(id));

async function waitForForm(slug: string): Promise<void> {
  const deadline = Date.now() + 5000;
  while ((await get(`${stack.gatewayUrl}/api/forms/${slug}`)).status !== 200) {
    if (Date.now() > deadline) throw new Error(`form ${slug} never reached the gateway`);
    await sleep(100);
  }
}

describe('hosted form pages', () => {
  it('GET /f/:slug draws the custom fields with their labels, in the form language or the one asked for', async () => {
    const en = await get(`${stack.gatewayUrl}/f/quote`);
    expect(en.status).toBe(200);
    const policy = en.headers.get('content-security-policy') ?? '';
    expect(policy).toMatch(/frame-ancestors 'self'(;|$)/);
    expect(en.headers.get('cache-control')).toBe('no-store');
    expect(en.text).toContain('<html lang="en">');
    expect(en.text).toContain('<h1>Request a quote</h1>');
    expect(en.text).toContain('action="/api/forms/quote/leads"');
    expect(en.text).toContain('<label for="f-product">Product line <span class="req">required</span></label>');
    expect(en.text).toContain('<option value="glass">Glass</option>');
    expect(en.text).toContain('<input type="number" id="f-quantity" name="quantity" value="" min="1" max="1000"');
    expect(en.text).toContain('<input type="date" id="f-due" name="due"');
    expect(en.text).toMatch(/name="_token" value="[^"]+"/);
    expect(en.text).toContain('name="_gotcha"');

    for (const zh of [
      await get(`${stack.gatewayUrl}/f/quote?lang=zh`),
      await get(`${stack.gatewayUrl}/f/quote`, { headers: { 'accept-language': 'zh-CN,zh;q=0.9' } }),
    ]) {
      expect(zh.text).toContain('<html lang="zh-CN">');
      expect(zh.text).toContain('<label for="f-product">产品线 <span class="req">必填</span></label>');
      expect(zh.text).toContain('<option value="steel">钢材</option>');
    }
  });

  it('a form with origins of its own may be framed by those sites and post on to them; other forms keep the default', async () => {
    const routed = await get(`${stack.gatewayUrl}/f/routed`);
    expect(routed.status).toBe(200);
    const policy = routed.headers.get('content-security-policy') ?? '';
    expect(policy).toContain("frame-ancestors 'self' https://fair.example.com");
    expect(policy).toContain("form-action 'self' https://fair.example.com");
    expect(policy).toContain("default-src 'none'");
  });

  it('a browser post that fails comes back as the form, with what was typed and the error by its field', async () => {
    const page = await get(`${stack.gatewayUrl}/f/quote`);
    const token = /name="_token" value="([^"]+)"/.exec(page.text)![1];
    const res = await postForm(
      `${stack.gatewayUrl}/api/forms/quote/leads`,
      { _token: token, _lang: 'en', name: 'Li Lei', email: 'li@example.com', product: 'wood', quantity: '12', consent: 'on' },
      { headers: { accept: BROWSER_ACCEPT } },
    );
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toMatch(/text\/html/);
    expect(res.text).toContain('<select id="f-product" name="product" required aria-invalid="true"');
    expect(res.text).toMatch(/<p class="field-error" id="f-product-error">Choose Product line from the list<\/p>/);
    expect(res.text).toContain('<a href="#f-product">');
    expect(res.text).toContain('value="Li Lei"');
    expect(res.text).toContain('value="12"');
    // The visitor's own token is kept, so correcting quickly is no bot signal.
    expect(res.text).toContain(`name="_token" value="${token}"`);
  });

  it('unknown forms are a 404 page, paused ones a 410 page; the public definition hides where leads go', async () => {
    const unknown = await get(`${stack.gatewayUrl}/f/no-such-form`, { headers: { 'accept-language': 'en' } });
    expect([unknown.status, unknown.text]).toEqual([404, expect.stringContaining('No such form')]);

    const described = await get(`${stack.gatewayUrl}/api/forms/quote`);
    expect(described.json()).toMatchObject({
      slug: 'quote',
      name: 'Request a quote',
      endpoint: '/api/forms/quote/leads',
      fields: expect.arrayContaining([expect.objectContaining({ key: 'product', type: 'select' })]),
    });
    expect(described.text).not.toContain('buyer.desk@example.org');
    expect(described.json()).not.toHaveProperty('routing');
    expect((await get(`${stack.gatewayUrl}/api/forms/no-such-form`)).status).toBe(404);

    expect((await adminSend(stack, 'PATCH', '/admin/forms/quote', { status: 'paused' })).status).toBe(200);
    const deadline = Date.now() + 5000;
    let paused = await get(`${stack.gatewayUrl}/f/quote`);
    while (paused.status !== 410 && Date.now() < deadline) {
      await sleep(100);
      paused = await get(`${stack.gatewayUrl}/f/quote`);
    }
    expect([paused.status, paused.text]).toEqual([410, expect.stringContaining('not taking submissions')]);
    expect((await get(`${stack.gatewayUrl}/api/forms/quote`)).status).toBe(410);
  });
});

describe('routing by field value', () => {
  it('names the robots in GET /admin/channels', async () => {
    const { destinations } = (await adminGet(stack, '/admin/channels')).json();
    expect(destinations.map((d: { name: string }) => d.name)).toEqual(['华东', 'dingtalk-2']);
  });

  it("sends a matching lead's email to the rule's mailTo and its robot message to the rule's robot only", async () => {
    const steel = await postRouted('钢材');
    const mail = await stack.sink.waitForLead(steel);
    expect(mail.envelopeTo).toEqual(['east.desk@partner.example']);
    await waitFor(async () => robotGot(east, steel) || null, 15000, 'the 华东 robot message');
    const [task] = await stack.waitForRows(
      `SELECT round(extract(epoch FROM t.due_at - l.received_at) / 60) AS minutes FROM follow_up_tasks t JOIN leads l ON l.id = t.lead_id WHERE t.lead_id = $1`,
      [steel],
    );
    // The form's SLA, not FOLLOW_UP_SLA_MINUTES (30; no BUSINESS_HOURS in this stack).
    expect(Number(task.minutes)).toBe(240);

    // A lead no rule matches follows the form: its own mailTo, every robot.
    const glass = await postRouted('玻璃');
    expect((await stack.sink.waitForLead(glass)).envelopeTo).toEqual(['samples@partner.example']);
    await waitFor(async () => (robotGot(east, glass) && robotGot(other, glass)) || null, 15000, 'both robot messages');
    // By now the steel lead's fan-out is long done: the other robot never had it.
    expect(robotGot(other, steel)).toBe(false);

    // POST /api/leads still alerts MAIL_TO.
    const plain = await postJson(stack.leadsUrl, validLead());
    expect((await stack.sink.waitForLead(plain.json().id)).envelopeTo).toEqual([MAIL_TO]);
  });
});
