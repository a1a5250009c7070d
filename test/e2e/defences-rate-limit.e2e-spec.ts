/**
 * Per-client rate limit, shared by gateway replicas through Redis, and the
 * client address it is keyed on: the socket, unless TRUST_PROXY says how many
 * proxy hops to believe. A forged X-Forwarded-For must never buy a fresh bucket.
 */
jest.setTimeout(90_000);

import { QueueName } from '@app/contracts';
import type { AppProcess } from '../support/apps';
import { describeResponse, roomInThisMinute, UUID } from '../support/defences';
import { BROWSER_ACCEPT, postForm, postJson, type HttpResult } from '../support/http';
import { startStack, validLead, waitFor, type Stack } from '../support/stack';

const LIMIT = 3;

let stack: Stack;
/** A second replica of the same deployment (same QUEUE_PREFIX), no proxy trusted. */
let replica: AppProcess;
/** A third gateway of the same deployment behind one trusted proxy hop (TRUST_PROXY=1). */
let proxied: AppProcess;

const gatewayEnv = {
  RATE_LIMIT_PER_MINUTE: String(LIMIT),
  DUPLICATE_WINDOW_SECONDS: '0',
  MIN_FILL_SECONDS: '0',
  TRUST_PROXY: undefined as string | undefined,
};

/** A second gateway of the stack's deployment with `env` only (every defence at its default otherwise). */
function startGateway(env: Record<string, string | undefined>): Promise<AppProcess> {
  return stack.deployment.derive({ gatewayEnv: {} }).startGateway({ name: 'gateway-2', env });
}

beforeAll(async () => {
  stack = await startStack({ gatewayEnv });
  replica = await startGateway(gatewayEnv);
  proxied = await startGateway({ ...gatewayEnv, TRUST_PROXY: '1' });
});

afterAll(async () => {
  for (const app of [proxied, replica]) {
    if (!app) continue;
    await app.stop('SIGTERM', 15000).catch(() => app.kill('SIGKILL'));
  }
  await stack?.stop();
});

function lead(tag: string) {
  // Distinct requirement per lead: the duplicate window is off here, but the rows must be told apart.
  return validLead({ requirement: `限流测试 ${tag} ${Math.random().toString(36).slice(2)}` });
}

function expectRateLimited(res: HttpResult) {
  expect({ status: res.status, body: res.text.slice(0, 300) }).toEqual({ status: 429, body: expect.any(String) });
  const retryAfter = res.headers.get('retry-after');
  expect(retryAfter).toMatch(/^\d+$/);
  expect(Number(retryAfter)).toBeGreaterThanOrEqual(1);
  expect(Number(retryAfter)).toBeLessThanOrEqual(60);
}

async function leadIps(ids: string[]): Promise<Record<string, string>> {
  const rows = await waitFor(
    async () => {
      const found = (await stack.db.query('SELECT id, ip FROM leads WHERE id = ANY($1::uuid[])', [ids])).rows;
      return found.length === ids.length ? found : null;
    },
    15000,
    `leads ${ids.join(', ')} to be stored`,
  );
  return Object.fromEntries(rows.map((r: { id: string; ip: string }) => [r.id, r.ip]));
}

