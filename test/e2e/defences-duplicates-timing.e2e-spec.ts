/**
 * Duplicate window (same contact + same requirement returns the first id,
 * nothing new is created) and the form's timing token (too fast, forged:
 * answered as success, nothing stored, counted; API clients unaffected).
 */
jest.setTimeout(90_000);

import { randomUUID } from 'node:crypto';
import IORedis from 'ioredis';
import { describeResponse, formTokenOf, get, metricValue, sleep, UUID } from '../support/defences';
import { BROWSER_ACCEPT, postForm, postJson } from '../support/http';
import { startStack, validLead, type Stack } from '../support/stack';

const MIN_FILL_SECONDS = 2;

let stack: Stack;

beforeAll(async () => {
  stack = await startStack({
    gatewayEnv: {
      DUPLICATE_WINDOW_SECONDS: '600',
      MIN_FILL_SECONDS: String(MIN_FILL_SECONDS),
      METRICS_PUBLIC: 'true',
    },
  });
});

afterAll(async () => {
  await stack?.stop();
});

let serial = 0;
/** A requirement text no other lead in this file has. */
function uniqueRequirement(label: string): string {
  return `${label} #${++serial} ${Date.now().toString(36)}`;
}

async function accepted(res: Awaited<ReturnType<typeof postJson>>): Promise<string> {
  expect(describeResponse(res)).toMatch(/^202 /);
  const id = res.json().id;
  expect(id).toMatch(UUID);
  return id;
}

/** Processes one more real lead end to end: anything queued before it has had its chance too. */
async function settle(): Promise<void> {
  await stack.processLead({ phone: undefined, requirement: uniqueRequirement('同步') });
}

async function leadsWhere(sql: string, params: unknown[]): Promise<any[]> {
  return (await stack.db.query(`SELECT * FROM leads WHERE ${sql}`, params)).rows;
}

/** The lead as form fields: left-out (undefined) fields are not sent at all. */
function textFields(lead: Record<string, unknown>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(lead)
      .filter(([, v]) => v !== undefined)
      .map(([k, v]) => [k, String(v)]),
  );
}

function emailsNaming(text: string) {
  return stack.sink.messages.filter((m) => `${m.mail.subject}\n${m.mail.text}`.includes(text));
}

describe('duplicate window (DUPLICATE_WINDOW_SECONDS=600)', () => {
  it('answers the same phone, typed differently, with the same requirement, with the first id; one row, one email', async () => {
    const requirement = uniqueRequirement('需要 50 台空压机的报价');
    const first = validLead({ phone: '13812345678', email: undefined, requirement });
    const again = validLead({ phone: '+86 138 1234 5678', email: undefined, requirement });
    const firstId = await accepted(await postJson(stack.leadsUrl, first));
    // The second as a browser reload would send it: urlencoded, prefers JSON here to read the id.
    const againRes = await postForm(
      stack.leadsUrl,
      { ...textFields(again), consent: 'on' },
      {
        headers: { accept: 'application/json' },
      },
    );
    expect(await accepted(againRes)).toBe(firstId);
    // A third, as JSON with yet another spelling of the number.
    const thirdId = await accepted(
      await postJson(stack.leadsUrl, validLead({ phone: '138-1234-5678', email: undefined, requirement })),
    );
    expect(thirdId).toBe(firstId);

    await stack.sink.waitForLead(firstId);
    await settle();
    const rows = await leadsWhere('requirement = $1', [requirement]);
    expect(rows.map((r) => [r.id, r.name, r.phone])).toEqual([[firstId, first.name, '+8613812345678']]);
    expect(stack.sink.forLead(firstId)).toHaveLength(1);
    expect(emailsNaming(again.name as string)).toHaveLength(0);
  });

  it('creates a new lead for the same phone with a different requirement', async () => {
    const requirement = uniqueRequirement('需要 50 台空压机的报价');
    const firstId = await accepted(await postJson(stack.leadsUrl, validLead({ email: undefined, requirement })));
    const otherRequirement = `${requirement},另外还需要安装服务`;
    const otherId = await accepted(
      await postJson(stack.leadsUrl, validLead({ email: undefined, requirement: otherRequirement })),
    );
    expect(otherId).not.toBe(firstId);
    await stack.sink.waitForLead(firstId);
    await stack.sink.waitForLead(otherId);
    const rows = await leadsWhere('id = ANY($1::uuid[])', [[firstId, otherId]]);
    expect(rows.map((r) => r.requirement).sort()).toEqual([requirement, otherRequirement].sort());
  });

  it('does the same for an email instead of a phone', async () => {
    const requirement = uniqueRequirement('Quote for 20 chillers');
    const address = `li.lei.${Date.now().toString(36)}@example.com`;
    const first = validLead({ phone: undefined, email: address, requirement });
    const again = validLead({ phone: undefined, email: address.replace('example.com', 'EXAMPLE.com'), requirement });
    const firstId = await accepted(await postJson(stack.leadsUrl, first));
    expect(await accepted(await postJson(stack.leadsUrl, again))).toBe(firstId);
    const exact = await accepted(await postJson(stack.leadsUrl, validLead({ phone: undefined, email: address, requirement })));
    expect(exact).toBe(firstId);

    const different = await accepted(
      await postJson(stack.leadsUrl, validLead({ phone: undefined, email: address, requirement: `${requirement} and 2 pumps` })),
    );
    expect(different).not.toBe(firstId);

    await stack.sink.waitForLead(firstId);
    await stack.sink.waitForLead(different);
    await settle();
    const rows = await leadsWhere('lower(email) = lower($1)', [address]);
    expect(rows.map((r) => r.id).sort()).toEqual([firstId, different].sort());
    expect(stack.sink.forLead(firstId)).toHaveLength(1);
    expect(emailsNaming(again.name as string)).toHaveLength(0);
  });
});

