import { Injectable } from '@nestjs/common';
import { Db, type Sql } from './db';
import { ledgerKey, parseLedgerKey, type LedgerChannel, type LedgerKey } from './ledger-key';
import { decideReroute, type RerouteDecision } from './reroute-decision';

/** An open task nobody touched whose owner has held it at least the claim time in wall minutes. */
export interface SilentTask {
  id: string;
  leadId: string;
  assignee: string;
  /** When the owner got it: assigned_at, or the task's creation for tasks never passed on. */
  since: Date;
  reroutes: number;
}

/** A robot or webhook a step's notice goes to (ChannelDestination's fields the ledger row needs). */
export interface RerouteRobot {
  channel: Exclude<LedgerChannel, 'email'>;
  id: string;
  label: string;
}

/** The robots and webhooks a lead's re-route is announced to, and those its manager notice goes to. */
export interface RerouteRobots {
  paged: readonly RerouteRobot[];
  limit: readonly RerouteRobot[];
}

/** A robot's or webhook's ledger row a step recorded, to queue once the step is committed. */
export interface RerouteRobotRow {
  ledgerKey: string;
  destinationId: string;
}

export type RerouteOutcome =
  | { kind: 'rerouted'; from: string; to: string; step: number; robotRows: RerouteRobotRow[] }
  | { kind: 'escalated'; robotRows: RerouteRobotRow[] }
  | { kind: 'stale' };

export const NO_ROBOTS: RerouteRobots = { paged: [], limit: [] };

/** A re-route notice waiting to go out (or to be retried). */
export interface PendingRerouteNotice {
  key: LedgerKey;
  leadId: string;
  taskId: string;
  recipients: string[];
}

export interface RerouteStepEvent {
  from: string | null;
  to: string | null;
}

const KINDS = ['assigned', 'rerouted-away', 'reroute-limit'];

// Business time elapsed never exceeds wall time, so tasks held for fewer
// wall minutes cannot be due: the exact business-hours test runs on the rest.
// A task whose managers were told (its reroute-limit row exists) is done with.
const SILENT_SQL = `
SELECT t.id, t.lead_id, t.assignee, coalesce(t.assigned_at, t.created_at) AS since, t.reroutes
  FROM follow_up_tasks t JOIN leads l ON l.id = t.lead_id
 WHERE t.status = 'open' AND t.first_touch_at IS NULL AND t.assignee IS NOT NULL AND l.erased_at IS NULL
   AND coalesce(t.assigned_at, t.created_at) <= now() - make_interval(mins => $1::int)
   AND NOT EXISTS (SELECT 1 FROM notifications n WHERE n.dedupe_key = $2 || t.id::text)
 ORDER BY 4 LIMIT $3`;

const LOCK_SQL = `
SELECT status, assignee, first_touch_at, reroutes, coalesce(assigned_at, created_at) AS since
  FROM follow_up_tasks WHERE id = $1 FOR UPDATE`;

// Everyone who may take a lead now, and whether they are in the task's team.
const ELIGIBLE_SQL = `
SELECT s.login, EXISTS (SELECT 1 FROM follow_up_tasks t JOIN team_members m ON m.team_id = t.team_id
                         WHERE t.id = $1 AND m.login = s.login) AS in_team
  FROM staff s WHERE s.active AND s.on_duty AND s.receives_leads ORDER BY s.login`;

// One row per notice, for the person's address if their account is active and has one.
const PERSONAL_NOTICE_SQL = `
INSERT INTO notifications (lead_id, task_id, dedupe_key, channel, kind, status, recipients)
SELECT $1, $2, $3, 'email', $4, 'pending', s.email FROM staff s
 WHERE s.login = $5 AND s.active AND s.email IS NOT NULL AND s.email <> ''
ON CONFLICT (dedupe_key) DO NOTHING`;

// One row per robot or webhook for a step's notice: claimed by the channel alert job before sending.
const ROBOT_NOTICE_SQL = `
INSERT INTO notifications (lead_id, task_id, dedupe_key, channel, kind, status, recipients, destination)
SELECT $1, $2, u.dedupe_key, u.channel, $3, 'pending', u.recipients, u.destination
  FROM unnest($4::text[], $5::text[], $6::text[], $7::text[]) AS u(dedupe_key, channel, recipients, destination)
ON CONFLICT (dedupe_key) DO NOTHING`;

