/**
 * Everything a client can get wrong, and the browser (no-JavaScript) form
 * flow: each mistake gets its own clear 4xx, never a 5xx, and nothing is queued.
 */
import { BROWSER_ACCEPT, get, postForm, postJson, request } from '../support/http';
import { startStack, validLead, type Stack } from '../support/stack';

const SITE = 'https://www.youpower.com.cn';
const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i;
const HAN = /\p{Script=Han}/u;

// Starting the apps takes seconds; jest's 5 s default is for unit tests.
jest.setTimeout(60_000);

let stack: Stack;

beforeAll(async () => {
  // METRICS_PUBLIC: /metrics is closed by default; opened here to check it serves Prometheus text.
  stack = await startStack({ gatewayEnv: { CORS_ORIGINS: `${SITE},http://localhost:8080`, METRICS_PUBLIC: 'true' } });
});

afterAll(async () => {
  await stack?.stop();
});

interface ErrorBody {
  errors: { field: string; message: string; code?: string }[];
  message: string;
}

function fieldsOf(body: ErrorBody): string[] {
  return [...new Set(body.errors.map((e) => e.field))].sort();
}

function expectErrorShape(body: ErrorBody) {
  expect(Array.isArray(body.errors)).toBe(true);
  expect(body.errors.length).toBeGreaterThan(0);
  expect(typeof body.message).toBe('string');
  for (const e of body.errors) {
    expect(typeof e.field).toBe('string');
    expect(typeof e.message).toBe('string');
    expect(e.message.length).toBeGreaterThan(0);
  }
}

describe('missing fields', () => {
  it('lists each missing field with a Chinese message for Accept-Language zh-CN', async () => {
    const res = await postJson(stack.leadsUrl, {}, { headers: { 'accept-language': 'zh-CN,zh;q=0.9,en;q=0.8' } });
    expect(res.status).toBe(400);
    const body: ErrorBody = res.json();
    expectErrorShape(body);
    expect(fieldsOf(body)).toEqual(expect.arrayContaining(['name', 'requirement']));
    expect(body.errors.some((e) => e.field === 'phone' || e.field === 'email')).toBe(true);
    for (const e of body.errors) expect(e.message).toMatch(HAN);
  });

  it('uses English for Accept-Language en and when none is given', async () => {
    const variants: Record<string, string>[] = [{ 'accept-language': 'en-US,en;q=0.9' }, {}];
    for (const headers of variants) {
      const res = await postJson(stack.leadsUrl, { name: '李雷' }, { headers });
      expect(res.status).toBe(400);
      const body: ErrorBody = res.json();
      expectErrorShape(body);
      expect(fieldsOf(body)).not.toContain('name');
      expect(fieldsOf(body)).toContain('requirement');
      expect(body.errors.some((e) => e.field === 'phone' || e.field === 'email')).toBe(true);
      for (const e of body.errors) expect(e.message).not.toMatch(HAN);
    }
  });

  it('treats whitespace-only values as missing', async () => {
    const res = await postJson(stack.leadsUrl, validLead({ name: '   ', requirement: '\n\t ' }));
    expect(res.status).toBe(400);
    expect(fieldsOf(res.json())).toEqual(['name', 'requirement']);
  });
});

