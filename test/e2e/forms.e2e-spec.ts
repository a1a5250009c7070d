/**
 * Forms as data: an admin creates a form through the API, two gateways
 * learn it through Redis alone, validate posts against its custom fields,
 * follow edits and pauses, and the worker stores the lead with its form
 * version and typed answers. POST /api/leads stays the default form.
 */
import type { AppProcess } from '../support/apps';
import { LIMITS_OFF } from '../support/deployment';
import { get, postJson, type HttpResult } from '../support/http';
import { ADMIN, adminGet, adminSend, staffWorkerEnv, WANG, type Account } from '../support/staff';
import { startStack, validLead, waitFor, type Stack } from '../support/stack';

jest.setTimeout(90_000);

let stack: Stack;
let second: AppProcess;
const MANAGER: Account = { name: 'mgr', password: 'mgr-Plain-Pa55word' };

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
    { key: 'region', type: 'text', label: { zh: '地区', en: 'Region' }, required: true },
  ],
};

beforeAll(async () => {
  stack = await startStack({ workerEnv: staffWorkerEnv() });
  second = await otherGateway('gateway-2');
});

/** Another gateway of the same deployment: same Redis and prefix, nothing else shared. */
function otherGateway(name: string): Promise<AppProcess> {
  return stack.deployment.derive({ env: { LOG_LEVEL: 'warn' }, gatewayEnv: LIMITS_OFF }).startGateway({ name });
}

afterAll(async () => {
  await second?.stop().catch(() => second.kill());
  await stack?.stop();
});

const gateways = () => [stack.gatewayUrl, second.url];
const postTo = (base: string, slug: string, body: unknown, lang = 'en'): Promise<HttpResult> =>
  postJson(`${base}/api/forms/${slug}/leads`, body, { headers: { 'accept-language': lang } });
const quoteLead = (over: Record<string, unknown> = {}) => ({
  ...validLead({ requirement: undefined }),
  product: 'steel',
  quantity: '12',
  region: '华东',
  ...over,
});

/** Polls each gateway until `check` holds there: an edit must reach every replica by Redis alone. */
async function onEveryGateway(check: (base: string) => Promise<boolean>, what: string): Promise<void> {
  for (const base of gateways()) {
    await waitFor(async () => ((await check(base)) ? true : null), 2000, `${what} on ${base}`);
  }
}

