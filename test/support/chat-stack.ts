import { ChatReceiver, type ReceivedMessage } from './chat-receivers';
import type { Stack } from './stack';
import { waitFor } from './stack';

export const LEAD_LINK = /\/admin\/leads\/([0-9a-f-]{36})/g;

/** The lead ids a chat message links to (each at most once). */
export function leadIdsIn(message: ReceivedMessage): string[] {
  return [...new Set([...message.raw.matchAll(LEAD_LINK)].map((m) => m[1]))];
}

/** Every text a robot would render: the markdown or text content and the card's title. */
export function shownText(message: ReceivedMessage): string {
  const b = message.body;
  return [
    b?.markdown?.text,
    b?.markdown?.content,
    b?.text?.content,
    b?.actionCard?.text,
    b?.actionCard?.title,
    b?.card?.header?.title?.content,
    ...(b?.card?.elements ?? []).map((e: any) => e?.content),
  ]
    .filter((s) => typeof s === 'string')
    .join('\n');
}

/** The most messages any rolling window of `ms` holds. */
export function maxInWindow(messages: ReceivedMessage[], ms: number): number {
  const at = messages.map((m) => m.at).sort((a, b) => a - b);
  let most = 0;
  for (let i = 0, j = 0; i < at.length; i++) {
    while (at[i] - at[j] >= ms) j++;
    most = Math.max(most, i - j + 1);
  }
  return most;
}

/** Messages of one receiver that mention `leadId`. */
export function messagesFor(receiver: ChatReceiver, leadId: string): ReceivedMessage[] {
  return receiver.messages.filter((m) => leadIdsIn(m).includes(leadId) || m.body?.lead?.id === leadId);
}

/** Waits until the ledger row of `channel` for a lead and kind reaches `status`; returns it. */
export async function channelRow(
  stack: Stack,
  leadId: string,
  channel: string,
  kind: string,
  until: (row: any) => boolean,
  timeoutMs = 15_000,
): Promise<any> {
  return waitFor(
    async () => {
      const { rows } = await stack.db.query(
        `SELECT * FROM notifications WHERE lead_id = $1 AND channel = $2 AND kind = $3 ORDER BY created_at DESC`,
        [leadId, channel, kind],
      );
      return rows.find(until) ?? null;
    },
    timeoutMs,
    `${channel} ${kind} row of ${leadId}`,
  );
}