describe('bad values', () => {
  it.each([
    ['a too short number', '12345'],
    ['letters', 'call me maybe'],
    ['a landline without area code', '5290 8189'],
    ['a 7-digit local number (which the plan reads as area 555 + 1234)', '555-1234'],
    ['an area code with a short service number', '010-12300'],
  ])('rejects a phone number that is %s, naming only the phone field', async (_what, phone) => {
    const res = await postJson(stack.leadsUrl, validLead({ phone }), { headers: { 'accept-language': 'zh-CN' } });
    expect(res.status).toBe(400);
    const body: ErrorBody = res.json();
    expect(fieldsOf(body)).toEqual(['phone']);
    expect(body.errors[0].message).toMatch(HAN);
  });

  it('tells how a valid number looks, in Chinese and in English', async () => {
    for (const [lang, words] of [
      ['zh-CN', /手机号或座机号.*139 2345 6789.*010-6552 9988/],
      ['en', /mobile or landline.*139 2345 6789.*010-6552 9988/],
    ] as const) {
      const res = await postJson(stack.leadsUrl, validLead({ phone: '555-1234' }), { headers: { 'accept-language': lang } });
      expect(res.status).toBe(400);
      expect((res.json() as ErrorBody).errors).toEqual([
        { field: 'phone', code: 'invalid_phone', message: expect.stringMatching(words) },
      ]);
    }
  });

  it('rejects a bad email address', async () => {
    const res = await postJson(stack.leadsUrl, validLead({ email: 'not-an-email' }));
    expect(res.status).toBe(400);
    expect(fieldsOf(res.json())).toEqual(['email']);
  });

  it('rejects CR/LF in the name, so no value can ever become an email header', async () => {
    const res = await postJson(stack.leadsUrl, validLead({ name: '张伟\r\nBcc: victim@example.com' }));
    expect(res.status).toBe(400);
    expect(fieldsOf(res.json())).toEqual(['name']);
  });

  it('rejects values over their limits', async () => {
    const res = await postJson(
      stack.leadsUrl,
      validLead({ name: '张'.repeat(51), company: 'c'.repeat(101), requirement: '需'.repeat(5001) }),
    );
    expect(res.status).toBe(400);
    expect(fieldsOf(res.json())).toEqual(['company', 'name', 'requirement']);
  });

  it('rejects an object where a string belongs (400, not 500)', async () => {
    const res = await postJson(stack.leadsUrl, validLead({ name: { first: '伟', last: '张' } }));
    expect(res.status).toBe(400);
    expect(fieldsOf(res.json())).toEqual(['name']);
  });

  it('rejects an array where a string belongs', async () => {
    const res = await postJson(stack.leadsUrl, validLead({ requirement: ['a', 'b'] }));
    expect(res.status).toBe(400);
    expect(fieldsOf(res.json())).toEqual(['requirement']);
  });

  it('does not write the full phone number of a rejected post to the log', async () => {
    const res = await postJson(stack.leadsUrl, validLead({ phone: '13987654321', email: 'broken@' }));
    expect(res.status).toBe(400);
    // Give the logger a moment to flush, bounded by the response of a second request.
    await get(`${stack.gatewayUrl}/health`);
    expect(stack.gateway.output()).not.toContain('13987654321');
  });
});

describe('malformed requests', () => {
  it('answers malformed JSON with 400', async () => {
    const res = await request('POST', stack.leadsUrl, '{"name": "张伟", ', {
      headers: { 'content-type': 'application/json' },
    });
    expect(res.status).toBe(400);
  });

  it('answers a JSON array with 400', async () => {
    const res = await postJson(stack.leadsUrl, [validLead()]);
    expect(res.status).toBe(400);
    expect(res.json().errors.length).toBeGreaterThan(0);
  });

  it.each([
    ['a JSON string', '"hello"'],
    ['JSON null', 'null'],
    ['a JSON number', '42'],
  ])('answers %s as the body with 400', async (_what, body) => {
    const res = await request('POST', stack.leadsUrl, body, { headers: { 'content-type': 'application/json' } });
    expect(res.status).toBe(400);
  });

  it('answers a JSON body over 64 KB with 413', async () => {
    const res = await postJson(stack.leadsUrl, validLead({ requirement: 'x'.repeat(70 * 1024) }));
    expect(res.status).toBe(413);
  });

  it('answers a form body over 64 KB with 413', async () => {
    const res = await postForm(stack.leadsUrl, validLead({ requirement: 'x'.repeat(70 * 1024) }) as Record<string, string>);
    expect(res.status).toBe(413);
  });

  it.each(['text/plain', 'application/xml', 'application/octet-stream'])('answers content type %s with 415', async (type) => {
    const res = await request('POST', stack.leadsUrl, 'name=张伟&phone=13812345678&requirement=x', {
      headers: { 'content-type': type },
    });
    expect(res.status).toBe(415);
  });

  it('answers a broken multipart body with a 4xx, not a 5xx', async () => {
    // The boundary in the header never appears in the body.
    const res = await request('POST', stack.leadsUrl, 'name=张伟&phone=13812345678&requirement=x', {
      headers: { 'content-type': 'multipart/form-data; boundary=xyz' },
    });
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.status).toBeLessThan(500);
  });

  it('queues nothing for any rejected post', async () => {
    // Every request above was refused before the queue: a later real lead
    // is the only one that reaches Postgres from this file so far.
    const { id } = await stack.processLead();
    const { rows } = await stack.db.query('SELECT id FROM leads');
    expect(rows.map((r) => r.id)).toEqual([id]);
  });
});

