import { createHmac } from 'node:crypto';
import { context, destination, lead, task } from '../../../../../test/support/chat-fixtures';
import {
  ChatReceiver,
  ReceiverOptions,
  ReceiverPlatform,
  verifyWebhookSignature,
} from '../../../../../test/support/chat-receivers';
import { ChannelHttpClient } from './channel-http.client';
import type { BuildContext, ChatChannel, ChatNotice } from './chat-channel';
import { DingtalkChannel } from './dingtalk.channel';
import { FeishuChannel } from './feishu.channel';
import { WebhookChannel } from './webhook.channel';
import { WecomChannel } from './wecom.channel';

/**
 * The test receivers (test infrastructure other tests rely on) checked
 * against the documented formulas, and the channels checked against them:
 * request built, posted over HTTP, answer classified.
 */
const CHANNELS: Record<ReceiverPlatform, ChatChannel> = {
  dingtalk: new DingtalkChannel(),
  wecom: new WecomChannel(),
  feishu: new FeishuChannel(),
  webhook: new WebhookChannel(),
};
const http = new ChannelHttpClient();
const receivers: ChatReceiver[] = [];
const NEW_LEAD: ChatNotice = { kind: 'new-lead', lead: lead(), task: task() };

async function start(platform: ReceiverPlatform, options: ReceiverOptions = {}): Promise<ChatReceiver> {
  const r = await ChatReceiver.start(platform, options);
  receivers.push(r);
  return r;
}

/** Builds for the receiver (optionally with another secret), posts, classifies. */
async function send(r: ChatReceiver, notice = NEW_LEAD, over: Partial<BuildContext> = {}, secret = r.secret, timeoutMs?: number) {
  const channel = CHANNELS[r.platform];
  const req = channel.build(destination(r.platform, r.url, secret), notice, context({ now: new Date(r.clock()), ...over }));
  return channel.classify(await http.post(req, timeoutMs), 1);
}

afterAll(() => Promise.all(receivers.map((r) => r.close())));

describe('DingTalk receiver', () => {
  it('takes a signed message with the keyword and records it', async () => {
    const r = await start('dingtalk', { secret: 'SECtest-secret' });
    expect(await send(r)).toMatchObject({ status: 'sent' });
    const [m] = r.messages;
    expect(m.body.msgtype).toBe('actionCard');
    expect(m.query.timestamp).toMatch(/^\d{13}$/);
    expect(m.headers['content-type']).toMatch(/json/);
  });

  it('answers 310000 to a wrong secret, a stale timestamp and a missing keyword', async () => {
    const r = await start('dingtalk', { secret: 'SECright' });
    expect(await send(r, NEW_LEAD, {}, 'SECwrong')).toMatchObject({ status: 'config-error', reason: 'bad-signature' });
    const stale = new Date(Date.now() - 3_600_000 - 5_000);
    expect(await send(r, NEW_LEAD, { now: stale })).toMatchObject({ status: 'config-error', reason: 'bad-signature' });
    r.keyword = 'NOT-IN-MESSAGE';
    expect(await send(r)).toMatchObject({ status: 'config-error', reason: 'keyword' });
    expect(r.rejections.map((x) => x.code)).toEqual([310000, 310000, 310000]);
    expect(r.messages).toHaveLength(0);
  });

  it('throttles a robot for 10 minutes once it crosses 20 a minute', async () => {
    let now = Date.now();
    const r = await start('dingtalk', { clock: () => now });
    for (let i = 0; i < 20; i++) expect((await send(r)).status).toBe('sent');
    expect(await send(r)).toMatchObject({ status: 'rate-limited', retryAfterMs: 600_000 });
    now += 2 * 60_000;
    expect((await send(r)).status).toBe('rate-limited');
    now += 9 * 60_000;
    expect((await send(r)).status).toBe('sent');
    expect(r.rejections.map((x) => x.code)).toEqual([130101, 130101]);
  });

  it('refuses a body over 20 000 bytes with 460101', async () => {
    const r = await start('dingtalk');
    const body = JSON.stringify({ msgtype: 'text', text: { content: `线索${'x'.repeat(20_000)}` } });
    const result = await http.post({ url: r.url, headers: { 'content-type': 'application/json' }, body });
    expect(CHANNELS.dingtalk.classify(result, 1)).toMatchObject({ status: 'failed', detail: expect.stringMatching(/^460101/) });
  });

  it('answers the configured failures', async () => {
    const r = await start('dingtalk');
    r.mode = 'bad-config';
    expect(await send(r)).toMatchObject({ status: 'config-error', detail: expect.stringMatching(/^310000/) });
    r.mode = 'http-500';
    expect(await send(r)).toMatchObject({ status: 'retry', reason: 'server-error' });
    r.mode = 'ok';
    await r.down();
    expect(await send(r)).toMatchObject({ status: 'retry', reason: 'network' });
    await r.up();
    expect(await send(r)).toMatchObject({ status: 'sent' });
  });
});

