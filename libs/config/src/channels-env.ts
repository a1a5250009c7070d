import { createHash } from 'node:crypto';
import { z } from 'zod';
import { bool, int, list } from './env-fields';
import { ConfigError } from './load-config';

export const CHAT_PLATFORMS = ['dingtalk', 'wecom', 'feishu'] as const;
export type ChatPlatform = (typeof CHAT_PLATFORMS)[number];
export type ChannelKind = ChatPlatform | 'webhook';

/** Notices a robot may be sent; `test` (from the admin page) always goes. */
export const ROBOT_NOTICE_KINDS = ['new-lead', 'digest', 'reminder', 'escalation'] as const;
export type RobotNoticeKind = (typeof ROBOT_NOTICE_KINDS)[number];

/**
 * Chat robots and outgoing webhooks, spread into the worker's schema. The
 * destination lists stay plain strings here: their values hold access tokens
 * and signing secrets, and a zod issue would print the raw value in the boot
 * error, so they are checked by parseDestinations, which masks them.
 */
export const channelsEnv = {
  DINGTALK_ROBOTS: list('').describe(
    'Comma-separated DingTalk robot webhook URLs, each optionally named "name=URL" (forms route to robots by name; unnamed: dingtalk-1, dingtalk-2, … by position); a signing secret (加签) may follow "#" (it is used to sign, never sent). e.g. https://oapi.dingtalk.com/robot/send?access_token=...#SEC... Empty: no robots. See docs/chat.md.',
  ),
  WECOM_ROBOTS: list('').describe(
    'Comma-separated WeCom robot webhook URLs, each optionally named "name=URL" (unnamed: wecom-1, …), e.g. https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=...',
  ),
  FEISHU_ROBOTS: list('').describe(
    'Comma-separated Feishu robot webhook URLs, each optionally named "name=URL" (unnamed: feishu-1, …); a signing secret (签名校验) may follow "#", e.g. https://open.feishu.cn/open-apis/bot/v2/hook/...#secret',
  ),
  WEBHOOK_URLS: list('').describe(
    'Comma-separated receiver URLs, each optionally named "name=URL" (unnamed: webhook-1, …) and with its signing secret after "#" (required): requests carry X-Lead-Signature: t=<unix>,v1=<hex HMAC-SHA256(secret, t + "." + body)>.',
  ),
  ROBOT_KEYWORD: z
    .string()
    .trim()
    .min(1)
    .default('线索')
    .describe("Every robot message contains this word (robots' keyword security)."),
  PUBLIC_ADMIN_URL: z
    .url({ protocol: /^https?$/ })
    .default('http://localhost:3001')
    .transform((u) => u.replace(/\/+$/, ''))
    .describe(
      "Links in chat messages open the lead's action page <PUBLIC_ADMIN_URL>/admin/leads/<id>/act (behind the login), webhook events give <PUBLIC_ADMIN_URL>/admin/leads/<id> (the lead as JSON), staff emails link the board's lead page /admin/board/leads/<id>: the worker's admin address as staff reach it.",
    ),
  ROBOT_NOTICES: list(ROBOT_NOTICE_KINDS.join(','))
    .pipe(z.array(z.enum(ROBOT_NOTICE_KINDS)))
    .describe(
      "What robots are sent (comma-separated): new-lead (also a re-route's page of the lead's new owner), digest, reminder, escalation (also the re-route limit's call to the managers). Webhooks get every event (lead.created, lead.reminder, lead.rerouted, lead.escalated, task.updated).",
    ),
  ROBOT_SHOW_CONTACT: bool(false).describe(
    'true: robot messages show phone numbers and emails in full (default: masked; group chats are wide audiences).',
  ),
  DINGTALK_PER_MINUTE: int(20).describe(
    "Messages per DingTalk robot in any rolling minute, shared by all worker processes (DingTalk's limit is 20, beyond which it stops the robot for 10 minutes). Leads beyond it go out as one digest when the budget frees. 0 = no limit of ours.",
  ),
  WECOM_PER_MINUTE: int(20).describe(
    "Messages per WeCom robot in any rolling minute (the platform's limit: 20). 0 = no limit of ours.",
  ),
  FEISHU_PER_MINUTE: int(100).describe(
    "Messages per Feishu robot in any rolling minute (the platform's limits: 100, and 5 a second, which is always kept). 0 = no limit of ours.",
  ),
};

const _channelsSchema = z.object(channelsEnv);
export type ChannelsConfig = z.infer<typeof _channelsSchema>;

/** One robot or webhook receiver: where alerts go, and how it is named in logs. */
export interface ChannelDestination {
  /** Stable across restarts and replicas: a short hash of the URL without its fragment (never of the name). */
  id: string;
  /** What forms and routing rules call it: `华东` from `华东=https://…`, else `<channel>-<position>` (`dingtalk-1`). */
  name: string;
  channel: ChannelKind;
  /** The URL as configured, without the `#secret` fragment (which is never sent). */
  url: string;
  secret: string | null;
  /** For logs and the admin page: tokens, keys and secrets masked. */
  label: string;
  /** Messages allowed in any rolling 60 s (0 = no limit). */
  perMinute: number;
  /** Messages allowed in any rolling second (0 = no limit). */
  perSecond: number;
}

