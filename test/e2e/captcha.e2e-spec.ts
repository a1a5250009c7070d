/**
 * The adaptive captcha against local fakes of GeeTest v4, Tencent Captcha and
 * Cloudflare Turnstile: a missing, good, bad, reused and timed-out token for
 * each, failing open and closed, and a form that starts asking once it gets
 * more posts a minute than the trigger and stops a minute after.
 */
jest.setTimeout(300_000);

import { QueueName } from '@app/contracts';
import type { AppProcess } from '../support/apps';
import { LIMITS_OFF } from '../support/deployment';
import { startCaptchaFakes, type CaptchaFakes, type FakeCredentials } from '../support/captcha-fakes';
import { get, postJson, type HttpResult } from '../support/http';
import { startStack, validLead, waitFor, type Stack } from '../support/stack';

const CREDS: FakeCredentials = {
  geetest: { id: 'gt-captcha-id', key: 'gt-captcha-key-0123456789' },
  tencent: { appId: '190000001', appSecretKey: 'app-secret', secretId: 'AKIDtestsecretid', secretKey: 'tc-secret-key' },
  turnstile: { secret: '0x4AAAAAAAturnstile-secret' },
};
const TRIGGER = 3;

let stack: Stack;
let fakes: CaptchaFakes;
const gateways: Record<'geetest' | 'tencent' | 'turnstile' | 'adaptive', AppProcess> = {} as never;

/** Another gateway of the stack's deployment, with the captcha fakes and `env`, and only the form limits off. */
function startGateway(name: string, env: Record<string, string>): Promise<AppProcess> {
  const gatewayEnv = { ...LIMITS_OFF, CAPTCHA_VERIFY_URL: fakes.url };
  return stack.deployment.derive({ gatewayEnv }).startGateway({ name, env, timeoutMs: 60_000 });
}

beforeAll(async () => {
  fakes = await startCaptchaFakes(CREDS);
  // The stack's own gateway runs without a captcha; the worker is not needed: jobs stay queued to be read.
  stack = await startStack({ worker: false, gatewayEnv: LIMITS_OFF });
  const t = CREDS.tencent;
  // One after another: four Nest boots at once starve a small CI machine.
  gateways.geetest = await startGateway('gateway-geetest', {
    CAPTCHA_PROVIDER: 'geetest',
    CAPTCHA_ID: CREDS.geetest.id,
    CAPTCHA_KEY: CREDS.geetest.key,
    CAPTCHA_MODE: 'always',
  });
  gateways.tencent = await startGateway('gateway-tencent', {
    CAPTCHA_PROVIDER: 'tencent',
    CAPTCHA_ID: t.appId,
    CAPTCHA_KEY: `${t.appSecretKey}:${t.secretId}:${t.secretKey}`,
    CAPTCHA_MODE: 'always',
    CAPTCHA_FAIL_OPEN: 'false',
  });
  gateways.turnstile = await startGateway('gateway-turnstile', {
    CAPTCHA_PROVIDER: 'turnstile',
    CAPTCHA_ID: 'site-key',
    CAPTCHA_KEY: CREDS.turnstile.secret,
    CAPTCHA_MODE: 'always',
  });
  gateways.adaptive = await startGateway('gateway-adaptive', {
    CAPTCHA_PROVIDER: 'turnstile',
    CAPTCHA_ID: 'site-key',
    CAPTCHA_KEY: CREDS.turnstile.secret,
    CAPTCHA_TRIGGER_PER_MINUTE: String(TRIGGER),
  });
});

afterAll(async () => {
  for (const app of Object.values(gateways)) await app?.stop('SIGTERM', 15000).catch(() => app.kill('SIGKILL'));
  await stack?.stop();
  await fakes?.stop();
});

let serial = 0;
const unique = () => `${Date.now().toString(36)}-${serial++}`;
const geetestToken = (pass: string) =>
  JSON.stringify({ lot_number: `lot-${unique()}`, captcha_output: 'out', pass_token: pass, gen_time: '1700000000' });
