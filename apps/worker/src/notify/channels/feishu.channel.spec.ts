import { createHmac } from 'node:crypto';
import { answer, context, destination, lead, task } from '../../../../../test/support/chat-fixtures';
import { FeishuChannel, feishuSign } from './feishu.channel';

const channel = new FeishuChannel();
const HOOK = 'https://open.feishu.cn/open-apis/bot/v2/hook/2b4e5f8a-1c3d-4e5f-8a9b-0c1d2e3f4a5b';

describe('FeishuChannel.build', () => {
  it('signs as documented: base64(HmacSHA256(key = timestamp + "\\n" + secret, message = "")), timestamp in s, in the body', () => {
    const secret = 'feishu-secret';
    const req = channel.build(destination('feishu', HOOK, secret), { kind: 'test' }, context());
    const body = JSON.parse(req.body);
    const expected = createHmac('sha256', Buffer.from(`1772431446\n${secret}`, 'utf8'))
      .update(Buffer.alloc(0))
      .digest('base64');
    expect(body.timestamp).toBe('1772431446');
    expect(body.sign).toBe(expected);
    expect(feishuSign(secret, 1772431446)).toBe(expected);
    expect(req.url).toBe(HOOK);
  });

  it('has no timestamp or sign without a secret', () => {
    const body = JSON.parse(channel.build(destination('feishu', HOOK), { kind: 'test' }, context()).body);
    expect(body.timestamp).toBeUndefined();
    expect(body.sign).toBeUndefined();
  });

  it("sends a card: plain-text title with the keyword, markdown details, a button to the lead's action page", () => {
    const body = JSON.parse(
      channel.build(destination('feishu', HOOK), { kind: 'new-lead', lead: lead(), task: task() }, context()).body,
    );
    expect(body.msg_type).toBe('interactive');
    expect(body.card.header.title).toEqual({ tag: 'plain_text', content: '新线索，请尽快联系 · 张伟 · 优力有限公司' });
    expect(body.card.elements[1].actions[0]).toMatchObject({
      tag: 'button',
      text: { tag: 'plain_text', content: '查看并认领' },
      url: 'https://crm.example.com/admin/leads/0b7f3a4e-8c1d-4e2f-9a3b-5c6d7e8f9a0b/act',
    });
  });
});

describe('FeishuChannel.classify', () => {
  it.each([
    [{ StatusCode: 0, StatusMessage: 'success', code: 0, data: {}, msg: 'success' }, 'sent', 'ok'],
    [{ StatusCode: 0, StatusMessage: 'success' }, 'sent', 'ok'],
    [{ code: 11232, msg: 'frequency limited psm' }, 'rate-limited', 'rate-limit'],
    [
      { code: 19021, msg: 'sign match fail or timestamp is not within one hour from current time' },
      'config-error',
      'bad-signature',
    ],
    [{ code: 19024, msg: 'Key Words Not Found' }, 'config-error', 'keyword'],
    [{ code: 19022, msg: 'Ip Not Allowed' }, 'config-error', 'ip-not-allowed'],
    [{ code: 19001, msg: 'param invalid: incoming webhook access token invalid' }, 'config-error', 'bad-token'],
    [{ code: 9499, msg: 'Bad Request' }, 'failed', 'rejected-message'],
    [{ code: 12345, msg: 'new' }, 'retry', 'platform-error'],
  ])('%j → %s (%s)', (body, status, reason) => {
    expect(channel.classify(answer(body))).toMatchObject({ status, reason });
  });

  it('reads the code even from a non-2xx answer', () => {
    expect(channel.classify(answer({ code: 19021, msg: 'sign match fail' }, 400))).toMatchObject({ status: 'config-error' });
  });
});