describe('WeCom receiver', () => {
  it('takes markdown, and text with mentioned_mobile_list', async () => {
    const r = await start('wecom');
    expect(await send(r)).toMatchObject({ status: 'sent' });
    expect(await send(r, { kind: 'reminder', lead: lead(), task: task(), mentionMobiles: ['13900001111'] })).toMatchObject({
      status: 'sent',
    });
    expect(r.messages.map((m) => m.body.msgtype)).toEqual(['markdown', 'text']);
    expect(r.messages[1].body.text.mentioned_mobile_list).toEqual(['13900001111']);
  });

  it('answers 93000 to a wrong key, 40058 to long content, 45009 past 20 a minute', async () => {
    const r = await start('wecom');
    const wrong = await http.post({ url: r.url.replace(r.token, 'nope'), headers: {}, body: '{}' });
    expect(CHANNELS.wecom.classify(wrong, 1)).toMatchObject({ status: 'config-error', detail: expect.stringMatching(/^93000/) });
    const long = JSON.stringify({ msgtype: 'markdown', markdown: { content: '需'.repeat(1400) } });
    expect(CHANNELS.wecom.classify(await http.post({ url: r.url, headers: {}, body: long }), 1).status).toBe('failed');
    for (let i = 0; i < 20; i++) expect((await send(r)).status).toBe('sent');
    expect(await send(r)).toMatchObject({ status: 'rate-limited', detail: expect.stringMatching(/^45009/) });
  });
});

describe('Feishu receiver', () => {
  it('takes a message signed in its body', async () => {
    const r = await start('feishu', { secret: 'feishu-secret' });
    expect(await send(r)).toMatchObject({ status: 'sent' });
    expect(r.messages[0].body.timestamp).toMatch(/^\d{10}$/);
  });

  it('answers 19021 to a wrong secret or a stale timestamp, 19024 to a missing keyword', async () => {
    const r = await start('feishu', { secret: 'feishu-secret' });
    expect(await send(r, NEW_LEAD, {}, 'other')).toMatchObject({ status: 'config-error', reason: 'bad-signature' });
    expect(await send(r, NEW_LEAD, { now: new Date(Date.now() - 2 * 3_600_000) })).toMatchObject({ status: 'config-error' });
    r.keyword = 'NOT-IN-MESSAGE';
    expect(await send(r)).toMatchObject({ status: 'config-error', reason: 'keyword' });
    expect(r.rejections.map((x) => x.code)).toEqual([19021, 19021, 19024]);
  });

  it('allows 5 a second and 100 a minute (11232 beyond)', async () => {
    let now = Date.now();
    const r = await start('feishu', { clock: () => now });
    for (let i = 0; i < 5; i++) expect((await send(r)).status).toBe('sent');
    expect(await send(r)).toMatchObject({ status: 'rate-limited', detail: expect.stringMatching(/^11232/) });
    for (let i = 0; i < 95; i++) {
      if (i % 5 === 0) now += 1001;
      expect((await send(r)).status).toBe('sent');
    }
    now += 1001;
    expect((await send(r)).status).toBe('rate-limited');
    expect(r.messages).toHaveLength(100);
  });
});

describe('webhook receiver', () => {
  const reminder: ChatNotice = { kind: 'reminder', lead: lead(), task: task(), mentionMobiles: [] };

  it('verifies the signature and records event, delivery and body', async () => {
    const r = await start('webhook');
    expect(await send(r, reminder)).toMatchObject({ status: 'sent' });
    const [m] = r.messages;
    expect(m.headers['x-lead-event']).toBe('lead.reminder');
    expect(m.headers['x-lead-delivery']).toBe(context().deliveryId);
    expect(m.body.lead.id).toBe(lead().id);
  });

  it('refuses a wrong secret and a stale signature with 400, which the sender retries and then fails', async () => {
    const r = await start('webhook');
    expect(await send(r, reminder, {}, 'whsec_wrong')).toMatchObject({ status: 'retry', reason: 'http-400' });
    expect(await send(r, reminder, { now: new Date(Date.now() - 10 * 60_000) })).toMatchObject({ status: 'retry' });
    expect(r.rejections.map((x) => x.reason)).toEqual(['signature mismatch', 'signature expired']);
  });

  it('answers 500, 410, 401 and silence as configured', async () => {
    const r = await start('webhook');
    r.mode = 'http-500';
    expect((await send(r, reminder)).status).toBe('retry');
    r.mode = 'http-410';
    expect((await send(r, reminder)).status).toBe('gone');
    r.mode = 'bad-config';
    expect((await send(r, reminder)).reason).toBe('http-401');
    r.mode = 'hang';
    expect(await send(r, reminder, {}, r.secret, 200)).toMatchObject({ status: 'retry', reason: 'timeout' });
  });
});

describe('verifyWebhookSignature', () => {
  const raw = '{"event":"lead.created"}';
  const sig = (t: number, secret = 's') => createHmac('sha256', secret).update(`${t}.${raw}`).digest('hex');

  it('accepts any matching v1 within five minutes, as the scheme describes', () => {
    expect(verifyWebhookSignature(`t=1000,v1=${sig(1000)}`, raw, 's', 1_000_000)).toBe('ok');
    expect(verifyWebhookSignature(`t=1000,v1=${sig(1000, 'old')},v1=${sig(1000)}`, raw, 's', 1_299_000)).toBe('ok');
  });

  it('names what is wrong', () => {
    expect(verifyWebhookSignature(undefined, raw, 's')).toBe('missing');
    expect(verifyWebhookSignature('v1=abc', raw, 's')).toBe('malformed');
    expect(verifyWebhookSignature(`t=1000,v1=${sig(1000)}`, raw, 's', 1_301_000)).toBe('expired');
    expect(verifyWebhookSignature(`t=1000,v1=${sig(1000)}`, `${raw} `, 's', 1_000_000)).toBe('mismatch');
  });
});
