import type { ChannelDestination, ChannelKind } from '@app/config/channels-env';
import type { LeadAnswers } from '../lead-answers';

/** A lead as an alert shows it: the data layer maps its entity to this. */
export interface AlertLead {
  id: string;
  name: string;
  company: string | null;
  /** E.164 as stored. */
  phone: string | null;
  email: string | null;
  requirement: string;
  receivedAt: Date;
  /** The form it came through and its custom answers (visitor text), null or absent for a plain default-form lead. */
  answers?: LeadAnswers | null;
}

export interface AlertTask {
  id: string;
  status: string;
  /** The owner's login. */
  assignee: string | null;
  /** The owner's display name, from our staff accounts; the login is shown when absent. */
  assigneeName?: string | null;
  dueAt: Date;
}

/** A staff member as a message names them: login and display name (from our accounts). */
export interface StaffName {
  login: string;
  name: string | null;
}

/** What a destination is told. `digest` folds leads beyond a robot's rate budget into one message. */
export type ChatNotice =
  | { kind: 'new-lead'; lead: AlertLead; task: AlertTask | null }
  | {
      kind: 'digest';
      leads: AlertLead[];
      /** Leads this digest covers without listing them (not loaded); added to the "and N more". */
      more: number;
    }
  | {
      kind: 'reminder' | 'escalation';
      lead: AlertLead;
      task: AlertTask;
      /** Mobiles to mention, from our staff data only (never visitor text); invalid ones are dropped. */
      mentionMobiles: string[];
    }
  | { kind: 'task-updated'; lead: AlertLead; task: AlertTask }
  /**
   * Re-route step `step`: `task` names the step's new owner (who is
   * mentioned), `from` the owner who did not respond within `minutes`.
   * Names and mobiles come from our staff accounts, never visitor text.
   */
  | {
      kind: 'rerouted';
      lead: AlertLead;
      task: AlertTask;
      step: number;
      from: StaffName | null;
      minutes: number;
      mentionMobiles: string[];
    }
  /** Re-routed `count` times and still untouched: the owner (`task`) keeps it and the active managers are mentioned. */
  | { kind: 'reroute-limit'; lead: AlertLead; task: AlertTask; count: number; mentionMobiles: string[] }
  /** An accepted lead that could not be stored: no visitor text at all, only that it happened and where to look. */
  | { kind: 'dead-letter'; receivedAt: Date }
  /** The team's week, to robots only: a heading and rows of our own numbers (no visitor text), with a link to the reports. */
  | { kind: 'weekly-review'; week: string; heading: string; rows: [label: string, value: string][] }
  | { kind: 'test' };

export type ChatNoticeKind = ChatNotice['kind'];

export interface BuildContext {
  keyword: string;
  /** PUBLIC_ADMIN_URL without a trailing slash. */
  adminUrl: string;
  showContact: boolean;
  /** Signing time: fixed in tests, the clock in production. */
  now: Date;
  /** The ledger row id: the webhook's X-Lead-Delivery and event id, stable across retries. */
  deliveryId: string;
}

/** One HTTP POST, the body already serialized (signatures cover its exact bytes). */
export interface ChatRequest {
  url: string;
  headers: Record<string, string>;
  body: string;
}

/**
 * - `sent`: delivered; record it.
 * - `rate-limited`: the platform refused for speed; park the lead for the robot's next digest.
 * - `config-error`: token, signature or keyword wrong; record, log once, keep retrying with backoff.
 * - `retry`: network, timeout or server error; retry with backoff.
 * - `gone`: the receiver asked never to be called again (410); mark failed, stop.
 * - `failed`: refused for good (the message itself, or a webhook's 4xx after 3 attempts).
 */
export type DeliveryStatus = 'sent' | 'rate-limited' | 'config-error' | 'retry' | 'gone' | 'failed';

export interface DeliveryOutcome {
  status: DeliveryStatus;
  /** Short and bounded, for the metric label `alerts_failed_total{reason}`. */
  reason: string;
  /** The platform's own words (errcode and errmsg), for the ledger row and the log. */
  detail: string;
  /** When the platform said how long to wait (Retry-After, DingTalk's 10-minute throttle). */
  retryAfterMs?: number;
}

/** What came back: an answer (any status) or no answer at all. */
export type HttpResult =
  | {
      kind: 'response';
      status: number;
      /** Parsed JSON, or null when the body was not JSON. */
      body: unknown;
      /** The body as text, cut to a size fit for a log line. */
      text: string;
      retryAfterMs?: number;
    }
  | { kind: 'network'; error: string; timedOut: boolean };

export interface ChatChannel {
  readonly kind: ChannelKind;
  /** false: the channel has no platform rate limit and never gets a digest. */
  readonly rateLimited: boolean;
  build(destination: ChannelDestination, notice: ChatNotice, ctx: BuildContext): ChatRequest;
  /** `attempt` counts from 1: the webhook gives a 4xx three tries. */
  classify(result: HttpResult, attempt: number): DeliveryOutcome;
}

export const SENT: DeliveryOutcome = { status: 'sent', reason: 'ok', detail: 'ok' };
