import { Injectable } from '@nestjs/common';
import { Db } from './db';
import { ledgerKey, type LedgerKey } from './ledger-key';

/** The step of an owner's personal email at arrival; re-routes number theirs, hand-overs are `h<event id>`. */
export const ARRIVAL_STEP = 'arrival';
const HAND_OVER = /^h(\d{1,18})$/;

export const handOverStep = (eventId: string): string => `h${eventId}`;

/** An owner's personal notice, recorded and waiting to be sent. */
export interface AssignedNotice {
  key: Extract<LedgerKey, { kind: 'assigned' }>;
  leadId: string;
  taskId: string;
  /** The owner's address, as recorded. */
  recipients: string[];
}

// One row for the person's address, if their account is active and has one (as re-route notices).
const NOTICE_SQL = `
INSERT INTO notifications (lead_id, task_id, dedupe_key, channel, kind, status, recipients)
SELECT $1, $2, $3, 'email', 'assigned', 'pending', s.email FROM staff s
 WHERE s.login = $4 AND s.active AND s.email IS NOT NULL AND s.email <> ''
ON CONFLICT (dedupe_key) DO NOTHING`;

// Whose the lead became at arrival: the assignment's own history entry.
const ARRIVAL_SQL = `
SELECT t.id AS task_id, e.to_assignee AS login
  FROM follow_up_tasks t JOIN task_events e ON e.task_id = t.id AND e.actor = 'assignment' AND e.action = 'assigned'
 WHERE t.lead_id = $1 AND e.to_assignee IS NOT NULL
 ORDER BY e.id LIMIT 1`;

// The latest change that gave the task to `login` from someone else (or nobody).
const HAND_OVER_SQL = `
SELECT e.id::text AS id, t.lead_id FROM task_events e JOIN follow_up_tasks t ON t.id = e.task_id
 WHERE e.task_id = $1 AND e.to_assignee = $2 AND e.from_assignee IS DISTINCT FROM e.to_assignee
 ORDER BY e.id DESC LIMIT 1`;

/**
 * The personal "a lead is yours" email's ledger rows
 * (`email:assigned:<taskId>:<step>`): one per owner and step, so each
 * owner is told once however often intake or a change is retried.
 */
@Injectable()
export class AssignedNoticeRepository {
  constructor(private readonly db: Db) {}

  /** The arrival owner's row (null when the lead got no owner, or the owner has no address). */
  async recordArrival(leadId: string): Promise<AssignedNotice | null> {
    const [row]: { task_id: string; login: string }[] = await this.db.query(ARRIVAL_SQL, [leadId]);
    return row ? this.record(leadId, row.task_id, ARRIVAL_STEP, row.login) : null;
  }

  /** The row for the change that just gave `taskId` to `login`. */
  async recordHandOver(taskId: string, login: string): Promise<AssignedNotice | null> {
    const [row]: { id: string; lead_id: string }[] = await this.db.query(HAND_OVER_SQL, [taskId, login]);
    return row ? this.record(row.lead_id, taskId, handOverStep(row.id), login) : null;
  }

  /** Who an `assigned` row is for: the owner its step gave the task to. */
  async addressee(taskId: string, step: string): Promise<string | null> {
    let rows: { login: string | null }[];
    if (step === ARRIVAL_STEP) {
      rows = await this.db.query(
        `SELECT to_assignee AS login FROM task_events WHERE task_id = $1 AND actor = 'assignment' AND action = 'assigned' ORDER BY id LIMIT 1`,
        [taskId],
      );
    } else if (HAND_OVER.test(step)) {
      rows = await this.db.query(`SELECT to_assignee AS login FROM task_events WHERE task_id = $1 AND id = $2::bigint`, [
        taskId,
        HAND_OVER.exec(step)![1],
      ]);
    } else if (/^\d{1,9}$/.test(step)) {
      rows = await this.db.query(
        `SELECT to_assignee AS login FROM task_events WHERE task_id = $1 AND action = 'rerouted' ORDER BY id OFFSET $2 LIMIT 1`,
        [taskId, Number(step) - 1],
      );
    } else {
      return null;
    }
    return rows[0]?.login ?? null;
  }

  /** Who made the hand-over of step `h<id>`. */
  async handedBy(taskId: string, step: string): Promise<string | null> {
    const id = HAND_OVER.exec(step)?.[1];
    if (!id) return null;
    const rows: { actor: string }[] = await this.db.query(
      `SELECT actor FROM task_events WHERE task_id = $1 AND id = $2::bigint`,
      [taskId, id],
    );
    return rows[0]?.actor ?? null;
  }

  private async record(leadId: string, taskId: string, step: string, login: string): Promise<AssignedNotice | null> {
    const key = { channel: 'email', kind: 'assigned', taskId, step } as const;
    await this.db.query(NOTICE_SQL, [leadId, taskId, ledgerKey(key), login]);
    const [row]: { recipients: string }[] = await this.db.query(`SELECT recipients FROM notifications WHERE dedupe_key = $1`, [
      ledgerKey(key),
    ]);
    return row ? { key, leadId, taskId, recipients: splitAddresses(row.recipients) } : null;
  }
}

export const splitAddresses = (text: string): string[] =>
  text
    .split(',')
    .map((a) => a.trim())
    .filter(Boolean);
