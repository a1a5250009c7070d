/**
 * The notification ledger's keys (`notifications.dedupe_key`), built and
 * read here only. A key names one notification: its channel, its kind, what
 * it is about, and, for channels with several destinations (robots,
 * webhooks), which destination:
 *
 *   email:new-lead:<leadId>              one alert per lead
 *   email:resend:<leadId>:<resendId>     each resend staff asked for
 *   email:reminder:<taskId>              SLA notices, one per task and level
 *   email:escalation:<taskId>
 *   email:autoresponse:<address>:<day>   one confirmation per address per day
 *   dingtalk:new-lead:<leadId>:<destination>
 *   wecom:reminder:<taskId>:<destination>
 *   webhook:task-updated:<taskId>:<updateId>:<destination>   each change staff made
 *   email:handover:<taskId>:<handoverId>  the new owner told, once per task and hand-over
 *   email:dead-letter:<deadLetterId>      admins told that an accepted lead could not be stored
 *   dingtalk:dead-letter:<deadLetterId>:<destination>
 *   email:assigned:<taskId>:<step>       re-route step <step>: the new owner paged
 *   email:rerouted-away:<taskId>:<step>  re-route step <step>: the silent owner told
 *   email:reroute-limit:<taskId>         nobody left to pass it to: the managers told, once per task
 *   dingtalk:assigned:<taskId>:<step>:<destination>   re-route step <step> in a robot's group: the new owner mentioned
 *   webhook:reroute-limit:<taskId>:<destination>      the limit reached, to a robot (managers mentioned) or a webhook
 *   email:weekly-review:<isoWeek>        last week's speed to lead to the managers, once per week
 *
 * Email keys have no destination (an email goes to all of MAIL_TO at once),
 * which keeps them byte for byte what deployed databases hold.
 */

export const LEDGER_CHANNELS = ['email', 'dingtalk', 'wecom', 'feishu', 'webhook'] as const;
export type LedgerChannel = (typeof LEDGER_CHANNELS)[number];

export type TaskNoticeLevel = 'reminder' | 'escalation';

/** A destination id never contains ':' (it is the key's last segment). */
interface Routed {
  channel: LedgerChannel;
  destination?: string;
}

export type LedgerKey =
  | (Routed & { kind: 'new-lead'; leadId: string })
  | (Routed & { kind: 'resend'; leadId: string; resendId: string })
  | (Routed & { kind: TaskNoticeLevel; taskId: string })
  | (Routed & { kind: 'task-updated'; taskId: string; updateId: string })
  | (Routed & { kind: 'handover'; taskId: string; handoverId: string })
  | (Routed & { kind: 'dead-letter'; deadLetterId: string })
  | (Routed & { kind: 'assigned'; taskId: string; step: string })
  | (Routed & { kind: 'rerouted-away'; taskId: string; step: string })
  | (Routed & { kind: 'reroute-limit'; taskId: string })
  | (Routed & { kind: 'weekly-review'; week: string })
  | { channel: 'email'; kind: 'autoresponse'; address: string; day: string };

export type LedgerKind = LedgerKey['kind'];

const SEP = ':';

/** The stored form of a key. */
export function ledgerKey(key: LedgerKey): string {
  if (key.kind === 'autoresponse') return [key.channel, key.kind, key.address.toLowerCase(), key.day].join(SEP);
  if (key.destination?.includes(SEP)) throw new Error(`ledger destination "${key.destination}" contains "${SEP}"`);
  const subject =
    key.kind === 'new-lead'
      ? [key.leadId]
      : key.kind === 'dead-letter'
        ? [key.deadLetterId]
        : key.kind === 'weekly-review'
          ? [key.week]
          : key.kind === 'resend'
            ? [key.leadId, key.resendId]
            : key.kind === 'task-updated'
              ? [key.taskId, key.updateId]
              : key.kind === 'handover'
                ? [key.taskId, key.handoverId]
                : key.kind === 'assigned' || key.kind === 'rerouted-away'
                  ? [key.taskId, key.step]
                  : [key.taskId];
  return [key.channel, key.kind, ...subject, ...(key.destination ? [key.destination] : [])].join(SEP);
}

/** What a key routed to `destination` ends with (nothing for email), for matching in SQL. */
export function destinationKeySuffix(destination?: string): string {
  if (destination?.includes(SEP)) throw new Error(`ledger destination "${destination}" contains "${SEP}"`);
  return destination ? `${SEP}${destination}` : '';
}

/** What every key of one channel and task level starts with, for matching in SQL. */
export function taskNoticeKeyPrefix(channel: LedgerChannel, level: TaskNoticeLevel): string {
  return `${channel}${SEP}${level}${SEP}`;
}

const isChannel = (v: string): v is LedgerChannel => (LEDGER_CHANNELS as readonly string[]).includes(v);

/** Reads a stored key; null for anything this module would not have built. */
export function parseLedgerKey(text: string): LedgerKey | null {
  const [channel, kind, ...rest] = text.split(SEP);
  if (!channel || !isChannel(channel) || rest.some((p) => p === '')) return null;
  const routed = (fixed: number) =>
    rest.length === fixed ? {} : rest.length === fixed + 1 ? { destination: rest[fixed] } : null;
  switch (kind) {
    case 'new-lead': {
      const r = routed(1);
      return r && { channel, kind, leadId: rest[0], ...r };
    }
    case 'resend': {
      const r = routed(2);
      return r && { channel, kind, leadId: rest[0], resendId: rest[1], ...r };
    }
    case 'reminder':
    case 'escalation': {
      const r = routed(1);
      return r && { channel, kind, taskId: rest[0], ...r };
    }
    case 'task-updated': {
      const r = routed(2);
      return r && { channel, kind, taskId: rest[0], updateId: rest[1], ...r };
    }
    case 'dead-letter': {
      const r = routed(1);
      return r && { channel, kind, deadLetterId: rest[0], ...r };
    }
    case 'handover': {
      const r = routed(2);
      return r && { channel, kind, taskId: rest[0], handoverId: rest[1], ...r };
    }
    case 'assigned':
    case 'rerouted-away': {
      const r = routed(2);
      return r && { channel, kind, taskId: rest[0], step: rest[1], ...r };
    }
    case 'reroute-limit': {
      const r = routed(1);
      return r && { channel, kind, taskId: rest[0], ...r };
    }
    case 'weekly-review': {
      const r = routed(1);
      return r && { channel, kind, week: rest[0], ...r };
    }
    case 'autoresponse':
      // The address may not contain ':', but the day is always the last part.
      if (channel !== 'email' || rest.length < 2) return null;
      return { channel, kind, address: rest.slice(0, -1).join(SEP), day: rest[rest.length - 1] };
    default:
      return null;
  }
}
