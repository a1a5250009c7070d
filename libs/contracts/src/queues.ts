import type { JobsOptions, RepeatOptions } from 'bullmq';
import type { LeadFields, LeadContext } from './lead.types';
import type { CustomValues } from './forms/form.types';

/**
 * Every queue and job name in the system, in one place, so the gateway
 * (producer) and the worker (consumer) can never drift apart.
 */
export enum QueueName {
  /** Accepted form posts waiting to be stored in Postgres. */
  LeadIntake = 'lead-intake',
  /** Outbound notifications (alert emails, resends, reminders). */
  LeadNotify = 'lead-notify',
  /** Periodic housekeeping: re-driving stuck alerts and failed intake jobs. */
  Maintenance = 'maintenance',
  /**
   * Chat robots and webhooks, apart from email: a robot waiting out its rate
   * budget or a receiver that is down never holds up an alert email.
   */
  LeadChannels = 'lead-channels',
}

export enum JobName {
  LeadReceived = 'lead.received',
  LeadAlert = 'lead.alert',
  /** A staff member asked for a lead's alert again. */
  LeadResend = 'lead.resend',
  /** One email for all alerts parked by the flood guard. */
  AlertDigest = 'lead.alert-digest',
  Sweep = 'maintenance.sweep',
  SlaCheck = 'maintenance.sla-check',
  Retention = 'maintenance.retention',
  /** Monday's speed-to-lead review to the managers, when due (or for a named ISO week). */
  WeeklyReview = 'maintenance.weekly-review',
  /** Builds the reports' per-day rollup for closed days that are missing or changed. */
  ReportRollup = 'maintenance.report-rollup',
  /** One ledger row for one robot or webhook (a new lead, a resend, a reminder, a task update). */
  ChannelAlert = 'channel.alert',
  /** One message for every new-lead alert a robot's rate budget held back. */
  RobotDigest = 'channel.robot-digest',
  /** Tells one new owner which tasks a departing colleague's hand-over gave them. */
  Handover = 'staff.handover',
  /** Tells the admins by email that an accepted lead could not be stored (a dead letter). */
  DeadLetterNotice = 'lead.dead-letter',
}

export interface LeadReceivedPayload {
  /** Payload version, so a newer worker can still read older jobs. */
  v: 1;
  id: string;
  fields: LeadFields;
  context: LeadContext;
  /** The form and version the lead was posted to; absent in jobs from before forms (the default form). */
  form?: { slug: string; version: number };
  /** Typed answers to the form's custom fields. */
  custom?: CustomValues;
}

export interface LeadAlertPayload {
  leadId: string;
}

export interface LeadResendPayload {
  leadId: string;
  /** The ledger row recorded for this resend. */
  ledgerKey: string;
}

export interface ChannelAlertPayload {
  /** The ledger row's key (notifications.dedupe_key); it names the destination too. */
  ledgerKey: string;
  destinationId: string;
}

export interface RobotDigestPayload {
  destinationId: string;
}

export interface HandoverPayload {
  /** The hand-over (one deactivation). */
  handoverId: string;
  /** Who left and who takes over (staff logins). */
  from: string;
  to: string;
  /** The tasks `to` received; each has its ledger row (email:handover:<taskId>:<handoverId>). */
  tasks: { taskId: string; leadId: string }[];
}

export interface DeadLetterNoticePayload {
  /** The dead letter's id (`dead_letters.id`); its ledger row exists already. */
  deadLetterId: string;
}

export type SweepPayload = Record<string, never>;

/**
 * A retention purge: empty for the scheduled start; a continuation carries
 * the run's horizon and the last lead it took, so a purge of a large backlog
 * runs as a chain of short jobs and the maintenance queue's other jobs (the
 * sweep, SLA reminders) get their turn in between.
 */
export interface RetentionPayload {
  /** ISO time: leads received before it are due. */
  horizon?: string;
  /** The last lead taken: received_at as Postgres prints it, and id. */
  after?: { receivedAt: string; id: string };
}

export interface WeeklyReviewPayload {
  /** An ISO week (`2026-W09`) to send now; absent: the scheduled check, which sends what is due. */
  week?: string;
}
export type AlertDigestPayload = Record<string, never>;

/** The payload type of each job name, for typed producers and processors. */
export interface JobPayloads {
  [JobName.LeadReceived]: LeadReceivedPayload;
  [JobName.LeadAlert]: LeadAlertPayload;
  [JobName.LeadResend]: LeadResendPayload;
  [JobName.AlertDigest]: AlertDigestPayload;
  [JobName.Sweep]: SweepPayload;
  [JobName.SlaCheck]: SweepPayload;
  [JobName.Retention]: RetentionPayload;
  [JobName.WeeklyReview]: WeeklyReviewPayload;
  [JobName.ReportRollup]: SweepPayload;
  [JobName.ChannelAlert]: ChannelAlertPayload;
  [JobName.RobotDigest]: RobotDigestPayload;
  [JobName.Handover]: HandoverPayload;
  [JobName.DeadLetterNotice]: DeadLetterNoticePayload;
}

/** The jobs each queue carries. */
export interface QueueJobs {
  [QueueName.LeadIntake]: JobName.LeadReceived;
  [QueueName.LeadNotify]:
    JobName.LeadAlert | JobName.LeadResend | JobName.AlertDigest | JobName.Handover | JobName.DeadLetterNotice;
  [QueueName.Maintenance]: JobName.Sweep | JobName.SlaCheck | JobName.Retention | JobName.WeeklyReview | JobName.ReportRollup;
  [QueueName.LeadChannels]: JobName.ChannelAlert | JobName.RobotDigest;
}

