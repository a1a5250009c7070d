import { answer, context, destination, lead, task } from '../../../../../test/support/chat-fixtures';
import { utf8Bytes } from './markdown-text';
import { WECOM_TEXT_MAX_BYTES, WecomChannel } from './wecom.channel';

const channel = new WecomChannel();
const HOOK = 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=693a91f6-7xxx';

describe('WecomChannel.build', () => {
  it('posts markdown to the webhook URL as configured (the key is the credential)', () => {
    const req = channel.build(destination('wecom', HOOK), { kind: 'new-lead', lead: lead(), task: task() }, context());
    expect(req.url).toBe(HOOK);
    const body = JSON.parse(req.body);
    expect(body.msgtype).toBe('markdown');
    expect(body.markdown.content).toContain('[查看并认领](https://crm.example.com/admin/leads/');
  });

  it('mentions by mobile through a text message, the only type that carries mentioned_mobile_list', () => {
    const notice = { kind: 'escalation' as const, lead: lead(), task: task(), mentionMobiles: ['+8613900001111', '@all'] };
    const body = JSON.parse(channel.build(destination('wecom', HOOK), notice, context()).body);
    expect(body.msgtype).toBe('text');
    expect(body.text.mentioned_mobile_list).toEqual(['13900001111']);
    expect(body.text.content).toContain('线索升级');
    expect(body.text.content).not.toContain('**');
  });

  it('keeps a text message within 2048 bytes', () => {
    const big = lead({ name: '名'.repeat(2000), requirement: '需'.repeat(2000) });
    const notice = { kind: 'reminder' as const, lead: big, task: task(), mentionMobiles: ['13900001111'] };
    const body = JSON.parse(channel.build(destination('wecom', HOOK), notice, context()).body);
    expect(utf8Bytes(body.text.content)).toBeLessThanOrEqual(WECOM_TEXT_MAX_BYTES);
  });
});

describe('WecomChannel.classify', () => {
  it.each([
    [{ errcode: 0, errmsg: 'ok' }, 'sent', 'ok'],
    [{ errcode: 45009, errmsg: 'api freq out of limit' }, 'rate-limited', 'rate-limit'],
    [{ errcode: 93000, errmsg: 'invalid webhook url' }, 'config-error', 'bad-token'],
    [{ errcode: 40058, errmsg: 'markdown.content exceed max length 4096' }, 'failed', 'rejected-message'],
    [{ errcode: -1, errmsg: 'system busy' }, 'retry', 'platform-error'],
  ])('%j → %s (%s)', (body, status, reason) => {
    expect(channel.classify(answer(body))).toMatchObject({ status, reason });
  });
});