describe('shared across two gateway replicas (RATE_LIMIT_PER_MINUTE=3)', () => {
  const accepted: string[] = [];

  it('accepts 3 posts in total across both instances, then answers 429 with Retry-After on either', async () => {
    // All posts must fall into the same one-minute bucket.
    await roomInThisMinute(8);
    const a1 = await postJson(stack.leadsUrl, lead('a1'));
    const b1 = await postJson(`${replica.url}/api/leads`, lead('b1'));
    const a2 = await postJson(stack.leadsUrl, lead('a2'));
    for (const res of [a1, b1, a2]) {
      expect(res.status).toBe(202);
      expect(res.json().id).toMatch(UUID);
      accepted.push(res.json().id);
    }
    const fourthOnReplica = await postJson(`${replica.url}/api/leads`, lead('b2'));
    expectRateLimited(fourthOnReplica);
    expect(fourthOnReplica.json()).not.toHaveProperty('id');
    const fourthOnFirst = await postJson(stack.leadsUrl, lead('a3'));
    expectRateLimited(fourthOnFirst);
    expect(fourthOnFirst.json()).not.toHaveProperty('id');
  });

  it('stored exactly the 3 accepted leads', async () => {
    expect(accepted).toHaveLength(3);
    await waitFor(
      async () =>
        (await stack.db.query('SELECT count(*)::int AS n FROM leads WHERE id = ANY($1::uuid[])', [accepted])).rows[0].n === 3,
      15000,
      'the 3 accepted leads to be stored',
    );
    // Nothing else was queued: every intake job ever added is one of the 3.
    const counts = await stack.queue(QueueName.LeadIntake).getJobCounts();
    expect(Object.values(counts).reduce((a, b) => a + b, 0)).toBe(3);
    const { rows } = await stack.db.query(`SELECT id FROM leads WHERE requirement LIKE '限流测试 %'`);
    expect(rows.map((r) => r.id).sort()).toEqual([...accepted].sort());
  });

  it('gives a limited browser form post a readable HTML page with 429 and Retry-After', async () => {
    // Make sure this minute's bucket of 127.0.0.1 is used up (a new minute may have started).
    await roomInThisMinute(5);
    for (let i = 0; i <= LIMIT; i++) {
      const res = await postJson(stack.leadsUrl, lead(`fill-${i}`));
      if (res.status === 429) break;
    }
    const fields = lead('browser') as Record<string, string>;
    const res = await postForm(
      `${replica.url}/api/leads`,
      { ...fields, consent: 'on' },
      { headers: { accept: BROWSER_ACCEPT, 'accept-language': 'zh-CN,zh;q=0.9' } },
    );
    expectRateLimited(res);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    expect(res.text).toMatch(/<html[\s>]/i);
    expect(res.text).toMatch(/<h1>[^<]+<\/h1>/);
    // A person can read it: words, in the asked-for language, not a JSON error.
    expect(res.text).toMatch(/\p{Script=Han}/u);
    expect(res.text.trim().startsWith('{')).toBe(false);
  });
});

describe('forged X-Forwarded-For without TRUST_PROXY', () => {
  it('does not give a fresh bucket: still 429 for any X-Forwarded-For value', async () => {
    await roomInThisMinute(8);
    let limited: HttpResult | null = null;
    for (let i = 0; i <= LIMIT; i++) {
      const res = await postJson(stack.leadsUrl, lead(`exhaust-${i}`));
      if (res.status === 429) {
        limited = res;
        break;
      }
    }
    expect(limited && describeResponse(limited)).toMatch(/^429 /);
    for (const xff of ['10.1.2.3', '203.0.113.7', '198.51.100.1, 10.0.0.1', '::1']) {
      for (const url of [stack.leadsUrl, `${replica.url}/api/leads`]) {
        const res = await postJson(url, lead(`forged ${xff}`), {
          headers: { 'x-forwarded-for': xff, 'x-real-ip': xff, forwarded: `for=${xff}` },
        });
        expect({ xff, url, status: res.status }).toEqual({ xff, url, status: 429 });
        expectRateLimited(res);
      }
    }
  });
});

describe('TRUST_PROXY=1 (one trusted proxy hop)', () => {
  const ids: Record<string, string> = {};
  const post = (xff: string, tag: string) =>
    postJson(`${proxied.url}/api/leads`, lead(tag), { headers: { 'x-forwarded-for': xff } });

  it('treats distinct X-Forwarded-For addresses as distinct clients, each with its own quota', async () => {
    await roomInThisMinute(8);
    for (let i = 1; i <= LIMIT; i++) {
      const res = await post('1.2.3.4', `p1-${i}`);
      expect({ i, status: res.status }).toEqual({ i, status: 202 });
      if (i === 1) ids.first = res.json().id;
    }
    expectRateLimited(await post('1.2.3.4', 'p1-4'));

    // Another client behind the same proxy is not affected by 1.2.3.4's flood.
    const other = await post('5.6.7.8', 'p2-1');
    expect(other.status).toBe(202);
    ids.other = other.json().id;
  });

  it('judges a client-supplied extra hop by the last hop only', async () => {
    // "9.9.9.9" was written by the client itself; the proxy appended 1.2.3.4, whose bucket is empty.
    for (const forged of ['9.9.9.9, 1.2.3.4', '8.8.8.8,1.2.3.4', '1.1.1.1, 2.2.2.2, 1.2.3.4']) {
      const res = await post(forged, `hop ${forged}`);
      expect({ forged, status: res.status }).toEqual({ forged, status: 429 });
    }
    // And the same trick cannot move 5.6.7.8 onto someone else's bucket: it still spends its own.
    const res = await post('1.2.3.4, 5.6.7.8', 'hop-own');
    expect(res.status).toBe(202);
    ids.lastHop = res.json().id;
  });

  it('records the client address from the trusted hop on the stored lead', async () => {
    const ipOf = await leadIps([ids.first, ids.other, ids.lastHop]);
    expect(ipOf).toEqual({ [ids.first]: '1.2.3.4', [ids.other]: '5.6.7.8', [ids.lastHop]: '5.6.7.8' });
  });
});