describe('duplicate window with an Idempotency-Key', () => {
  it('records a new key answered as a duplicate with the first id, so it keeps that id after the window', async () => {
    const requirement = uniqueRequirement('需要报价: 带请求编号的重复提交');
    const lead = validLead({ phone: '13922223333', email: undefined, requirement });
    const firstId = await accepted(await postJson(stack.leadsUrl, lead));
    const key = { 'idempotency-key': `dup-${randomUUID()}` };
    expect(await accepted(await postJson(stack.leadsUrl, lead, { headers: key }))).toBe(firstId);
    await stack.sink.waitForLead(firstId);

    // The window ends (its keys expire); a retry under the key still names the first lead and makes no other.
    const redis = new IORedis(stack.redisUrl);
    try {
      for (const k of await redis.keys(`${stack.prefix}:gateway:dup:*`)) {
        if ((await redis.get(k)) === firstId) await redis.del(k);
      }
    } finally {
      redis.disconnect();
    }
    expect(await accepted(await postJson(stack.leadsUrl, lead, { headers: key }))).toBe(firstId);
    await settle();
    expect((await leadsWhere('requirement = $1', [requirement])).map((r) => r.id)).toEqual([firstId]);
    expect(stack.sink.forLead(firstId)).toHaveLength(1);
  });
});

describe('duplicate window after a lead that was never queued', () => {
  it('does not answer "duplicate" with the id of a lead whose add failed: the next post is queued and alerted', async () => {
    const requirement = uniqueRequirement('需要报价: 失败后重试');
    const lead = validLead({ phone: '13911112222', email: undefined, requirement });
    const firstId = await accepted(await postJson(stack.leadsUrl, lead));
    await stack.sink.waitForLead(firstId);
    // What a request leaves behind when Redis fails between its admission and
    // its add and the release fails too: window keys naming an id with no job.
    const redis = new IORedis(stack.redisUrl);
    try {
      const keys = await redis.keys(`${stack.prefix}:gateway:dup:*`);
      const mine = (await Promise.all(keys.map(async (k) => ((await redis.get(k)) === firstId ? k : null)))).filter(
        (k): k is string => k !== null,
      );
      expect(mine).toHaveLength(1);
      const neverQueued = randomUUID();
      await redis.set(mine[0], neverQueued, 'EX', 600);

      const retriedId = await accepted(await postJson(stack.leadsUrl, lead));
      expect(retriedId).not.toBe(neverQueued);
      await stack.sink.waitForLead(retriedId);
      expect(await redis.get(mine[0])).toBe(retriedId);
      // The window holds again for the lead that is queued now.
      expect(await accepted(await postJson(stack.leadsUrl, lead))).toBe(retriedId);
    } finally {
      redis.disconnect();
    }
  });
});