/** Passes silent owners' tasks on, one locked step at a time, with the notices each step owes. */
@Injectable()
export class RerouteRepository {
  constructor(private readonly db: Db) {}

  async silent(claimMinutes: number, limit: number): Promise<SilentTask[]> {
    const rows: { id: string; lead_id: string; assignee: string; since: Date; reroutes: number }[] = await this.db.query(
      SILENT_SQL,
      [claimMinutes, limitKeyPrefix(), limit],
    );
    return rows.map((r) => ({
      id: r.id,
      leadId: r.lead_id,
      assignee: r.assignee,
      since: new Date(r.since),
      reroutes: r.reroutes,
    }));
  }

  /**
   * One step for a task found silent, in one transaction under the task's
   * row lock: re-checks that it is still open, untouched, with the same
   * owner since the same time (a touch that got there first wins), then
   * passes it on (history, the new owner's and the old owner's notices) or
   * records the managers' notice, each with one row per robot and webhook
   * in `robots`, so those go out exactly once too. Stale when anything
   * changed meanwhile.
   */
  async step(
    task: SilentTask,
    limit: number,
    note: string,
    managersExtra: readonly string[],
    robots: RerouteRobots = NO_ROBOTS,
  ): Promise<RerouteOutcome> {
    return this.db.transaction(async (m) => {
      const [row]: { status: string; assignee: string | null; first_touch_at: Date | null; reroutes: number; since: Date }[] =
        await m.query(LOCK_SQL, [task.id]);
      if (
        !row ||
        row.status !== 'open' ||
        row.first_touch_at !== null ||
        row.assignee !== task.assignee ||
        row.reroutes !== task.reroutes ||
        new Date(row.since).getTime() !== task.since.getTime()
      ) {
        return { kind: 'stale' };
      }
      const tried = await this.tried(m, task);
      const rows: { login: string; in_team: boolean }[] = await m.query(ELIGIBLE_SQL, [task.id]);
      const eligible = rows.map((r) => r.login);
      const team = new Set(rows.filter((r) => r.in_team).map((r) => r.login));
      const state = { reroutes: task.reroutes, limit, eligible, tried, team };
      let decision: RerouteDecision = decideReroute({ ...state, turn: 0n });
      if (decision.kind === 'reroute') {
        const [{ v }]: { v: string }[] = await m.query(`SELECT nextval('assignment_turn') AS v`);
        decision = decideReroute({ ...state, turn: BigInt(v) });
      }
      if (decision.kind === 'escalate') {
        await this.recordLimitNotice(m, task, managersExtra);
        return { kind: 'escalated', robotRows: await this.recordRobotRows(m, task, null, robots.limit) };
      }
      const step = task.reroutes + 1;
      await m.query(
        `UPDATE follow_up_tasks SET assignee = $2, assigned_at = now(), reroutes = $3, updated_at = now() WHERE id = $1`,
        [task.id, decision.to, step],
      );
      await m.query(
        `INSERT INTO task_events (task_id, actor, action, from_status, to_status, from_assignee, to_assignee, note)
         VALUES ($1, 'reroute', 'rerouted', 'open', 'open', $2, $3, $4)`,
        [task.id, task.assignee, decision.to, note],
      );
      const notice = (kind: 'assigned' | 'rerouted-away', login: string) =>
        m.query(PERSONAL_NOTICE_SQL, [
          task.leadId,
          task.id,
          ledgerKey({ channel: 'email', kind, taskId: task.id, step: String(step) }),
          kind,
          login,
        ]);
      await notice('assigned', decision.to);
      await notice('rerouted-away', task.assignee);
      const robotRows = await this.recordRobotRows(m, task, step, robots.paged);
      return { kind: 'rerouted', from: task.assignee, to: decision.to, step, robotRows };
    });
  }

