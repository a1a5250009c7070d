import { context, destination } from '../../../../../test/support/chat-fixtures';
import type { ChatChannel, ChatNotice } from './chat-channel';
import { DingtalkChannel } from './dingtalk.channel';
import { FeishuChannel } from './feishu.channel';
import { WebhookChannel } from './webhook.channel';
import { WecomChannel } from './wecom.channel';

const notice: ChatNotice = {
  kind: 'weekly-review',
  week: '2026-W48',
  heading: '上周（2026-11-23 至 2026-11-29）线索响应速度',
  rows: [
    ['线索数', '42'],
    ['5 分钟内响应占比', '57%'],
  ],
};

describe.each<[string, ChatChannel]>([
  ['dingtalk', new DingtalkChannel()],
  ['wecom', new WecomChannel()],
  ['feishu', new FeishuChannel()],
])('%s: the weekly review', (kind, channel) => {
  const req = channel.build(destination(channel.kind, `https://robot.example.com/${kind}?access_token=tok`), notice, context());

  it('states the week, the numbers and links the reports, with the keyword', () => {
    expect(req.body).toContain('2026-11-23');
    expect(req.body).toContain('线索数');
    expect(req.body).toContain('42');
    expect(req.body).toContain('57%');
    expect(req.body).toContain('https://crm.example.com/admin/reports');
    expect(req.body).toContain('线索');
  });
});

it('never goes to a webhook', () => {
  const dest = destination('webhook', 'https://receiver.example.com/hook', 'whsec_test');
  expect(() => new WebhookChannel().build(dest, notice, context())).toThrow(/never a weekly-review/);
});