describe('browser form post (Accept: text/html)', () => {
  const browser = (lang = 'zh-CN,zh;q=0.9') => ({ headers: { accept: BROWSER_ACCEPT, 'accept-language': lang } });

  it('shows a readable HTML error page with status 400', async () => {
    const fields = validLead({ phone: '12345', name: '<img src=x onerror=alert(1)>' }) as Record<string, string>;
    const res = await postForm(stack.leadsUrl, fields, browser());
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    expect(res.text).toMatch(/<html/i);
    expect(res.text).toMatch(HAN);
    // Whatever of the input the page shows is escaped.
    expect(res.text).not.toContain('<img src=x');
  });

  it('shows the error page in English for an English browser', async () => {
    const res = await postForm(stack.leadsUrl, { name: 'Li Lei' }, browser('en-GB,en;q=0.9'));
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    expect(res.text).toMatch(/required/i);
  });

  it('redirects a valid post with 303 to the thank-you page, which shows the reference id', async () => {
    const res = await postForm(stack.leadsUrl, validLead() as Record<string, string>, browser());
    expect(res.status).toBe(303);
    const location = new URL(res.headers.get('location') ?? '', stack.gatewayUrl);
    expect(location.origin).toBe(stack.gatewayUrl);
    expect(location.pathname).toBe('/thanks');
    const id = location.searchParams.get('id') ?? '';
    expect(id).toMatch(UUID);

    const page = await get(location.toString(), browser());
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    // The short reference a visitor can read out on the phone, when we will call, and a way back to the site.
    expect(page.text).toContain(`>${id.slice(0, 8).toUpperCase()}</code>`);
    expect(page.text).toContain('工作时间内尽快与您联系');
    expect(page.text).toContain(`<a href="${SITE}">`);
    expect(page.text).toMatch(HAN);

    // The redirect is not a dead end: the lead went through.
    await stack.sink.waitForLead(id);
  });

  it('honours _next for an allow-listed origin', async () => {
    const next = `${SITE}/contact/thanks.html?from=form`;
    const res = await postForm(stack.leadsUrl, { ...(validLead() as Record<string, string>), _next: next }, browser());
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe(next);
  });

  it.each([
    'https://evil.example.com/phish',
    'https://www.youpower.com.cn.evil.example.com/x',
    '//evil.example.com/x',
    'javascript:alert(1)',
  ])('ignores _next %s and sends the browser to /thanks', async (next) => {
    const res = await postForm(stack.leadsUrl, { ...(validLead() as Record<string, string>), _next: next }, browser());
    expect(res.status).toBe(303);
    const location = new URL(res.headers.get('location') ?? '', stack.gatewayUrl);
    expect(location.origin).toBe(stack.gatewayUrl);
    expect(location.pathname).toBe('/thanks');
  });
});

describe('the privacy policy (PRIVACY_POLICY_URL left at its default)', () => {
  it.each([
    ['zh-CN', '隐私政策', 'zh-CN'],
    ['en', 'Privacy Policy', 'en'],
  ])("is an HTML page the form links to, in the form's language (%s)", async (acceptLanguage, title, htmlLang) => {
    const form = await get(`${stack.gatewayUrl}/`, { headers: { 'accept-language': acceptLanguage } });
    const href = /<a href="([^"]+)" target="_blank" rel="noopener">/.exec(form.text)?.[1];
    expect(href).toMatch(/^\/privacy\?lang=/);
    // Fetched as the browser would, whatever its own language.
    const policy = await get(new URL(href!, stack.gatewayUrl).toString(), { headers: { accept: BROWSER_ACCEPT } });
    expect(policy.status).toBe(200);
    expect(policy.headers.get('content-type')).toMatch(/^text\/html; charset=utf-8/);
    expect(policy.text).toContain(`<html lang="${htmlLang}">`);
    expect(policy.text).toContain(`<h1>${title}</h1>`);
  });
});

describe('gateway endpoints', () => {
  it('reports health with the Redis check', async () => {
    const res = await get(`${stack.gatewayUrl}/health`);
    expect(res.status).toBe(200);
    expect(res.json()).toEqual({ status: 'ok', checks: { redis: 'up' } });
  });

  it('serves Prometheus metrics when METRICS_PUBLIC is on', async () => {
    const res = await get(`${stack.gatewayUrl}/metrics`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain/);
    expect(res.text).toMatch(/^# (HELP|TYPE) /m);
  });
});