  /** Re-route notices not sent yet (new, or back to pending after a failed send), oldest first. */
  async pendingNotices(limit: number): Promise<PendingRerouteNotice[]> {
    const rows: { dedupe_key: string; lead_id: string; task_id: string; recipients: string }[] = await this.db.query(
      `SELECT dedupe_key, lead_id, task_id, recipients FROM notifications
        WHERE kind = ANY($1::text[]) AND channel = 'email' AND status IN ('pending', 'sending') AND task_id IS NOT NULL
        ORDER BY created_at LIMIT $2`,
      [KINDS, limit],
    );
    return rows.flatMap((r) => {
      const key = parseKey(r.dedupe_key);
      if (!key) return [];
      const recipients = r.recipients
        .split(',')
        .map((a) => a.trim())
        .filter(Boolean);
      return [{ key, leadId: r.lead_id, taskId: r.task_id, recipients }];
    });
  }

  /** Who lost and who got the task at re-route `step` (1-based). */
  async stepEvent(taskId: string, step: number): Promise<RerouteStepEvent | null> {
    const rows: { from_assignee: string | null; to_assignee: string | null }[] = await this.db.query(
      `SELECT from_assignee, to_assignee FROM task_events WHERE task_id = $1 AND action = 'rerouted' ORDER BY id OFFSET $2 LIMIT 1`,
      [taskId, step - 1],
    );
    return rows[0] ? { from: rows[0].from_assignee, to: rows[0].to_assignee } : null;
  }

  /** The task's owner and re-route count now. */
  async owner(taskId: string): Promise<{ assignee: string | null; reroutes: number } | null> {
    const rows: { assignee: string | null; reroutes: number }[] = await this.db.query(
      `SELECT assignee, reroutes FROM follow_up_tasks WHERE id = $1`,
      [taskId],
    );
    return rows[0] ?? null;
  }

  // Everyone this lead was passed away from, and its owner now.
  private async tried(m: Sql, task: SilentTask): Promise<Set<string>> {
    const rows: { login: string }[] = await m.query(
      `SELECT DISTINCT from_assignee AS login FROM task_events WHERE task_id = $1 AND action = 'rerouted' AND from_assignee IS NOT NULL`,
      [task.id],
    );
    return new Set([task.assignee, ...rows.map((r) => r.login)]);
  }

  // A step's rows page its new owner in the group (`assigned`); without a step, the managers (`reroute-limit`).
  private async recordRobotRows(
    m: Sql,
    task: SilentTask,
    step: number | null,
    robots: readonly RerouteRobot[],
  ): Promise<RerouteRobotRow[]> {
    if (robots.length === 0) return [];
    const kind = step === null ? 'reroute-limit' : 'assigned';
    const keys = robots.map((r) =>
      ledgerKey(
        step === null
          ? { channel: r.channel, kind: 'reroute-limit', taskId: task.id, destination: r.id }
          : { channel: r.channel, kind: 'assigned', taskId: task.id, step: String(step), destination: r.id },
      ),
    );
    await m.query(ROBOT_NOTICE_SQL, [
      task.leadId,
      task.id,
      kind,
      keys,
      robots.map((r) => r.channel),
      robots.map((r) => r.label),
      robots.map((r) => r.id),
    ]);
    return robots.map((r, i) => ({ ledgerKey: keys[i], destinationId: r.id }));
  }

  // Active managers with an address, and the configured escalation list, each once.
  private async recordLimitNotice(m: Sql, task: SilentTask, extra: readonly string[]): Promise<void> {
    const managers: { email: string }[] = await m.query(
      `SELECT email FROM staff WHERE role = 'manager' AND active AND email IS NOT NULL AND email <> '' ORDER BY login`,
    );
    const seen = new Set<string>();
    const to = [...managers.map((r) => r.email), ...extra].filter((a) => {
      const k = a.toLowerCase();
      if (seen.has(k)) return false;
      seen.add(k);
      return true;
    });
    await m.query(
      `INSERT INTO notifications (lead_id, task_id, dedupe_key, channel, kind, status, recipients)
       VALUES ($1, $2, $3, 'email', 'reroute-limit', 'pending', $4) ON CONFLICT (dedupe_key) DO NOTHING`,
      [task.leadId, task.id, ledgerKey({ channel: 'email', kind: 'reroute-limit', taskId: task.id }), to.join(', ')],
    );
  }
}

// What every reroute-limit key starts with (the task id follows).
const limitKeyPrefix = () => ledgerKey({ channel: 'email', kind: 'reroute-limit', taskId: '' });

function parseKey(text: string): LedgerKey | null {
  const key = parseLedgerKey(text);
  return key && KINDS.includes(key.kind) ? key : null;
}
