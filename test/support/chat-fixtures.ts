import type { ChannelDestination, ChannelKind } from '../../libs/config/src/channels-env';
import type { AlertLead, AlertTask, BuildContext } from '../../apps/worker/src/notify/channels/chat-channel';

/** The injection corpus from the issue, in every visitor field. */
export const EVIL = '<@all> [点我](http://evil.example) **急**';

export function lead(over: Partial<AlertLead> = {}): AlertLead {
  return {
    id: '0b7f3a4e-8c1d-4e2f-9a3b-5c6d7e8f9a0b',
    name: '张伟',
    company: '优力有限公司',
    phone: '+8613812345678',
    email: 'zhang@example.com',
    requirement: '需要 200 吨钢材报价,请尽快联系。',
    receivedAt: new Date('2026-03-02T06:04:05Z'),
    ...over,
  };
}

export function task(over: Partial<AlertTask> = {}): AlertTask {
  return {
    id: '5d1e2f3a-4b5c-4d6e-8f70-8192a3b4c5d6',
    status: 'open',
    assignee: 'li',
    dueAt: new Date('2026-03-02T06:34:05Z'),
    ...over,
  };
}

export function context(over: Partial<BuildContext> = {}): BuildContext {
  return {
    keyword: '线索',
    adminUrl: 'https://crm.example.com',
    showContact: false,
    now: new Date('2026-03-02T06:04:06.789Z'),
    deliveryId: '9e8d7c6b-5a49-4382-a1b0-c9d8e7f6a5b4',
    ...over,
  };
}

export function destination(channel: ChannelKind, url: string, secret: string | null = null): ChannelDestination {
  return {
    id: 'abcdef012345',
    name: `${channel}-1`,
    channel,
    url,
    secret,
    label: `${channel} test`,
    perMinute: channel === 'feishu' ? 100 : channel === 'webhook' ? 0 : 20,
    perSecond: channel === 'feishu' ? 5 : 0,
  };
}

/** An HTTP answer as the client reports it. */
export function answer(body: unknown, status = 200) {
  return { kind: 'response' as const, status, body, text: JSON.stringify(body ?? '') };
}