describe('forms', () => {
  it('lets admins create forms, managers read them and refuses sales; bad definitions get per-field errors', async () => {
    expect(
      (
        await adminSend(stack, 'POST', '/admin/staff', {
          login: MANAGER.name,
          name: 'Manager',
          role: 'manager',
          password: MANAGER.password,
        })
      ).status,
    ).toBe(201);
    const bad = await adminSend(stack, 'POST', '/admin/forms', { ...QUOTE, slug: 'Bad Slug', fields: [{ key: 'name' }] });
    expect(bad.status).toBe(400);
    expect(bad.json().errors.map((e: { field: string; code: string }) => `${e.field}:${e.code}`)).toEqual([
      'slug:invalid_slug',
      'fields:contact_field_required',
    ]);
    expect((await adminSend(stack, 'POST', '/admin/forms', QUOTE, MANAGER)).status).toBe(403);

    const created = await adminSend(stack, 'POST', '/admin/forms', QUOTE);
    expect(created.status).toBe(201);
    expect(created.json()).toMatchObject({ slug: 'quote', version: 1, status: 'active' });
    expect((await adminSend(stack, 'POST', '/admin/forms', QUOTE)).status).toBe(409);

    expect((await adminGet(stack, '/admin/forms/quote', MANAGER)).json()).toMatchObject({
      slug: 'quote',
      name: 'Request a quote',
    });
    const list = (await adminGet(stack, '/admin/forms', MANAGER)).json().items.map((f: { slug: string }) => f.slug);
    expect(list).toEqual(['default', 'quote']);
    expect((await adminGet(stack, '/admin/forms', WANG)).status).toBe(403);
    expect((await adminGet(stack, '/admin/forms/nope')).status).toBe(404);
    const [audit] = await stack.waitForRows(`SELECT actor, subject FROM audit_log WHERE action = 'form.created'`, []);
    expect(audit).toEqual({ actor: 'admin', subject: 'quote' });
  });

  it('validates posts on both gateways against the custom fields, with per-field errors in en and zh', async () => {
    await onEveryGateway(async (base) => (await postTo(base, 'quote', { name: '' })).status === 400, 'the quote form');
    for (const base of gateways()) {
      const res = await postTo(base, 'quote', quoteLead({ product: 'wood', quantity: 5000, region: '' }));
      expect(res.status).toBe(400);
      expect(res.json().errors).toEqual([
        { field: 'product', code: 'not_an_option', message: 'Choose Product line from the list' },
        { field: 'quantity', code: 'too_large', message: 'Quantity must be at most 1000' },
        { field: 'region', code: 'required', message: 'Region is required' },
      ]);
    }
    const zh = await postTo(stack.gatewayUrl, 'quote', quoteLead({ quantity: 0 }), 'zh-CN');
    expect(zh.json().errors).toEqual([{ field: 'quantity', code: 'too_small', message: '数量不能小于 1' }]);
    const noEmail = await postTo(second.url, 'quote', quoteLead({ email: undefined }));
    expect(noEmail.json().errors.map((e: { field: string }) => e.field)).toEqual(['email']);
  });

  it('stores an accepted lead with its form version and typed answers', async () => {
    const lead = quoteLead({ note: 'kept as an extra' });
    const res = await postTo(second.url, 'quote', lead);
    expect(res.status).toBe(202);
    const { id } = res.json();
    const [row] = await stack.waitForRows(
      `SELECT lf.form_slug, lf.form_version, lf.custom, l.extras, l.requirement FROM lead_forms lf JOIN leads l ON l.id = lf.lead_id WHERE lf.lead_id = $1`,
      [id],
    );
    expect(row).toEqual({
      form_slug: 'quote',
      form_version: 1,
      custom: { product: 'steel', quantity: 12, region: '华东' },
      extras: { note: 'kept as an extra' },
      requirement: '',
    });
    await stack.sink.waitForLead(id);
  });

  it('applies an edit on every gateway, then a pause (410); an unknown form is 404', async () => {
    const patched = await adminSend(stack, 'PATCH', '/admin/forms/quote', {
      version: 1,
      fields: [
        ...QUOTE.fields.slice(0, 4),
        { key: 'quantity', type: 'number', label: { zh: '数量', en: 'Quantity' }, min: 1, max: 10 },
      ],
    });
    expect([patched.status, patched.text]).toEqual([200, expect.stringContaining('"version":2')]);
    expect((await adminSend(stack, 'PATCH', '/admin/forms/quote', { version: 1, name: 'stale' })).status).toBe(409);
    // region is no longer asked for; quantity's ceiling is 10.
    await onEveryGateway(
      async (base) =>
        (await postTo(base, 'quote', quoteLead({ quantity: 11, region: undefined }))).json().errors?.[0]?.code === 'too_large',
      'version 2',
    );
    const accepted = await postTo(stack.gatewayUrl, 'quote', quoteLead({ quantity: 10, region: undefined }));
    expect(accepted.status).toBe(202);
    const [row] = await stack.waitForRows(`SELECT form_version FROM lead_forms WHERE lead_id = $1`, [accepted.json().id]);
    expect(row.form_version).toBe(2);

    expect((await adminSend(stack, 'PATCH', '/admin/forms/quote', { status: 'paused' })).status).toBe(200);
    await onEveryGateway(async (base) => (await postTo(base, 'quote', quoteLead())).status === 410, 'the pause');
    const paused = await postTo(second.url, 'quote', quoteLead());
    expect(paused.json().message).toMatch(/not taking submissions/);
    for (const base of gateways()) expect((await postTo(base, 'no-such-form', quoteLead())).status).toBe(404);

    const changes = await stack.waitForRows(`SELECT detail FROM audit_log WHERE action = 'form.changed' ORDER BY id`, []);
    expect(changes.map((c) => c.detail.version)).toEqual([2, 3]);
  });

  it('keeps POST /api/leads as it was: the default form, no form row', async () => {
    const res = await postJson(stack.leadsUrl, validLead());
    expect(res.status).toBe(202);
    const invalid = await postJson(stack.leadsUrl, { name: '' });
    expect(invalid.json().errors.map((e: { field: string }) => e.field)).toEqual([
      'name',
      'phone',
      'email',
      'requirement',
      'consent',
    ]);
    const { id } = res.json();
    await stack.sink.waitForLead(id);
    const { rows } = await stack.db.query(`SELECT 1 FROM lead_forms WHERE lead_id = $1`, [id]);
    expect(rows).toEqual([]);
  });

  it("filters the task list by form (GET /admin/tasks?form=), names each task's form, and gives a lead's answers in its JSON", async () => {
    const { rows } = await stack.db.query(`SELECT lead_id FROM lead_forms WHERE form_slug = 'quote'`);
    const quoteIds = rows.map((r) => r.lead_id as string);
    expect(quoteIds.length).toBeGreaterThanOrEqual(2);
    const plain = (await postJson(stack.leadsUrl, validLead())).json().id as string;
    await waitFor(
      async () => {
        const { rows: tasks } = await stack.db.query(`SELECT 1 FROM follow_up_tasks WHERE lead_id = ANY($1::uuid[])`, [
          [...quoteIds, plain],
        ]);
        return tasks.length === quoteIds.length + 1 ? true : null;
      },
      15_000,
      'the tasks',
    );
    type Listed = { leadId: string; lead: { form: { slug: string; name: string } } };
    const list = async (query: string, as?: Account) => {
      const res = await adminGet(stack, `/admin/tasks?limit=200${query}`, as);
      expect(res.status).toBe(200);
      return res.json().items as Listed[];
    };
    const quote = await list('&form=quote');
    // Leads still in intake may join the form meanwhile: between the ones known before and those known after.
    const { rows: later } = await stack.db.query(`SELECT lead_id FROM lead_forms WHERE form_slug = 'quote'`);
    const laterIds = later.map((r) => r.lead_id as string);
    expect(quote.map((t) => t.leadId)).toEqual(expect.arrayContaining(quoteIds));
    for (const t of quote) expect(laterIds).toContain(t.leadId);
    expect(new Set(quote.map((t) => JSON.stringify(t.lead.form)))).toEqual(
      new Set([JSON.stringify({ slug: 'quote', name: 'Request a quote' })]),
    );
    const plainTasks = await list('&form=default');
    expect(plainTasks.map((t) => t.leadId)).toContain(plain);
    expect(plainTasks.some((t) => quoteIds.includes(t.leadId))).toBe(false);
    expect(plainTasks.find((t) => t.leadId === plain)!.lead.form.slug).toBe('default');
    expect(new Set((await list('')).map((t) => t.lead.form.slug))).toEqual(new Set(['quote', 'default']));
    // A form no lead came through (or none at all) lists nothing; a value that is no slug is refused naming the field.
    expect(await list('&form=no-such-form')).toEqual([]);
    const bad = await adminGet(stack, '/admin/tasks?form=Not%20A%20Slug');
    expect([bad.status, bad.json().errors?.[0]?.field]).toEqual([400, 'form']);
    // Sales see their own and unassigned tasks of that form only.
    for (const t of await list('&form=quote', WANG)) expect(quoteIds).toContain(t.leadId);

    const [first] = quoteIds;
    const detail = (await adminGet(stack, `/admin/leads/${first}`)).json();
    expect(detail.form).toMatchObject({ slug: 'quote', name: 'Request a quote' });
    expect(detail.fields.map((f: { key: string; label: { en: string } }) => `${f.key}:${f.label.en}`)).toEqual([
      'product:Product line',
      'quantity:Quantity',
      'region:Region',
    ]);
    expect((await adminGet(stack, `/admin/leads/${plain}`)).json()).toMatchObject({
      form: { slug: 'default', version: null },
      fields: [],
    });
  });

  it("previews an unsaved definition as the gateway's own page (managers too, not sales), storing nothing", async () => {
    const sample = { ...QUOTE, slug: 'sample', name: '样品申请', language: 'zh' };
    const preview = (body: unknown, as: Account = ADMIN, lang = 'zh') =>
      adminSend(stack, 'POST', `/admin/forms/preview?lang=${lang}`, body, as);
    const zh = await preview(sample);
    expect(zh.status).toBe(200);
    const html: string = zh.json().html;
    expect(html).toContain('<label for="f-product">产品线 <span class="req">必填</span>');
    expect(html).toContain('<option value="steel">钢材</option>');
    expect(html).not.toMatch(/<script/i);
    expect((await preview(sample, MANAGER, 'en')).json().html).toContain('<option value="steel">Steel</option>');
    expect((await preview(sample, WANG)).status).toBe(403);
    const bad = await preview({
      ...sample,
      fields: [...QUOTE.fields, { key: 'size', type: 'select', label: { zh: '尺寸', en: 'Size' } }],
    });
    expect([bad.status, bad.json().errors.map((e: { field: string }) => e.field)]).toEqual([400, ['fields[6].options']]);
    expect((await adminGet(stack, '/admin/forms/sample')).status).toBe(404);

    // Saved, the gateway draws the same form: the same markup but for the visitor's token.
    expect((await adminSend(stack, 'POST', '/admin/forms', sample)).status).toBe(201);
    const main = (page: string) =>
      page.slice(page.indexOf('<main'), page.indexOf('</main>')).replace(/name="_token" value="[^"]*"/, 'name="_token"');
    const hosted = await waitFor(
      async () => {
        const res = await get(`${stack.gatewayUrl}/f/sample?lang=zh`);
        return res.status === 200 ? res.text : null;
      },
      5000,
      'the sample form at the gateway',
    );
    expect(main(hosted)).toBe(main(html));
  });

  it('serves the last published forms from a gateway started while the worker is down', async () => {
    await stack.worker.stop();
    const third = await otherGateway('gateway-3');
    try {
      // Known from Redis alone: paused, not unknown; and the default form still takes leads.
      expect((await postTo(third.url, 'quote', quoteLead())).status).toBe(410);
      expect((await postTo(third.url, 'no-such-form', quoteLead())).status).toBe(404);
      expect((await postJson(`${third.url}/api/leads`, validLead())).status).toBe(202);
    } finally {
      await third.stop().catch(() => third.kill());
    }
  });
});
