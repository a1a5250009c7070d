/**
 * The second way a form comes under attack: the worker quarantines most of
 * the recent leads and tells the gateways, which then ask for a captcha
 * although no form went over CAPTCHA_TRIGGER_PER_MINUTE.
 */
jest.setTimeout(180_000);

import { get, postJson } from '../support/http';
import { startStack, waitFor, type Stack } from '../support/stack';

let stack: Stack;

beforeAll(async () => {
  stack = await startStack({
    // The stack's gateways run with the form limits off already.
    gatewayEnv: {
      CAPTCHA_PROVIDER: 'turnstile',
      CAPTCHA_ID: 'site-key',
      CAPTCHA_KEY: 'secret',
      CAPTCHA_TRIGGER_PER_MINUTE: '1000',
    },
  });
});

afterAll(async () => {
  await stack?.stop();
});

const required = async () => (await get(`${stack.gatewayUrl}/api/captcha`)).json<{ required: boolean }>().required;

it('asks for a captcha once over half of the last leads were quarantined', async () => {
  expect(await required()).toBe(false);
  const ids: string[] = [];
  for (let i = 0; i < 10; i++) {
    const res = await postJson(stack.leadsUrl, {
      name: 'SEO优化',
      consent: true,
      email: `seo.rank${i}@mailinator.com`,
      requirement: `专业网站SEO优化，百度关键词7天上首页，高权重外链代发，包收录，加微信 seo888${i} https://bit.ly/x7Yz${i}`,
    });
    expect(res.status).toBe(202);
    ids.push(res.json().id);
  }
  const held = await waitFor(async () => {
    const { rows } = await stack.db.query('SELECT count(*)::int AS n FROM leads WHERE id = ANY($1::uuid[]) AND quarantined', [
      ids,
    ]);
    return rows[0].n === ids.length ? rows[0].n : null;
  }, 60_000);
  expect(held).toBe(10);
  await waitFor(async () => ((await required()) ? true : null), 15_000, 'captcha required');
});