/** `华东=https://…`: a name of up to 40 characters, none of which could start a URL. */
const NAMED_ENTRY = /^\s*([^=:/#\s][^=:/#]{0,39})=\s*(\S.*)$/u;

/** Feishu documents a second limit besides the minute one. */
const FEISHU_PER_SECOND = 5;

/** Keeps enough of a token to tell two apart, never enough to use it. */
export function maskToken(value: string): string {
  return value.length >= 16 ? `${value.slice(0, 4)}…${value.slice(-4)}` : '***';
}

/** A URL with query values, token-like path segments and passwords masked. */
export function maskUrl(url: URL): string {
  const path = url.pathname
    .split('/')
    .map((seg) => (seg.length >= 16 ? maskToken(seg) : seg))
    .join('/');
  const query = [...url.searchParams.keys()].map((k) => `${k}=${maskToken(url.searchParams.get(k) ?? '')}`).join('&');
  const user = url.username ? `${url.username}:***@` : '';
  return `${url.protocol}//${user}${url.host}${path}${query ? `?${query}` : ''}`;
}

export function destinationId(url: string): string {
  return createHash('sha256').update(url).digest('hex').slice(0, 12);
}

const SOURCES: [keyof ChannelsConfig, ChannelKind][] = [
  ['DINGTALK_ROBOTS', 'dingtalk'],
  ['WECOM_ROBOTS', 'wecom'],
  ['FEISHU_ROBOTS', 'feishu'],
  ['WEBHOOK_URLS', 'webhook'],
];

function perMinuteOf(c: ChannelsConfig, channel: ChannelKind): number {
  if (channel === 'dingtalk') return c.DINGTALK_PER_MINUTE;
  if (channel === 'wecom') return c.WECOM_PER_MINUTE;
  if (channel === 'feishu') return c.FEISHU_PER_MINUTE;
  return 0;
}

/**
 * Turns the destination lists into typed destinations, or throws one
 * ConfigError naming every bad entry by position and masked value.
 */
export function parseDestinations(c: ChannelsConfig): ChannelDestination[] {
  const problems: string[] = [];
  const byId = new Map<string, ChannelDestination>();
  const names = new Set<string>();
  for (const [key, channel] of SOURCES) {
    (c[key] as string[]).forEach((listed, i) => {
      // A name is whatever comes before "=" as long as that cannot be part of a URL (no ":" or "/").
      const named = NAMED_ENTRY.exec(listed);
      const name = named ? named[1].trim() : `${channel}-${i + 1}`;
      const entry = named ? named[2] : listed;
      const hash = entry.indexOf('#');
      const base = (hash < 0 ? entry : entry.slice(0, hash)).trim();
      const secret = hash < 0 ? null : entry.slice(hash + 1).trim() || null;
      let url: URL;
      try {
        url = new URL(base);
      } catch {
        problems.push(`${key} entry ${i + 1} (${maskToken(base)}): not a URL`);
        return;
      }
      if (!/^https?:$/.test(url.protocol)) {
        problems.push(`${key} entry ${i + 1} (${maskUrl(url)}): must be an http(s) URL`);
        return;
      }
      if (channel === 'webhook' && !secret) {
        problems.push(`${key} entry ${i + 1} (${maskUrl(url)}): needs a signing secret after "#"`);
        return;
      }
      const id = destinationId(base);
      const label = `${channel} ${maskUrl(url)}${secret ? ' (signed)' : ''}`;
      if (byId.has(id)) {
        problems.push(`${key} entry ${i + 1} (${label}): listed twice`);
        return;
      }
      if (names.has(name)) {
        problems.push(`${key} entry ${i + 1} (${label}): the name "${name}" is taken`);
        return;
      }
      names.add(name);
      const perSecond = channel === 'feishu' ? FEISHU_PER_SECOND : 0;
      byId.set(id, { id, name, channel, url: base, secret, label, perMinute: perMinuteOf(c, channel), perSecond });
    });
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return [...byId.values()];
}

/** The link staff follow from an alert. */
export function leadUrl(c: Pick<ChannelsConfig, 'PUBLIC_ADMIN_URL'>, leadId: string): string {
  return `${c.PUBLIC_ADMIN_URL}/admin/leads/${encodeURIComponent(leadId)}`;
}

/** The staff board, where a digest's "and N more" points. */
export function boardUrl(c: Pick<ChannelsConfig, 'PUBLIC_ADMIN_URL'>): string {
  return `${c.PUBLIC_ADMIN_URL}/admin`;
}
