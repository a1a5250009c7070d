import { context, destination, EVIL, lead, task } from '../../../../../test/support/chat-fixtures';
import { leadAnswers } from '../lead-answers';
import type { ChatChannel } from './chat-channel';
import { DingtalkChannel } from './dingtalk.channel';
import { FeishuChannel } from './feishu.channel';
import { WebhookChannel } from './webhook.channel';
import { WecomChannel } from './wecom.channel';

const answers = leadAnswers({
  slug: 'quote',
  version: 3,
  name: '询价 [表单](http://evil.example)',
  fields: [
    { key: 'name' },
    {
      key: 'product',
      type: 'select',
      label: { zh: '产品线', en: 'Product line' },
      options: [{ value: 'steel', label: { zh: '钢材', en: 'Steel' } }],
    },
    { key: 'qty', type: 'number', label: { zh: '数量', en: 'Quantity' } },
    { key: 'region', type: 'text', label: { zh: '地区 <@all>', en: 'Region' } },
  ],
  custom: { region: EVIL, qty: 200, product: 'steel' },
});
const withAnswers = lead({ answers });

const textOf = (body: any): string =>
  body.actionCard?.text ?? body.markdown?.text ?? body.markdown?.content ?? body.text?.content ?? body.card.elements[0].content;

describe.each<[string, ChatChannel]>([
  ['dingtalk', new DingtalkChannel()],
  ['wecom', new WecomChannel()],
  ['feishu', new FeishuChannel()],
])('%s: a form lead', (kind, channel) => {
  const dest = destination(channel.kind, `https://robot.example.com/${kind}?access_token=tok`);
  const text = textOf(JSON.parse(channel.build(dest, { kind: 'new-lead', lead: withAnswers, task: task() }, context()).body));

  it("shows the form's name and its answers labelled, in the form's order", () => {
    expect(text).toContain('询价');
    // Each answer on its own line after its label (the requirement mentions 钢材 and 200 too).
    const line = (label: string) => text.split(/\n+/).find((l) => l.includes(label)) ?? '';
    expect(line('产品线')).toMatch(/产品线.*：钢材$/);
    expect(line('数量')).toMatch(/数量.*：200$/);
    const at = (s: string) => text.indexOf(s);
    expect(at('产品线')).toBeGreaterThan(at('询价'));
    expect(at('数量')).toBeGreaterThan(at('产品线'));
    expect(at('地区')).toBeGreaterThan(at('数量'));
  });

  it('never lets a label, the form name or an answer become a link or a mention', () => {
    for (const bad of ['<@all>', '@all', '[点我]', '[表单]', 'http://evil', 'evil.example', '**急**'])
      expect(text).not.toContain(bad);
    expect(text).toContain('点我');
  });

  it('says nothing of forms for a plain lead', () => {
    const plain = textOf(JSON.parse(channel.build(dest, { kind: 'new-lead', lead: lead(), task: task() }, context()).body));
    expect(plain).not.toContain('表单');
  });
});

describe('webhook: a form lead', () => {
  it('carries `form` and the typed, labelled `fields` in the form order', () => {
    const dest = destination('webhook', 'https://receiver.example.com/hook', 'whsec_test');
    const body = JSON.parse(
      new WebhookChannel().build(dest, { kind: 'new-lead', lead: withAnswers, task: task() }, context()).body,
    );
    expect(body.form).toEqual({ slug: 'quote', name: '询价 [表单](http://evil.example)', version: 3 });
    expect(body.fields).toEqual([
      { key: 'product', type: 'select', label: { zh: '产品线', en: 'Product line' }, value: 'steel' },
      { key: 'qty', type: 'number', label: { zh: '数量', en: 'Quantity' }, value: 200 },
      { key: 'region', type: 'text', label: { zh: '地区 <@all>', en: 'Region' }, value: EVIL },
    ]);
  });
});
