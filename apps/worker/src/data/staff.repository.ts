import { Injectable } from '@nestjs/common';
import { Db, type Sql } from './db';
import { EligibleMember, handOverOwners } from './team-pool';

import type { StaffAccount, StaffContact, StaffRole } from './staff-account';

export interface StaffDraft {
  login: string;
  displayName: string;
  role: StaffRole;
  email: string | null;
  mobile: string | null;
  receivesLeads: boolean;
  passwordHash: string;
}

export type StaffPatch = Partial<
  Pick<StaffAccount, 'displayName' | 'role' | 'email' | 'mobile' | 'active' | 'receivesLeads' | 'onDuty'>
> & {
  passwordHash?: string;
};

interface StaffRow {
  login: string;
  name: string;
  role: StaffRole;
  email: string | null;
  mobile: string | null;
  active: boolean;
  receives_leads: boolean;
  on_duty: boolean;
  created_at: Date;
  updated_at: Date;
  deactivated_at: Date | null;
  password_hash?: string;
}

const COLUMNS = `login, name, role, email, mobile, active, receives_leads, on_duty, created_at, updated_at, deactivated_at`;

function accountFromRow(r: StaffRow): StaffAccount {
  return {
    login: r.login,
    displayName: r.name,
    role: r.role,
    email: r.email,
    mobile: r.mobile,
    active: r.active,
    receivesLeads: r.receives_leads,
    onDuty: r.on_duty,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    deactivatedAt: r.deactivated_at,
  };
}

const PATCH_COLUMNS: Record<keyof StaffPatch, string> = {
  displayName: 'name',
  role: 'role',
  email: 'email',
  mobile: 'mobile',
  active: 'active',
  receivesLeads: 'receives_leads',
  onDuty: 'on_duty',
  passwordHash: 'password_hash',
};

/** One task moved from a departing owner to a new one. */
export interface HandedOverTask {
  taskId: string;
  leadId: string;
  to: string;
}

/** Open and overdue tasks per owner, for the managers' view of the board. */
export interface Workload {
  login: string;
  open: number;
  inProgress: number;
  overdue: number;
}

// Eligible for hand-overs, in a fixed order, with their teams: the
// round-robin turn (a sequence value) modulo their number picks one, among
// the task's team when it has anyone here (handOverOwners).
const ELIGIBLE_SQL = `
SELECT s.login, coalesce(array_agg(m.team_id) FILTER (WHERE m.team_id IS NOT NULL), '{}') AS teams
  FROM staff s LEFT JOIN team_members m ON m.login = s.login
 WHERE s.active AND s.on_duty AND s.receives_leads AND s.login <> ALL($1::text[])
 GROUP BY s.login ORDER BY s.login`;

/** The `staff` table: accounts, their flags and what happens to their tasks when they leave. */
@Injectable()
export class StaffRepository {
  constructor(private readonly db: Db) {}

  async list(): Promise<StaffAccount[]> {
    const rows: StaffRow[] = await this.db.query(`SELECT ${COLUMNS} FROM staff ORDER BY active DESC, login`);
    return rows.map(accountFromRow);
  }

  async find(login: string): Promise<StaffAccount | null> {
    const rows: StaffRow[] = await this.db.query(`SELECT ${COLUMNS} FROM staff WHERE login = $1`, [login]);
    return rows.length ? accountFromRow(rows[0]) : null;
  }

  /**
   * The account with its bcrypt hash, for checking a password; nobody else
   * sees the hash. Logins are stored in lower case, so any case of one finds
   * it; the exact spelling wins for the two accounts that may differ only in
   * case from before (see migration 1764650000000-lowercase-staff-logins).
   */
  async findCredentials(login: string): Promise<(StaffAccount & { passwordHash: string }) | null> {
    const rows: StaffRow[] = await this.db.query(
      `SELECT ${COLUMNS}, password_hash FROM staff WHERE login = $1 OR login = lower($1) ORDER BY login = $1 DESC LIMIT 1`,
      [login],
    );
    return rows.length ? { ...accountFromRow(rows[0]), passwordHash: rows[0].password_hash! } : null;
  }

  /** Name, email and mobile of each login (unknown logins are left out). */
  async contacts(logins: readonly string[]): Promise<Map<string, StaffContact>> {
    const unique = [...new Set(logins.filter(Boolean))];
    if (unique.length === 0) return new Map();
    const rows: StaffRow[] = await this.db.query(`SELECT ${COLUMNS} FROM staff WHERE login = ANY($1::text[])`, [unique]);
    return new Map(
      rows.map((r) => [r.login, { login: r.login, displayName: r.name, email: r.email, mobile: r.mobile, active: r.active }]),
    );
  }

