import type { JobsOptions } from 'bullmq';
import type { LeadFields, LeadContext } from './lead.types';

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
}

export interface LeadReceivedPayload {
  /** Payload version, so a newer worker can still read older jobs. */
  v: 1;
  id: string;
  fields: LeadFields;
  context: LeadContext;
}

export interface LeadAlertPayload {
  leadId: string;
}

export interface LeadResendPayload {
  leadId: string;
  /** The ledger row recorded for this resend. */
  ledgerKey: string;
}

export type SweepPayload = Record<string, never>;
export type AlertDigestPayload = Record<string, never>;

/** The payload type of each job name, for typed producers and processors. */
export interface JobPayloads {
  [JobName.LeadReceived]: LeadReceivedPayload;
  [JobName.LeadAlert]: LeadAlertPayload;
  [JobName.LeadResend]: LeadResendPayload;
  [JobName.AlertDigest]: AlertDigestPayload;
  [JobName.Sweep]: SweepPayload;
  [JobName.SlaCheck]: SweepPayload;
  [JobName.Retention]: SweepPayload;
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
      return { ...retention, attempts: t.alertAttempts, backoff: { type: CAPPED_EXPONENTIAL_BACKOFF, delay: t.backoffBaseMs } };
    case QueueName.Maintenance:
      return { removeOnComplete: { count: 10 }, removeOnFail: { count: 50 }, attempts: 1 };
  }
}

/** Job id of a lead's one alert: deduplicates the hand-off from intake to notify. */
export function alertJobId(leadId: string): string {
  return `alert-${leadId}`;
}

/** Job id of the digest for one minute of flood: one digest per minute. */
export function digestJobId(minute: number): string {
  return `digest-${minute}`;
}
