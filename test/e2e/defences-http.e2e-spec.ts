/**
 * The HTTP-level defences of the public endpoint: CORS and the `_next`
 * allow-list (never an open redirect), multipart/form-data (text fields
 * only), and consent (required, stored with time and policy version).
 */
jest.setTimeout(90_000);

import { describeResponse, HAN, UUID } from '../support/defences';
import { BROWSER_ACCEPT, postForm, postJson, request } from '../support/http';
import { startStack, validLead, type Stack } from '../support/stack';

const SITE = 'https://www.example.com';
const EVIL = 'https://evil.example';
const POLICY_VERSION = '2026-e2e-7';

let stack: Stack;

beforeAll(async () => {
  stack = await startStack({
    gatewayEnv: { CORS_ORIGINS: SITE, CONSENT_REQUIRED: 'true', PRIVACY_POLICY_VERSION: POLICY_VERSION },
  });
});

afterAll(async () => {
  await stack?.stop();
});

function textFields(lead: Record<string, unknown>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(lead)
      .filter(([, v]) => v !== undefined)
      .map(([k, v]) => [k, v === true ? 'on' : String(v)]),
  );
}

async function acceptedId(res: Awaited<ReturnType<typeof postJson>>): Promise<string> {
  expect(describeResponse(res)).toMatch(/^202 /);
  const id = res.json().id;
  expect(id).toMatch(UUID);
  return id;
}

/** Processes one more lead end to end; whatever was wrongly queued before it would be stored by now. */
async function settle(): Promise<void> {
  await stack.processLead({ requirement: `同步 ${Date.now()}` });
}

async function rowsNamed(names: string[]): Promise<any[]> {
  return (await stack.db.query('SELECT id, name FROM leads WHERE name = ANY($1::text[])', [names])).rows;
}

