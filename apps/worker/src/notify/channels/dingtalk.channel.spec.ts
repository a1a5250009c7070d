import { createHmac } from 'node:crypto';
import { answer, context, destination, lead, task } from '../../../../../test/support/chat-fixtures';
import { DINGTALK_THROTTLE_MS, DingtalkChannel, dingtalkSign } from './dingtalk.channel';

const channel = new DingtalkChannel();
const URL_ = 'https://oapi.dingtalk.com/robot/send?access_token=abc123';

describe('DingtalkChannel.build', () => {
  it('signs as documented: urlencode(base64(HmacSHA256(secret, timestamp + "\\n" + secret))), timestamp in ms', () => {
    const secret = 'SEC0123456789abcdef';
    const req = channel.build(destination('dingtalk', URL_, secret), { kind: 'test' }, context());
    const url = new URL(req.url);
    const timestamp = '1772431446789';
    const expected = createHmac('sha256', Buffer.from(secret, 'utf8'))
      .update(Buffer.from(`${timestamp}\n${secret}`, 'utf8'))
      .digest('base64');
    expect(url.searchParams.get('access_token')).toBe('abc123');
    expect(url.searchParams.get('timestamp')).toBe(timestamp);
    expect(url.searchParams.get('sign')).toBe(expected);
    // The raw query carries the base64 URL-encoded (+, / and = escaped).
    expect(req.url).toContain(`sign=${encodeURIComponent(expected)}`);
    expect(dingtalkSign(secret, Number(timestamp))).toBe(expected);
    expect(req.url).not.toContain('#');
  });

  it('leaves the URL alone without a secret (keyword security only)', () => {
    expect(channel.build(destination('dingtalk', URL_), { kind: 'test' }, context()).url).toBe(URL_);
  });

  it("sends an alert as an actionCard whose button opens the lead's action page", () => {
    const body = JSON.parse(
      channel.build(destination('dingtalk', URL_), { kind: 'new-lead', lead: lead(), task: task() }, context()).body,
    );
    expect(body.msgtype).toBe('actionCard');
    expect(body.actionCard).toMatchObject({
      singleTitle: '查看并认领',
      singleURL: 'https://crm.example.com/admin/leads/0b7f3a4e-8c1d-4e2f-9a3b-5c6d7e8f9a0b/act',
    });
    expect(body.actionCard.title).toContain('新线索');
    expect(body.at).toBeUndefined();
  });

  it('mentions the assignee by mobile in a markdown message, never everyone', () => {
    const notice = {
      kind: 'reminder' as const,
      lead: lead(),
      task: task(),
      mentionMobiles: ['+8613900001111', '@all', '139 0000 2222'],
    };
    const body = JSON.parse(channel.build(destination('dingtalk', URL_), notice, context()).body);
    expect(body.msgtype).toBe('markdown');
    expect(body.at).toEqual({ atMobiles: ['13900001111', '13900002222'], isAtAll: false });
    expect(body.markdown.text).toContain('@13900001111 @13900002222');
  });
});

describe('DingtalkChannel.classify', () => {
  it.each([
    [{ errcode: 0, errmsg: 'ok' }, 'sent', 'ok'],
    [{ errcode: 130101, errmsg: 'send too fast, exceed 20 times per minute' }, 'rate-limited', 'rate-limit'],
    [{ errcode: 410100, errmsg: '发送速度太快而限流' }, 'rate-limited', 'rate-limit'],
    [
      { errcode: 310000, errmsg: 'sign not match, more: [https://ding-doc.dingtalk.com/doc#/serverapi2/qf2nxq]' },
      'config-error',
      'bad-signature',
    ],
    [{ errcode: 310000, errmsg: 'keywords not in content' }, 'config-error', 'keyword'],
    [{ errcode: 310000, errmsg: 'ip X.X.X.X not in whitelist' }, 'config-error', 'ip-not-allowed'],
    [{ errcode: 300001, errmsg: 'token is not exist' }, 'config-error', 'bad-token'],
    [{ errcode: 460101, errmsg: 'message too long, exceed 20000 bytes' }, 'failed', 'rejected-message'],
    [{ errcode: -1, errmsg: '系统繁忙' }, 'retry', 'platform-error'],
  ])('%j → %s (%s)', (body, status, reason) => {
    expect(channel.classify(answer(body))).toMatchObject({ status, reason });
  });

  it('keeps the platform words and DingTalk 10-minute throttle', () => {
    expect(channel.classify(answer({ errcode: 130101, errmsg: 'send too fast' }))).toEqual({
      status: 'rate-limited',
      reason: 'rate-limit',
      detail: '130101 send too fast',
      retryAfterMs: DINGTALK_THROTTLE_MS,
    });
  });
});