const tencentToken = (ticket: string) => JSON.stringify({ ticket, randstr: `@${unique()}` });

function post(app: AppProcess, captcha?: string): Promise<HttpResult> {
  return postJson(`${app.url}/api/leads`, validLead(captcha === undefined ? {} : { captcha }));
}

function expectCaptchaError(res: HttpResult, code: 'captcha_required' | 'captcha_invalid') {
  expect({ status: res.status, errors: res.json().errors }).toEqual({
    status: 400,
    errors: [{ field: 'captcha', code, message: expect.any(String) }],
  });
}

async function queuedContext(id: string): Promise<Record<string, unknown>> {
  const job = await stack.queue(QueueName.LeadIntake).getJob(id);
  expect(job).toBeDefined();
  return job!.data.context as Record<string, unknown>;
}

describe.each([
  { name: 'geetest' as const, token: geetestToken, failOpen: true },
  { name: 'tencent' as const, token: tencentToken, failOpen: false },
  { name: 'turnstile' as const, token: (v: string) => `${v}-${unique()}`, failOpen: true },
])('$name', ({ name, token, failOpen }) => {
  it('refuses a post without a token with a field error on captcha, in the visitor’s language', async () => {
    const res = await postJson(`${gateways[name].url}/api/leads`, validLead({ _lang: 'zh' }));
    expectCaptchaError(res, 'captcha_required');
    expect(res.json().errors[0].message).toMatch(/人机验证/);
  });

  it('accepts a good token once and refuses it the second time', async () => {
    const good = token('good');
    const first = await post(gateways[name], good);
    expect({ status: first.status, body: first.text }).toEqual({ status: 202, body: expect.stringContaining('queued') });
    expect(await queuedContext(first.json().id)).not.toHaveProperty('captcha');
    expectCaptchaError(await post(gateways[name], good), 'captcha_invalid');
  });

  it('refuses a token the provider rejects, and one no widget could make', async () => {
    expectCaptchaError(await post(gateways[name], token('bad')), 'captcha_invalid');
    if (name !== 'turnstile') expectCaptchaError(await post(gateways[name], 'not-a-widget-token'), 'captcha_invalid');
  });

  it(
    failOpen
      ? 'accepts and marks the lead unverified when the provider times out'
      : 'answers 503 with Retry-After when the provider times out',
    async () => {
      const slow = token('slow');
      const res = await post(gateways[name], slow);
      if (failOpen) {
        expect(res.status).toBe(202);
        expect(await queuedContext(res.json().id)).toMatchObject({ captcha: 'unverified' });
      } else {
        expect(res.status).toBe(503);
        expect(res.headers.get('retry-after')).toMatch(/^\d+$/);
      }
    },
  );
});

it('sends every verification to the provider API the gateway is configured for', () => {
  expect(new Set(fakes.calls)).toEqual(new Set(['/validate', '/', '/siteverify']));
});

it('asks for a captcha once a form gets more posts than the trigger in a minute, and stops a minute later', async () => {
  const app = gateways.adaptive;
  const status = async () => (await get(`${app.url}/api/captcha`)).json();
  expect(await status()).toEqual({ required: false, provider: 'turnstile', id: 'site-key' });

  for (let i = 0; i < TRIGGER; i++) expect((await post(app)).status).toBe(202);
  expectCaptchaError(await post(app), 'captcha_required');
  expect(await status()).toEqual({ required: true, provider: 'turnstile', id: 'site-key' });
  expect((await post(app, `good-${unique()}`)).status).toBe(202);

  // Another form is not under attack because this one is.
  expect((await get(`${app.url}/api/captcha?form=other-form`)).json()).toMatchObject({ required: false });

  // The stack's own gateway (CAPTCHA_PROVIDER=none) never asks.
  expect((await get(`${stack.gatewayUrl}/api/captcha`)).json()).toEqual({ required: false, provider: 'none', id: null });

  await waitFor(async () => ((await status()).required === false ? true : null), 90_000);
  expect((await post(app)).status).toBe(202);
});