describe('CORS (CORS_ORIGINS=https://www.example.com)', () => {
  const refusedNames: string[] = [];

  it('answers a preflight from an allowed origin with Access-Control-Allow-Origin', async () => {
    const res = await request('OPTIONS', stack.leadsUrl, undefined, {
      headers: {
        origin: SITE,
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'content-type,idempotency-key',
      },
    });
    expect(res.status).toBeGreaterThanOrEqual(200);
    expect(res.status).toBeLessThan(300);
    expect(res.headers.get('access-control-allow-origin')).toBe(SITE);
    expect((res.headers.get('access-control-allow-methods') ?? '').toUpperCase()).toContain('POST');
    expect((res.headers.get('access-control-allow-headers') ?? '').toLowerCase()).toContain('content-type');
  });

  it('does not allow a preflight from another origin', async () => {
    const res = await request('OPTIONS', stack.leadsUrl, undefined, {
      headers: { origin: EVIL, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' },
    });
    expect(res.status).toBeLessThan(500);
    const allowed = res.headers.get('access-control-allow-origin');
    expect(allowed === null || allowed === SITE).toBe(true);
    expect(allowed).not.toBe('*');
    expect(allowed).not.toBe(EVIL);
  });

  it('accepts a fetch post from the allowed origin and lets it read the answer', async () => {
    const res = await postJson(stack.leadsUrl, validLead(), { headers: { origin: SITE } });
    await acceptedId(res);
    expect(res.headers.get('access-control-allow-origin')).toBe(SITE);
  });

  it('refuses a post from another origin with 403, as JSON and as a page', async () => {
    const json = validLead();
    refusedNames.push(json.name as string);
    const res = await postJson(stack.leadsUrl, json, { headers: { origin: EVIL } });
    expect(describeResponse(res)).toMatch(/^403 /);
    expect(res.json()).not.toHaveProperty('id');

    const form = validLead();
    refusedNames.push(form.name as string);
    const page = await postForm(stack.leadsUrl, textFields(form), {
      headers: { origin: EVIL, accept: BROWSER_ACCEPT, 'accept-language': 'zh-CN' },
    });
    expect(describeResponse(page)).toMatch(/^403 /);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    expect(page.headers.get('location')).toBeNull();
  });

  it("allows a post whose Origin is the gateway's own origin (its own form page)", async () => {
    const res = await postForm(stack.leadsUrl, textFields(validLead()), {
      headers: { origin: stack.gatewayUrl, accept: 'application/json' },
    });
    await acceptedId(res);
  });

  it('allows a post without any Origin (a server-side client)', async () => {
    await acceptedId(await postJson(stack.leadsUrl, validLead()));
  });

  it('stored nothing for the refused posts', async () => {
    await settle();
    expect(await rowsNamed(refusedNames)).toEqual([]);
  });
});

describe('_next redirect after a browser form post', () => {
  it('redirects to an allowed _next', async () => {
    const fields = validLead();
    const res = await postForm(
      stack.leadsUrl,
      { ...textFields(fields), _next: `${SITE}/thanks` },
      {
        headers: { accept: BROWSER_ACCEPT, origin: SITE },
      },
    );
    expect(describeResponse(res)).toMatch(/^303 /);
    expect(res.headers.get('location')).toBe(`${SITE}/thanks`);
    // And the lead is real.
    const [row] = await stack.waitForRows('SELECT name FROM leads WHERE name = $1', [fields.name]);
    expect(row.name).toBe(fields.name);
  });

  it.each([
    `${EVIL}/`,
    `${EVIL}/thanks?next=${SITE}`,
    '//evil.example/thanks',
    `https://www.example.com.evil.example/thanks`,
    `https://www.example.com@evil.example/`,
    'javascript:alert(1)',
  ])('ignores _next=%s (303 to /thanks?id=)', async (next) => {
    const fields = validLead();
    const res = await postForm(
      stack.leadsUrl,
      { ...textFields(fields), _next: next },
      {
        headers: { accept: BROWSER_ACCEPT },
      },
    );
    expect(describeResponse(res)).toMatch(/^303 /);
    const location = res.headers.get('location') ?? '';
    expect(location).toMatch(/^\/thanks\?id=[0-9a-f-]{36}$/);
    expect(location).not.toContain('evil');
  });
});

describe('multipart/form-data', () => {
  it('accepts text fields like a urlencoded form and stores them', async () => {
    const fields = validLead({ phone: '021-5290 8189', utm_source: 'wechat' });
    const body = new FormData();
    for (const [k, v] of Object.entries(textFields(fields))) body.append(k, v);
    body.append('_gotcha', '');
    const res = await request('POST', stack.leadsUrl, body as unknown as string, { headers: { accept: 'application/json' } });
    const id = await acceptedId(res);
    const [row] = await stack.waitForRows('SELECT * FROM leads WHERE id = $1', [id]);
    expect(row).toMatchObject({
      name: fields.name,
      phone: '+862152908189',
      email: fields.email,
      company: fields.company,
      requirement: fields.requirement,
      consent: true,
      privacy_policy_version: POLICY_VERSION,
    });
    expect(row.utm).toEqual({ utm_source: 'wechat' });
  });

  it('refuses a file part with a clear 400 and stores nothing', async () => {
    const fields = validLead();
    const body = new FormData();
    for (const [k, v] of Object.entries(textFields(fields))) body.append(k, v);
    body.append('attachment', new Blob(['%PDF-1.4 not really'], { type: 'application/pdf' }), 'quote.pdf');
    const res = await request('POST', stack.leadsUrl, body as unknown as string, { headers: { accept: 'application/json' } });
    expect(describeResponse(res)).toMatch(/^400 /);
    const answer = res.json();
    expect(answer).not.toHaveProperty('id');
    expect(JSON.stringify(answer)).toMatch(/file/i);

    await settle();
    expect(await rowsNamed([fields.name as string])).toEqual([]);
  });

  it.each([
    [
      'a body cut off before the closing boundary',
      'multipart/form-data; boundary=XyZ',
      '--XyZ\r\nContent-Disposition: form-data; name="name"\r\n\r\n张伟\r\n--XyZ\r\nContent-Disposition: form-data; name="requ',
    ],
    ['a body that is not multipart at all', 'multipart/form-data; boundary=XyZ', '{"name":"张伟","phone":"13812345678"}'],
    ['a part without headers', 'multipart/form-data; boundary=XyZ', '--XyZ\r\n\r\nvalue\r\n--XyZ--\r\n'],
    [
      'no boundary in the content type',
      'multipart/form-data',
      '--XyZ\r\nContent-Disposition: form-data; name="name"\r\n\r\n张伟\r\n--XyZ--\r\n',
    ],
  ])('answers a malformed multipart body (%s) with 400, never a 5xx', async (_label, contentType, body) => {
    const res = await request('POST', stack.leadsUrl, body, {
      headers: { 'content-type': contentType, accept: 'application/json' },
    });
    expect(describeResponse(res)).toMatch(/^400 /);
  });

  it('is still healthy after the malformed bodies', async () => {
    await acceptedId(await postJson(stack.leadsUrl, validLead()));
  });
});

describe('consent (CONSENT_REQUIRED=true)', () => {
  it('refuses a lead without consent with a consent field error, in Chinese for zh-CN', async () => {
    const fields = validLead({ consent: undefined });
    const res = await postJson(stack.leadsUrl, fields, { headers: { 'accept-language': 'zh-CN,zh;q=0.9,en;q=0.8' } });
    expect(describeResponse(res)).toMatch(/^400 /);
    const body = res.json();
    expect(body.errors.map((e: { field: string }) => e.field)).toEqual(['consent']);
    expect(body.errors[0].message).toMatch(HAN);
    expect(body.errors[0].message).toContain('隐私政策');
  });

  it.each([false, 'false', 'off', ''])('refuses consent=%p', async (consent) => {
    const res = await postJson(stack.leadsUrl, validLead({ consent }));
    expect(describeResponse(res)).toMatch(/^400 /);
    expect(res.json().errors.map((e: { field: string }) => e.field)).toContain('consent');
  });

  it('refuses an unticked box in a browser form post with the form again, the error shown by the box', async () => {
    const fields = textFields(validLead({ consent: undefined }));
    const res = await postForm(stack.leadsUrl, fields, { headers: { accept: BROWSER_ACCEPT, 'accept-language': 'zh-CN' } });
    expect(describeResponse(res)).toMatch(/^400 /);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    expect(res.text).toContain('请阅读并同意《隐私政策》');
    // What was typed is kept.
    expect(res.text).toContain(fields.name);
  });

  it('stores a consenting lead with consent=true, consent_at and the PRIVACY_POLICY_VERSION in force', async () => {
    const before = Date.now();
    const fields = validLead({ consent: true });
    const id = await acceptedId(await postJson(stack.leadsUrl, fields));
    const after = Date.now();
    const [row] = await stack.waitForRows('SELECT consent, consent_at, privacy_policy_version FROM leads WHERE id = $1', [id]);
    expect(row.consent).toBe(true);
    expect(row.consent_at).toBeInstanceOf(Date);
    expect(row.consent_at.getTime()).toBeGreaterThanOrEqual(before - 2000);
    expect(row.consent_at.getTime()).toBeLessThanOrEqual(after + 2000);
    expect(row.privacy_policy_version).toBe(POLICY_VERSION);
  });

  it('stores consent from a ticked checkbox in a plain form post too', async () => {
    const fields = textFields(validLead());
    expect(fields.consent).toBe('on');
    const res = await postForm(stack.leadsUrl, fields, { headers: { accept: BROWSER_ACCEPT } });
    expect(describeResponse(res)).toMatch(/^303 /);
    const id = (res.headers.get('location') ?? '').replace('/thanks?id=', '');
    const [row] = await stack.waitForRows('SELECT consent, consent_at, privacy_policy_version FROM leads WHERE id = $1', [id]);
    expect(row).toEqual({ consent: true, consent_at: expect.any(Date), privacy_policy_version: POLICY_VERSION });
  });

  it('stored none of the refused leads', async () => {
    await settle();
    const { rows } = await stack.db.query('SELECT count(*)::int AS n FROM leads WHERE consent IS NOT TRUE');
    expect(rows[0].n).toBe(0);
  });
});