  /** Mobiles of the active managers that have one, in login order: whom a robot mentions when a lead ran out of re-routes. */
  async managerMobiles(): Promise<string[]> {
    const rows: { mobile: string }[] = await this.db.query(
      `SELECT mobile FROM staff WHERE role = 'manager' AND active AND mobile IS NOT NULL AND mobile <> '' ORDER BY login`,
    );
    return rows.map((r) => r.mobile);
  }

  /** Who owns a lead's task: login and display name (null name for a login with no account); null when unassigned. */
  async ownerOfLead(leadId: string): Promise<{ login: string; name: string | null } | null> {
    const rows: { login: string; name: string | null }[] = await this.db.query(
      `SELECT t.assignee AS login, s.name FROM follow_up_tasks t LEFT JOIN staff s ON s.login = t.assignee
        WHERE t.lead_id = $1 AND t.assignee IS NOT NULL`,
      [leadId],
    );
    return rows[0] ?? null;
  }

  async contact(login: string | null | undefined): Promise<StaffContact | null> {
    if (!login) return null;
    return (await this.contacts([login])).get(login) ?? null;
  }

  /** Creates an account; null when the login is taken. */
  async create(d: StaffDraft): Promise<StaffAccount | null> {
    const rows: StaffRow[] = await this.db.query(
      `WITH created AS (
         INSERT INTO staff (login, name, role, email, mobile, receives_leads, password_hash)
         VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (login) DO NOTHING RETURNING ${COLUMNS})
       SELECT * FROM created`,
      [d.login, d.displayName, d.role, d.email, d.mobile, d.receivesLeads, d.passwordHash],
    );
    return rows.length ? accountFromRow(rows[0]) : null;
  }

  /** Changes the given fields; deactivating stamps deactivated_at. Null when there is no such login. */
  async update(login: string, patch: StaffPatch, m: Sql = this.db): Promise<StaffAccount | null> {
    const sets: string[] = [];
    const params: unknown[] = [login];
    for (const [key, column] of Object.entries(PATCH_COLUMNS) as [keyof StaffPatch, string][]) {
      if (patch[key] === undefined) continue;
      params.push(patch[key]);
      sets.push(`${column} = $${params.length}`);
      if (key === 'active')
        sets.push(`deactivated_at = CASE WHEN $${params.length} THEN NULL ELSE coalesce(deactivated_at, now()) END`);
    }
    sets.push('updated_at = now()');
    // Wrapped in a SELECT so the driver returns plain rows.
    const rows: StaffRow[] = await m.query(
      `WITH changed AS (UPDATE staff SET ${sets.join(', ')} WHERE login = $1 RETURNING ${COLUMNS}) SELECT * FROM changed`,
      params,
    );
    return rows.length ? accountFromRow(rows[0]) : null;
  }

  /** Inserts an account from the environment unless it exists; true when it was created. */
  async seed(d: StaffDraft): Promise<boolean> {
    return (await this.create(d)) !== null;
  }

  /**
   * Maps free-text assignees (from before accounts lived here) that name
   * exactly one account, by login or display name, to that login; each
   * change is recorded in the task's history. Returns how many tasks changed.
   */
  async adoptAssigneeTexts(): Promise<number> {
    return this.db.transaction(async (m) => {
      // Runs at every boot: the distinct assignee texts are found by hopping
      // along follow_up_tasks_assignee_idx (a few dozen probes) instead of
      // reading every task (seconds with a million of them).
      const rows: { id: string; from_text: string; login: string; status: string }[] = await m.query(`
        WITH RECURSIVE texts AS (
          (SELECT assignee FROM follow_up_tasks WHERE assignee IS NOT NULL ORDER BY assignee LIMIT 1)
          UNION ALL
          SELECT (SELECT t.assignee FROM follow_up_tasks t WHERE t.assignee > texts.assignee ORDER BY t.assignee LIMIT 1)
            FROM texts WHERE texts.assignee IS NOT NULL
        ), strays AS (
          SELECT assignee FROM texts
           WHERE assignee IS NOT NULL AND NOT EXISTS (SELECT 1 FROM staff x WHERE x.login = texts.assignee)
        ), matches AS (
          SELECT t.id, t.assignee AS from_text, t.status, min(s.login) AS login, count(*) AS n
            FROM strays JOIN follow_up_tasks t ON t.assignee = strays.assignee
            JOIN staff s ON lower(s.name) = lower(trim(t.assignee)) OR lower(s.login) = lower(trim(t.assignee))
           GROUP BY t.id, t.assignee, t.status)
        , adopted AS (
          UPDATE follow_up_tasks t SET assignee = m.login FROM matches m
           WHERE t.id = m.id AND m.n = 1
          RETURNING t.id, m.from_text, m.login, m.status)
        SELECT * FROM adopted`);
      if (rows.length === 0) return 0;
      await m.query(
        `INSERT INTO task_events (task_id, actor, action, from_status, to_status, from_assignee, to_assignee, note)
         SELECT r.id, 'accounts', 'account-linked', r.status, r.status, r.from_text, r.login, NULL
           FROM jsonb_to_recordset($1::jsonb) AS r(id uuid, from_text text, login text, status text)`,
        [JSON.stringify(rows)],
      );
      return rows.length;
    });
  }

