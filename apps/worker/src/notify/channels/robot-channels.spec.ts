import { answer, context, destination, EVIL, lead, task } from '../../../../../test/support/chat-fixtures';
import type { ChatChannel, ChatNotice } from './chat-channel';
import { DINGTALK_MAX_BODY_BYTES, DingtalkChannel } from './dingtalk.channel';
import { FEISHU_MAX_BODY_BYTES, FeishuChannel } from './feishu.channel';
import { utf8Bytes } from './markdown-text';
import { WECOM_MARKDOWN_MAX_BYTES, WecomChannel } from './wecom.channel';

/** The visible text of a request, whatever the platform's shape. */
function textOf(body: any): string {
  return (
    body.actionCard?.text ?? body.markdown?.text ?? body.markdown?.content ?? body.text?.content ?? body.card.elements[0].content
  );
}

/** Each platform's own limit, measured as the platform measures it. */
const ROBOTS: [string, ChatChannel, (body: string) => boolean][] = [
  ['dingtalk', new DingtalkChannel(), (b) => utf8Bytes(b) <= DINGTALK_MAX_BODY_BYTES],
  ['wecom', new WecomChannel(), (b) => utf8Bytes(textOf(JSON.parse(b))) <= WECOM_MARKDOWN_MAX_BYTES],
  ['feishu', new FeishuChannel(), (b) => utf8Bytes(b) <= FEISHU_MAX_BODY_BYTES],
];