export type JobNameOf<Q extends QueueName> = QueueJobs[Q];

/**
 * The part of a BullMQ queue that producers use, stated structurally so
 * this library needs no runtime dependency on BullMQ.
 */
export interface JobSink {
  add(name: string, data: unknown, opts?: JobsOptions): Promise<unknown>;
  addBulk(jobs: { name: string; data: unknown; opts?: JobsOptions }[]): Promise<unknown>;
  upsertJobScheduler(id: string, repeat: Omit<RepeatOptions, 'key'>, template: { name: string; data: unknown }): Promise<unknown>;
}

/**
 * A queue whose job names decide their payloads: the compiler refuses a job
 * of another queue or a payload of the wrong shape. Every producer, in both
 * apps, adds its jobs through one.
 */
export class JobQueue<Q extends QueueName> {
  constructor(
    readonly name: Q,
    private readonly queue: JobSink,
  ) {}

  async enqueue<N extends JobNameOf<Q>>(name: N, data: JobPayloads[N], opts?: JobsOptions): Promise<void> {
    await this.queue.add(name, data, opts);
  }

  /** Several jobs in one round trip. */
  async enqueueMany<N extends JobNameOf<Q>>(jobs: { name: N; data: JobPayloads[N]; opts?: JobsOptions }[]): Promise<void> {
    if (jobs.length > 0) await this.queue.addBulk(jobs);
  }

  /** A repeating job: one schedule in Redis per id, however many processes upsert it. */
  async schedule<N extends JobNameOf<Q>>(
    id: string,
    repeat: Omit<RepeatOptions, 'key'>,
    name: N,
    data: JobPayloads[N],
  ): Promise<void> {
    await this.queue.upsertJobScheduler(id, repeat, { name, data });
  }
}

/** Custom backoff type registered by the worker: exponential with a ceiling. */
export const CAPPED_EXPONENTIAL_BACKOFF = 'capped-exponential';

export interface JobTuning {
  intakeAttempts: number;
  alertAttempts: number;
  backoffBaseMs: number;
  completedMaxAgeSeconds: number;
  failedMaxAgeDays: number;
}

/**
 * Default job options per queue, the single place where retry and retention
 * policy lives. Completed jobs carry form data, so they are removed by age;
 * failed ones are kept for days so staff can inspect and retry them.
 */
export function jobDefaults(queue: QueueName, t: JobTuning): JobsOptions {
  const retention = {
    removeOnComplete: { age: t.completedMaxAgeSeconds },
    removeOnFail: { age: t.failedMaxAgeDays * 24 * 3600 },
  };
  switch (queue) {
    case QueueName.LeadIntake:
      return { ...retention, attempts: t.intakeAttempts, backoff: { type: CAPPED_EXPONENTIAL_BACKOFF, delay: t.backoffBaseMs } };
    case QueueName.LeadNotify:
    case QueueName.LeadChannels:
      return { ...retention, attempts: t.alertAttempts, backoff: { type: CAPPED_EXPONENTIAL_BACKOFF, delay: t.backoffBaseMs } };
    case QueueName.Maintenance:
      return { removeOnComplete: { count: 10 }, removeOnFail: { count: 50 }, attempts: 1 };
  }
}

/**
 * The one exception to jobDefaults' retention, for jobs whose id names a
 * moment (a robot's digest, an alert put off to a second): removed as soon
 * as they complete, so a later job for the same second is not taken for a
 * duplicate of the finished one. Spread into such a job's options.
 */
export const REUSABLE_ID_RETENTION: Pick<JobsOptions, 'removeOnComplete'> = { removeOnComplete: true };

/** Job id of a lead's one alert: deduplicates the hand-off from intake to notify. */
export function alertJobId(leadId: string): string {
  return `alert-${leadId}`;
}

/** Job id of a resend staff asked for (the resend's own id, not the lead's: each resend is a job). */
export function resendJobId(resendId: string): string {
  return `resend-${resendId}`;
}

/** Job id of one new owner's hand-over notice: one job per hand-over and owner. */
export function handoverJobId(handoverId: string, to: string): string {
  return `handover-${handoverId}-${to}`;
}

/** Job id of the admins' email about one dead letter. */
export function deadLetterJobId(deadLetterId: string): string {
  return `dead-letter-${deadLetterId}`;
}

/** Job id of the digest for one minute of flood: one digest per minute. */
export function digestJobId(minute: number): string {
  return `digest-${minute}`;
}

/**
 * Job id of the alert for one channel ledger row: stable per row, so a
 * retried intake or a second fan-out adds nothing. BullMQ ids may not hold
 * ':', and no part of a channel key holds '.'.
 */
export function channelAlertJobId(ledgerKey: string): string {
  return `chat.${ledgerKey.replaceAll(':', '.')}`;
}

/** The same row's alert, put off until a robot's budget frees at `atMs`. */
export function channelAlertLaterJobId(ledgerKey: string, atMs: number): string {
  return `${channelAlertJobId(ledgerKey)}.at-${Math.floor(atMs / 1000)}`;
}

/** Job id of a robot's digest due at `atMs`: one per robot and second, however many leads wait. */
export function robotDigestJobId(destinationId: string, atMs: number): string {
  return `robot-digest-${destinationId}-${Math.floor(atMs / 1000)}`;
}