  /**
   * Deactivates `login` and hands each of their open and in-progress tasks
   * to `successor`, or else round robin over the eligible members of the
   * task's team (everyone eligible when it has none), recording
   * "handed over from" in each task's history; ends their sessions. All in
   * one transaction. Throws `NobodyToHandOverTo` (nothing changed) when tasks
   * would be left without an owner.
   */
  async deactivate(login: string, successor: string | null, actor: string, patch: StaffPatch = {}): Promise<HandedOverTask[]> {
    return this.db.transaction(async (m) => {
      await m.query(`SELECT 1 FROM staff WHERE login = $1 FOR UPDATE`, [login]);
      const tasks: { id: string; lead_id: string; status: string; team_id: number | null }[] = await m.query(
        `SELECT id, lead_id, status, team_id FROM follow_up_tasks WHERE assignee = $1 AND status IN ('open', 'in_progress')
          ORDER BY due_at, id FOR UPDATE`,
        [login],
      );
      await this.update(login, { ...patch, active: false }, m);
      await m.query(`DELETE FROM staff_sessions WHERE login = $1`, [login]);
      if (tasks.length === 0) return [];
      let owners: string[];
      if (successor) {
        owners = tasks.map(() => successor);
      } else {
        const eligible: EligibleMember[] = await m.query(ELIGIBLE_SQL, [[login]]);
        if (eligible.length === 0) throw new NobodyToHandOverTo(login, tasks.length);
        const turns: { v: string }[] = await m.query(`SELECT nextval('assignment_turn') AS v FROM generate_series(1, $1)`, [
          tasks.length,
        ]);
        owners = handOverOwners(
          tasks.map((t) => ({ teamId: t.team_id })),
          eligible,
          turns.map((t) => BigInt(t.v)),
        );
      }
      const moved = tasks.map((t, i) => ({ id: t.id, status: t.status, to: owners[i] }));
      await m.query(
        `UPDATE follow_up_tasks t SET assignee = r.to, assigned_at = now(), updated_at = now(), updated_by = $2
           FROM jsonb_to_recordset($1::jsonb) AS r(id uuid, "to" text) WHERE t.id = r.id`,
        [JSON.stringify(moved), actor],
      );
      await m.query(
        `INSERT INTO task_events (task_id, actor, action, from_status, to_status, from_assignee, to_assignee, note)
         SELECT r.id, $2, 'handed-over', r.status, r.status, $3, r."to", $4
           FROM jsonb_to_recordset($1::jsonb) AS r(id uuid, status text, "to" text)`,
        [JSON.stringify(moved), actor, login, `handed over from ${login}`],
      );
      return tasks.map((t, i) => ({ taskId: t.id, leadId: t.lead_id, to: owners[i] }));
    });
  }

  /** Drops ended board sessions and failed logins older than a day (daily housekeeping). */
  async purgeStale(idleMinutes: number, maxHours: number): Promise<void> {
    await this.db.query(
      `DELETE FROM staff_sessions WHERE last_seen_at < now() - make_interval(mins => $1::int)
          OR created_at < now() - make_interval(hours => $2::int)`,
      [idleMinutes, maxHours],
    );
    await this.db.query(`DELETE FROM login_failures WHERE at < now() - interval '1 day'`);
  }

  /** Open, in-progress and overdue task counts per owner (unassigned under login ''). */
  async workload(): Promise<Workload[]> {
    const rows: { login: string; open: number; in_progress: number; overdue: number }[] = await this.db.query(`
      SELECT coalesce(assignee, '') AS login,
             count(*) FILTER (WHERE status = 'open')::int AS open,
             count(*) FILTER (WHERE status = 'in_progress')::int AS in_progress,
             count(*) FILTER (WHERE due_at < now())::int AS overdue
        FROM follow_up_tasks WHERE status IN ('open', 'in_progress')
       GROUP BY 1 ORDER BY 1`);
    return rows.map((r) => ({ login: r.login, open: r.open, inProgress: r.in_progress, overdue: r.overdue }));
  }
}

/** A departure that would leave tasks without an owner: name a successor or put someone on duty. */
export class NobodyToHandOverTo extends Error {
  constructor(
    readonly login: string,
    readonly tasks: number,
  ) {
    super(`${tasks} open task(s) of ${login} would have no owner: name a successor or put someone on duty`);
  }
}
