/**
 * Renders one message of each kind, as the channels build it (the payloads
 * the receivers capture in the e2e tests), into an HTML mock of each
 * platform's card and screenshots it into docs/chat/ for the README. The
 * mock renders only bold and links, the markup the platforms honour; visitor
 * text arrives neutralised, so the injection corpus must show as plain text.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { escapeHtml } from '../support/html-escape';
import { DingtalkChannel } from '../../apps/worker/src/notify/channels/dingtalk.channel';
import { FeishuChannel } from '../../apps/worker/src/notify/channels/feishu.channel';
import { WecomChannel } from '../../apps/worker/src/notify/channels/wecom.channel';
import type { ChatNotice } from '../../apps/worker/src/notify/channels/chat-channel';
import { launchChromium } from '../support/browser';
import { context, destination, EVIL, lead, task } from '../support/chat-fixtures';

jest.mock('@nestjs/common', () => ({ Injectable: () => () => undefined }));

const OUT = join(__dirname, '../../docs/chat');

/** Our own markup only: **bold**, [text](url) and line breaks; everything else stays text. */
function markdown(text: string): string {
  return escapeHtml(text)
    .replace(/\*\*(.+?)\*\*/g, '<b>$1</b>')
    .replace(/\[([^\]]+)\]\(([^)\s]+)\)/g, '<a href="$2">$1</a>')
    .replace(/\n\n?/g, '<br>');
}

const PAGE = (body: string) => `<!doctype html><meta charset="utf-8"><style>
body{margin:0;padding:16px;background:#eef0f3;font:14px/1.6 "Noto Sans CJK SC","Noto Sans",sans-serif;width:440px}
.who{color:#8a8f99;font-size:12px;margin-bottom:4px}.card{background:#fff;border-radius:8px;box-shadow:0 1px 3px #0002;overflow:hidden}
.body{padding:12px 14px;word-break:break-word}.title{font-weight:600;font-size:15px;margin-bottom:6px}
.btn{display:block;text-align:center;padding:10px;border-top:1px solid #e5e6eb;color:#1677ff}
.head{padding:10px 14px;color:#fff;font-weight:600}.blue{background:#3370ff}.red{background:#f54a45}
.fbtn{display:inline-block;margin:0 14px 12px;padding:6px 14px;border-radius:6px;background:#3370ff;color:#fff}
.bubble{background:#fff;border-radius:6px;padding:10px 12px;box-shadow:0 1px 2px #0002}a{color:#1677ff;text-decoration:none}
</style>${body}`;

function dingtalkHtml(body: any): string {
  const card = body.actionCard ?? { title: body.markdown.title, text: body.markdown.text };
  const button = body.actionCard ? `<a class="btn">${escapeHtml(card.singleTitle)}</a>` : '';
  return PAGE(
    `<div class="who">线索机器人 (DingTalk)</div><div class="card"><div class="body">${markdown(card.text)}</div>${button}</div>`,
  );
}

function wecomHtml(body: any): string {
  const text = body.markdown?.content ?? body.text.content;
  return PAGE(`<div class="who">线索机器人 (WeCom)</div><div class="bubble">${markdown(text)}</div>`);
}

function feishuHtml(body: any): string {
  const { header, elements } = body.card;
  const content = elements.find((e: any) => e.tag === 'markdown').content;
  const button = elements.find((e: any) => e.tag === 'action').actions[0].text.content;
  return PAGE(
    `<div class="who">线索机器人 (Feishu)</div><div class="card"><div class="head ${escapeHtml(header.template)}">${escapeHtml(
      header.title.content,
    )}</div><div class="body">${markdown(content)}</div><a class="fbtn">${escapeHtml(button)}</a></div>`,
  );
}

const many = Array.from({ length: 12 }, (_, i) =>
  lead({
    id: `0b7f3a4e-8c1d-4e2f-9a3b-5c6d7e8f9a${String(i).padStart(2, '0')}`,
    name: ['张伟', '李娜', '王强'][i % 3],
    company: `客户公司 ${i + 1}`,
  }),
);

const CASES: { file: string; channel: 'dingtalk' | 'wecom' | 'feishu'; notice: ChatNotice }[] = [
  { file: 'dingtalk-new-lead.png', channel: 'dingtalk', notice: { kind: 'new-lead', lead: lead(), task: task() } },
  { file: 'wecom-new-lead.png', channel: 'wecom', notice: { kind: 'new-lead', lead: lead(), task: task() } },
  { file: 'feishu-new-lead.png', channel: 'feishu', notice: { kind: 'new-lead', lead: lead(), task: task() } },
  { file: 'dingtalk-digest.png', channel: 'dingtalk', notice: { kind: 'digest', leads: many, more: 0 } },
  { file: 'wecom-reminder.png', channel: 'wecom', notice: { kind: 'reminder', lead: lead(), task: task(), mentionMobiles: [] } },
  {
    file: 'feishu-escalation.png',
    channel: 'feishu',
    notice: { kind: 'escalation', lead: lead(), task: task(), mentionMobiles: [] },
  },
  {
    file: 'dingtalk-rerouted.png',
    channel: 'dingtalk',
    notice: {
      kind: 'rerouted',
      lead: lead(),
      task: task({ assignee: 'wang', assigneeName: '王芳' }),
      step: 1,
      from: { login: 'li', name: '李娜' },
      minutes: 10,
      mentionMobiles: ['13900139000'],
    },
  },
  {
    file: 'feishu-reroute-limit.png',
    channel: 'feishu',
    notice: {
      kind: 'reroute-limit',
      lead: lead(),
      task: task({ assignee: 'wang', assigneeName: '王芳' }),
      count: 2,
      mentionMobiles: ['13700137000'],
    },
  },
  {
    file: 'feishu-injection.png',
    channel: 'feishu',
    notice: {
      kind: 'new-lead',
      lead: lead({ name: EVIL, company: EVIL, requirement: `${EVIL} www.evil.example` }),
      task: task(),
    },
  },
];

const channels = { dingtalk: new DingtalkChannel(), wecom: new WecomChannel(), feishu: new FeishuChannel() };
const render = { dingtalk: dingtalkHtml, wecom: wecomHtml, feishu: feishuHtml };

let browser: Browser;

beforeAll(async () => {
  mkdirSync(OUT, { recursive: true });
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
});

it.each(CASES)('renders $file', async ({ file, channel, notice }) => {
  const req = channels[channel].build(destination(channel, 'https://robot.example/hook', 'secret'), notice, context());
  const page = await browser.newPage({ viewport: { width: 472, height: 200 }, deviceScaleFactor: 2 });
  try {
    await page.setContent(render[channel](JSON.parse(req.body)));
    const links = await page.$$eval('a[href]', (as) => as.map((a) => a.getAttribute('href')));
    for (const href of links) expect(href).toMatch(/^https:\/\/crm\.example\.com\/admin/);
    expect(await page.textContent('body')).not.toContain('<@all>');
    await page.screenshot({ path: join(OUT, file), fullPage: true });
  } finally {
    await page.close();
  }
});
