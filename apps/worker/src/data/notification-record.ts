export type NotificationStatus = 'pending' | 'sending' | 'sent' | 'failed' | 'batched';

/**
 * A row of the delivery ledger (`notifications`): one per notification that
 * must go out, written before sending and updated after, which is what makes
 * alerts exactly-once.
 */
export interface NotificationRecord {
  id: string;
  leadId: string | null;
  taskId: string | null;
  dedupeKey: string;
  channel: string;
  /** The robot or webhook receiver (its destination id); null for email, which goes to all of MAIL_TO. */
  destination: string | null;
  kind: string;
  status: NotificationStatus;
  attempts: number;
  lastError: string | null;
  messageId: string | null;
  recipients: string | null;
  createdAt: Date;
  updatedAt: Date;
  sentAt: Date | null;
}

export interface NotificationRow {
  id: string;
  lead_id: string | null;
  task_id: string | null;
  dedupe_key: string;
  channel: string;
  destination: string | null;
  kind: string;
  status: NotificationStatus;
  attempts: number;
  last_error: string | null;
  message_id: string | null;
  recipients: string | null;
  created_at: Date;
  updated_at: Date;
  sent_at: Date | null;
}

export const NOTIFICATION_COLUMNS = `id, lead_id, task_id, dedupe_key, channel, destination, kind, status, attempts, last_error,
  message_id, recipients, created_at, updated_at, sent_at`;

export function notificationFromRow(r: NotificationRow): NotificationRecord {
  return {
    id: r.id,
    leadId: r.lead_id,
    taskId: r.task_id,
    dedupeKey: r.dedupe_key,
    channel: r.channel,
    destination: r.destination,
    kind: r.kind,
    status: r.status,
    attempts: r.attempts,
    lastError: r.last_error,
    messageId: r.message_id,
    recipients: r.recipients,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    sentAt: r.sent_at,
  };
}