describe.each(ROBOTS)('%s robot messages', (kind, channel, withinLimit) => {
  const dest = destination(channel.kind, `https://robot.example.com/${kind}?access_token=tok`);
  const build = (notice: ChatNotice, ctx = context()) => {
    const req = channel.build(dest, notice, ctx);
    return { req, body: JSON.parse(req.body), text: textOf(JSON.parse(req.body)) };
  };

  it('says 新线索 with the keyword, the lead, masked phone, Beijing times and a 查看并认领 link to its action page', () => {
    const { req, text } = build({ kind: 'new-lead', lead: lead(), task: task() });
    expect(req.headers['content-type']).toMatch(/^application\/json/);
    expect(req.body).toContain('新线索');
    expect(text).toContain('线索');
    expect(text).toContain('张伟');
    expect(text).toContain('优力有限公司');
    // The mask's stars are full-width too: four ASCII stars would be markup.
    expect(text).toContain('+8613＊＊＊＊78');
    expect(req.body).not.toContain('13812345678');
    expect(text).toContain('2026/03/02 14:04 (北京时间)');
    expect(text).toContain('2026/03/02 14:34 (北京时间)');
    expect(req.body).toContain('查看并认领');
    expect(req.body).toContain('https://crm.example.com/admin/leads/0b7f3a4e-8c1d-4e2f-9a3b-5c6d7e8f9a0b/act');
  });

  it('names the owner by display name, or asks a manager to assign an unowned lead', () => {
    expect(build({ kind: 'new-lead', lead: lead(), task: task({ assigneeName: '李娜' }) }).text).toContain('李娜 (li)');
    expect(build({ kind: 'new-lead', lead: lead(), task: task({ assignee: null }) }).text).toContain('未分配，请经理分配');
  });

  it('shows the phone in full only with ROBOT_SHOW_CONTACT', () => {
    expect(build({ kind: 'new-lead', lead: lead(), task: null }, context({ showContact: true })).text).toContain(
      '+8613812345678',
    );
  });

  it('puts a custom keyword into every kind of message', () => {
    const ctx = context({ keyword: 'LEADBOT' });
    const notices: ChatNotice[] = [
      { kind: 'new-lead', lead: lead(), task: task() },
      { kind: 'digest', leads: [lead()], more: 0 },
      { kind: 'reminder', lead: lead(), task: task(), mentionMobiles: ['13900001111'] },
      { kind: 'escalation', lead: lead(), task: task(), mentionMobiles: [] },
      { kind: 'task-updated', lead: lead(), task: task() },
      { kind: 'rerouted', lead: lead(), task: task(), step: 1, from: null, minutes: 10, mentionMobiles: [] },
      { kind: 'reroute-limit', lead: lead(), task: task(), count: 2, mentionMobiles: [] },
      { kind: 'test' },
    ];
    for (const notice of notices) expect(build(notice, ctx).text).toContain('LEADBOT');
  });

  it('never lets visitor text become a link, mention, heading or emphasis', () => {
    const evil = lead({ name: EVIL, company: `# ${EVIL}`, requirement: `${EVIL}\n> quote\n- item\nwww.evil.com` });
    for (const notice of [
      { kind: 'new-lead', lead: evil, task: task({ assignee: EVIL }) },
      { kind: 'digest', leads: [evil, evil], more: 3 },
      { kind: 'reminder', lead: evil, task: task({ assignee: EVIL }), mentionMobiles: ['@all', EVIL] },
      {
        kind: 'rerouted',
        lead: evil,
        task: task({ assignee: EVIL, assigneeName: EVIL }),
        step: 1,
        from: { login: EVIL, name: EVIL },
        minutes: 10,
        mentionMobiles: ['@all'],
      },
      { kind: 'reroute-limit', lead: evil, task: task({ assigneeName: EVIL }), count: 2, mentionMobiles: [EVIL] },
    ] as ChatNotice[]) {
      const { body, text } = build(notice);
      expect(text).not.toContain('](http://evil');
      expect(text).not.toMatch(/<@|<at|@all/i);
      expect(text).not.toContain('**急**');
      expect(text).not.toMatch(/(^|\n)\s*(#|>|- )/);
      expect(text).not.toMatch(/www\.evil|evil\.example/);
      expect(JSON.stringify(body)).not.toMatch(/isAtAll":true|"@all"/);
    }
  });

  it("says a re-routed lead's new owner (mentioned) and who did not respond in time, with the lead and its action page", () => {
    const { req, body, text } = build({
      kind: 'rerouted',
      lead: lead(),
      task: task({ assignee: 'wang', assigneeName: '王芳' }),
      step: 1,
      from: { login: 'li', name: '李娜' },
      minutes: 10,
      mentionMobiles: ['+8613900139000'],
    });
    expect(text).toContain('线索已转派');
    expect(text).toContain('转派：李娜 (li) 10 分钟内未响应');
    expect(text).toContain('王芳 (wang)');
    expect(text).toContain('@13900139000');
    expect(text).toContain('张伟');
    expect(text).toContain('需要 200 吨钢材报价');
    expect(req.body).toContain('https://crm.example.com/admin/leads/0b7f3a4e-8c1d-4e2f-9a3b-5c6d7e8f9a0b/act');
    // Mentioned the platform's own way where it has one (Feishu's custom bots mention by open_id only: text there).
    if (kind === 'dingtalk') expect(body.at).toEqual({ atMobiles: ['13900139000'], isAtAll: false });
    if (kind === 'wecom') expect(body.text.mentioned_mobile_list).toEqual(['13900139000']);
  });

  it('puts a lead re-routed to the limit before the managers, mentioning each, naming the owner who keeps it', () => {
    const { body, text } = build({
      kind: 'reroute-limit',
      lead: lead(),
      task: task({ assignee: 'wang', assigneeName: '王芳' }),
      count: 2,
      mentionMobiles: ['13700137000', '13600136000'],
    });
    expect(text).toContain('线索无人响应');
    expect(text).toContain('已转派 2 次仍无人响应，现由 王芳 (wang) 负责');
    expect(text).toContain('@13700137000 @13600136000');
    if (kind === 'dingtalk') expect(body.at.atMobiles).toEqual(['13700137000', '13600136000']);
    if (kind === 'wecom') expect(body.text.mentioned_mobile_list).toEqual(['13700137000', '13600136000']);
    if (kind === 'feishu') expect(body.card.header.template).toBe('red');
  });

  it('shows the first 200 characters of the requirement', () => {
    const { text } = build({ kind: 'new-lead', lead: lead({ requirement: '需'.repeat(300) }), task: null });
    expect(text).toContain(`${'需'.repeat(199)}…`);
    expect(text).not.toContain('需'.repeat(200));
  });

  it('fits a lead with huge fields under the limit, never splitting a character', () => {
    const huge = lead({ name: '名'.repeat(3000), company: '😀'.repeat(3000), requirement: '需'.repeat(5000) });
    const { req } = build({ kind: 'new-lead', lead: huge, task: task() });
    expect(withinLimit(req.body)).toBe(true);
    expect(req.body).not.toContain('\ufffd');
  });

  it('folds a digest under the limit: leads that fit are listed, the rest counted with a board link', () => {
    const leads = Array.from({ length: 300 }, (_, i) =>
      lead({ id: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`, name: `客户${i}`, company: '公司'.repeat(20) }),
    );
    const { req, text } = build({ kind: 'digest', leads, more: 50 });
    expect(withinLimit(req.body)).toBe(true);
    const shown = leads.filter((l) => text.includes(l.id)).length;
    expect(shown).toBeGreaterThan(0);
    expect(shown).toBeLessThan(300);
    expect(text).toContain(`以及另外 ${350 - shown} 条`);
    expect(text).toContain(`and ${350 - shown} more`);
    expect(text).toContain('https://crm.example.com/admin');
    expect(text).toContain('350 条');
  });

  it('lists every lead of a small digest with name, company, masked phone and link', () => {
    const { text } = build({ kind: 'digest', leads: [lead(), lead({ id: 'x-2', name: '李娜', phone: null })], more: 0 });
    expect(text).toMatch(/张伟.*优力有限公司.*\+8613＊＊＊＊78/);
    expect(text).toContain('李娜');
    expect(text).toContain('z＊＊＊＠example．com');
    expect(text).toContain('/admin/leads/x-2/act');
    expect(text).not.toContain('以及另外');
  });

  it('classifies network failures and server errors as retry, 429 as rate-limited', () => {
    expect(channel.classify({ kind: 'network', error: 'ECONNREFUSED', timedOut: false }, 1).status).toBe('retry');
    expect(channel.classify({ kind: 'network', error: 'timeout', timedOut: true }, 1)).toMatchObject({
      status: 'retry',
      reason: 'timeout',
    });
    expect(channel.classify({ ...answer(null, 502), text: 'Bad Gateway' }, 1)).toMatchObject({
      status: 'retry',
      reason: 'server-error',
    });
    expect(channel.classify(answer(null, 429), 1).status).toBe('rate-limited');
    expect(channel.classify(answer(null, 404), 1)).toMatchObject({ status: 'config-error', reason: 'http-404' });
    expect(channel.classify({ ...answer(null, 200), text: '<html>' }, 1)).toMatchObject({
      status: 'retry',
      reason: 'bad-response',
    });
  });
});