describe('timing token (MIN_FILL_SECONDS=2)', () => {
  let token: string;
  const fastIds: string[] = [];
  const forgedIds: string[] = [];
  const botNames: string[] = [];

  function formFields(tag: string, extra: Record<string, string> = {}): Record<string, string> {
    const lead = textFields(validLead({ requirement: uniqueRequirement(`表单 ${tag}`) }));
    return { ...lead, consent: 'on', _gotcha: '', ...extra };
  }

  it('serves the form page with a hidden _token input', async () => {
    const page = await get(`${stack.gatewayUrl}/`, { headers: { accept: BROWSER_ACCEPT } });
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    token = formTokenOf(page.text);
    expect(token.length).toBeGreaterThan(5);
  });

  it('answers a form posted faster than MIN_FILL_SECONDS as a success, but stores nothing', async () => {
    const page = await get(`${stack.gatewayUrl}/`);
    const fresh = formTokenOf(page.text);

    const browserFields = formFields('bot-browser', { _token: fresh });
    const browser = await postForm(stack.leadsUrl, browserFields, { headers: { accept: BROWSER_ACCEPT } });
    expect(describeResponse(browser)).toMatch(/^303 /);
    const location = browser.headers.get('location') ?? '';
    expect(location).toMatch(/^\/thanks\?id=[0-9a-f-]{36}$/);
    fastIds.push(location.slice('/thanks?id='.length));
    botNames.push(browserFields.name);

    const fetchFields = formFields('bot-fetch', { _token: fresh });
    const viaFetch = await postForm(stack.leadsUrl, fetchFields, { headers: { accept: 'application/json' } });
    fastIds.push(await accepted(viaFetch));
    botNames.push(fetchFields.name);

    const jsonFields: Record<string, unknown> = { ...validLead({ requirement: uniqueRequirement('json bot') }), _token: fresh };
    fastIds.push(await accepted(await postJson(stack.leadsUrl, jsonFields)));
    botNames.push(jsonFields.name as string);
  });

  it('answers a forged token as a success, but stores nothing', async () => {
    for (const forged of ['abc.def', 'abc', `${Date.now().toString(36)}.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA`, `${token}x`]) {
      const fields = formFields(`forged ${forged}`, { _token: forged });
      const res = await postForm(stack.leadsUrl, fields, { headers: { accept: 'application/json' } });
      forgedIds.push(await accepted(res));
      botNames.push(fields.name);
    }
    const browser = await postForm(stack.leadsUrl, formFields('forged-browser', { _token: 'abc.def' }), {
      headers: { accept: BROWSER_ACCEPT },
    });
    expect(describeResponse(browser)).toMatch(/^303 /);
    expect(browser.headers.get('location')).toMatch(/^\/thanks\?id=[0-9a-f-]{36}$/);
  });

  it('stores a form posted with the token after more than MIN_FILL_SECONDS', async () => {
    const page = await get(`${stack.gatewayUrl}/`);
    const issued = formTokenOf(page.text);
    await sleep(MIN_FILL_SECONDS * 1000 + 400);
    const fields = formFields('human', { _token: issued });
    const res = await postForm(stack.leadsUrl, fields, { headers: { accept: BROWSER_ACCEPT } });
    expect(describeResponse(res)).toMatch(/^303 /);
    const id = (res.headers.get('location') ?? '').replace('/thanks?id=', '');
    expect(id).toMatch(UUID);
    const [row] = await stack.waitForRows('SELECT name, requirement FROM leads WHERE id = $1', [id]);
    expect(row).toEqual({ name: fields.name, requirement: fields.requirement });
    await stack.sink.waitForLead(id);
  });

  it('stores an API post without any token', async () => {
    const fields = validLead({ requirement: uniqueRequirement('API 客户端') });
    const id = await accepted(await postJson(stack.leadsUrl, fields));
    const [row] = await stack.waitForRows('SELECT name FROM leads WHERE id = $1', [id]);
    expect(row.name).toBe(fields.name);
  });

  it('never stored or alerted the bot posts (checked after a later real lead went through)', async () => {
    expect(fastIds).toHaveLength(3);
    expect(forgedIds).toHaveLength(4);
    await settle();
    const ids = [...fastIds, ...forgedIds];
    expect(await leadsWhere('id = ANY($1::uuid[])', [ids])).toEqual([]);
    expect(await leadsWhere('name = ANY($1::text[])', [botNames])).toEqual([]);
    for (const id of ids) expect(stack.sink.forLead(id)).toEqual([]);
    for (const name of botNames) expect(emailsNaming(name)).toEqual([]);
  });

  it('counts the rejections as bot_timing in /metrics', async () => {
    const res = await get(`${stack.gatewayUrl}/metrics`);
    expect(res.status).toBe(200);
    // 3 too fast + 5 forged (4 + the browser one).
    expect(metricValue(res.text, 'leads_rejected_total', { reason: 'bot_timing' })).toBeGreaterThanOrEqual(8);
    expect(metricValue(res.text, 'leads_rejected_total', { reason: 'duplicate' })).toBeGreaterThanOrEqual(4);
  });
});
