import { createHmac } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { ChannelDestination } from '@app/config/channels-env';
import type {
  AlertLead,
  AlertTask,
  BuildContext,
  ChatChannel,
  ChatNotice,
  ChatRequest,
  DeliveryOutcome,
  HttpResult,
} from './chat-channel';
import { SENT } from './chat-channel';

export type WebhookEvent =
  'lead.created' | 'lead.reminder' | 'lead.rerouted' | 'lead.escalated' | 'task.updated' | 'webhook.test';

/** A receiver answering 4xx (other than 408, 410, 429) gets this many attempts before the delivery fails. */
export const WEBHOOK_CLIENT_ERROR_ATTEMPTS = 3;

/** `X-Lead-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, t + "." + raw body)>`. */
export function webhookSignature(secret: string, timestampSeconds: number, rawBody: string): string {
  const v1 = createHmac('sha256', secret).update(`${timestampSeconds}.${rawBody}`, 'utf8').digest('hex');
  return `t=${timestampSeconds},v1=${v1}`;
}

function eventOf(notice: ChatNotice): WebhookEvent {
  switch (notice.kind) {
    case 'new-lead':
      return 'lead.created';
    case 'reminder':
    case 'escalation':
      return 'lead.reminder';
    case 'task-updated':
      return 'task.updated';
    case 'rerouted':
      return 'lead.rerouted';
    case 'reroute-limit':
      return 'lead.escalated';
    case 'test':
      return 'webhook.test';
    case 'dead-letter':
    case 'digest':
    case 'weekly-review':
      // Receivers are our customers' systems, not a chat with a rate limit:
      // they get one event per lead, so a digest reaching here is a wiring bug.
      // Dead-letter notices and the weekly review are for people and never fan out to webhooks either.
      throw new Error(`webhooks get one event per lead, never a ${notice.kind}`);
  }
}

const leadJson = (lead: AlertLead, ctx: BuildContext) => ({
  id: lead.id,
  name: lead.name,
  company: lead.company,
  phone: lead.phone,
  email: lead.email,
  requirement: lead.requirement,
  receivedAt: lead.receivedAt.toISOString(),
  url: `${ctx.adminUrl}/admin/leads/${encodeURIComponent(lead.id)}`,
});

/**
 * The form the lead came through and its custom answers in the form's order,
 * typed as the form declares them (numbers as numbers, multiselects as arrays),
 * labelled in both languages; `null` and `[]` for a plain default-form lead.
 */
const formJson = (lead: AlertLead) => {
  const answers = lead.answers;
  if (!answers) return { form: null, fields: [] };
  return {
    form: { slug: answers.form.slug, name: answers.form.name, version: answers.form.version },
    fields: answers.fields.map((f) => ({ key: f.key, type: f.type, label: f.label, value: f.value })),
  };
};

const taskJson = (task: AlertTask | null) =>
  task && { id: task.id, status: task.status, assignee: task.assignee, dueAt: task.dueAt.toISOString() };

/** What a re-route event adds: the step and who lost and got the lead (logins), or how often it was passed on. */
function rerouteJson(notice: ChatNotice) {
  if (notice.kind === 'rerouted') {
    const reroute = {
      step: notice.step,
      from: notice.from?.login ?? null,
      to: notice.task.assignee,
      withinMinutes: notice.minutes,
    };
    return { reroute };
  }
  if (notice.kind === 'reroute-limit') return { reroute: { count: notice.count, owner: notice.task.assignee } };
  return {};
}

/**
 * Signed outgoing webhook, Stripe style. The body is JSON with the full lead
 * (a receiver is a system of record, not a group chat, so nothing is masked);
 * `id` and X-Lead-Delivery are the ledger row id, stable across retries, so a
 * receiver can drop a repeat.
 */
@Injectable()
export class WebhookChannel implements ChatChannel {
  readonly kind = 'webhook' as const;
  readonly rateLimited = false;

  build(destination: ChannelDestination, notice: ChatNotice, ctx: BuildContext): ChatRequest {
    if (!destination.secret) throw new Error(`webhook ${destination.label} has no signing secret`);
    const event = eventOf(notice);
    const payload =
      notice.kind === 'test' || notice.kind === 'digest' || notice.kind === 'dead-letter' || notice.kind === 'weekly-review'
        ? { event, id: ctx.deliveryId, lead: null, task: null }
        : {
            event,
            id: ctx.deliveryId,
            ...(notice.kind === 'new-lead' ? {} : { notice: notice.kind }),
            lead: leadJson(notice.lead, ctx),
            ...formJson(notice.lead),
            task: taskJson(notice.task),
            ...rerouteJson(notice),
          };
    const body = JSON.stringify(payload);
    const t = Math.floor(ctx.now.getTime() / 1000);
    return {
      url: destination.url,
      headers: {
        'content-type': 'application/json; charset=utf-8',
        'user-agent': 'lead-intake-webhook/1',
        'x-lead-event': event,
        'x-lead-delivery': ctx.deliveryId,
        'x-lead-signature': webhookSignature(destination.secret, t, body),
      },
      body,
    };
  }

  classify(result: HttpResult, attempt: number): DeliveryOutcome {
    if (result.kind === 'network')
      return { status: 'retry', reason: result.timedOut ? 'timeout' : 'network', detail: result.error };
    const { status } = result;
    const detail = `HTTP ${status} ${result.text.slice(0, 200)}`.trim();
    if (status >= 200 && status < 300) return SENT;
    if (status === 410) return { status: 'gone', reason: 'gone', detail };
    if (status >= 500 || status === 408 || status === 429) {
      return {
        status: 'retry',
        reason: status >= 500 ? 'server-error' : `http-${status}`,
        detail,
        retryAfterMs: result.retryAfterMs,
      };
    }
    if (attempt >= WEBHOOK_CLIENT_ERROR_ATTEMPTS) return { status: 'failed', reason: `http-${status}`, detail };
    return { status: 'retry', reason: `http-${status}`, detail };
  }
}
