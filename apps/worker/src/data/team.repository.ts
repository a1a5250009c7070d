import { Injectable } from '@nestjs/common';
import { Db, type Sql } from './db';
import { FormRecord, FormRepository } from './form.repository';

/** A team as the API shows it: its name and its members' logins, in order. */
export interface Team {
  name: string;
  members: string[];
  createdAt: Date;
  updatedAt: Date;
  updatedBy: string | null;
}

export interface TeamChange {
  name?: string;
  members?: string[];
}

/** A changed team, and the forms a rename rewrote (each a new version naming the new name). */
export interface TeamUpdated {
  team: Team;
  forms: FormRecord[];
}

/** Why a team change was not made. */
export type TeamRefusal = { kind: 'not-found' } | { kind: 'name-taken' } | { kind: 'unknown-logins'; logins: string[] };

interface TeamRow {
  name: string;
  members: string[];
  created_at: Date;
  updated_at: Date;
  updated_by: string | null;
}

const TEAMS_SQL = `
SELECT t.name, t.created_at, t.updated_at, t.updated_by,
       coalesce(array_agg(m.login ORDER BY m.login) FILTER (WHERE m.login IS NOT NULL), '{}') AS members
  FROM teams t LEFT JOIN team_members m ON m.team_id = t.id
 WHERE ($1::text IS NULL OR t.name = $1)
 GROUP BY t.id ORDER BY t.name`;

const teamFrom = (r: TeamRow): Team => ({
  name: r.name,
  members: r.members,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
  updatedBy: r.updated_by,
});

// unique_violation: the name is another team's (TypeORM wraps pg's error, keeping its code).
const isNameTaken = (err: unknown) => {
  const e = err as { code?: string; driverError?: { code?: string } };
  return (e.code ?? e.driverError?.code) === '23505';
};

/**
 * The `teams` and `team_members` tables. A lead routed to a team goes round
 * robin among its eligible members (choose_lead_owner(), migration
 * 1765580000000-lead-owner-function); this is where admins keep who is in which.
 */
@Injectable()
export class TeamRepository {
  constructor(
    private readonly db: Db,
    private readonly forms: FormRepository,
  ) {}

  async list(): Promise<Team[]> {
    const rows: TeamRow[] = await this.db.query(TEAMS_SQL, [null]);
    return rows.map(teamFrom);
  }

  async find(name: string, m: Sql = this.db): Promise<Team | null> {
    const rows: TeamRow[] = await m.query(TEAMS_SQL, [name]);
    return rows.length ? teamFrom(rows[0]) : null;
  }

  /** The team names of each login (every login asked for has an entry, maybe empty). */
  async teamsOf(logins: readonly string[]): Promise<Map<string, string[]>> {
    const byLogin = new Map(logins.map((l) => [l, [] as string[]]));
    if (logins.length === 0) return byLogin;
    const rows: { login: string; name: string }[] = await this.db.query(
      `SELECT m.login, t.name FROM team_members m JOIN teams t ON t.id = m.team_id
        WHERE m.login = ANY($1::text[]) ORDER BY t.name`,
      [logins],
    );
    for (const r of rows) byLogin.get(r.login)?.push(r.name);
    return byLogin;
  }

  /** Creates a team with its members. */
  async create(name: string, members: string[], actor: string): Promise<Team | TeamRefusal> {
    try {
      return await this.db.transaction(async (m) => {
        const unknown = await this.unknownLogins(m, members);
        if (unknown.length) return { kind: 'unknown-logins', logins: unknown } as const;
        const [{ id }]: { id: number }[] = await m.query(`INSERT INTO teams (name, updated_by) VALUES ($1, $2) RETURNING id`, [
          name,
          actor,
        ]);
        await this.setMembers(m, id, members);
        return (await this.find(name, m))!;
      });
    } catch (err) {
      if (isNameTaken(err)) return { kind: 'name-taken' };
      throw err;
    }
  }

  /**
   * Renames the team and/or replaces its members, under the team's row lock.
   * A rename rewrites the forms (and routing rules) naming the old name in
   * the same transaction: no lead is ever routed by a name no team has.
   */
  async update(name: string, change: TeamChange, actor: string): Promise<TeamUpdated | TeamRefusal> {
    try {
      return await this.db.transaction(async (m) => {
        const [team]: { id: number }[] = await m.query(`SELECT id FROM teams WHERE name = $1 FOR UPDATE`, [name]);
        if (!team) return { kind: 'not-found' } as const;
        if (change.members) {
          const unknown = await this.unknownLogins(m, change.members);
          if (unknown.length) return { kind: 'unknown-logins', logins: unknown } as const;
          await this.setMembers(m, team.id, change.members);
        }
        await m.query(`UPDATE teams SET name = coalesce($2, name), updated_at = now(), updated_by = $3 WHERE id = $1`, [
          team.id,
          change.name ?? null,
          actor,
        ]);
        const renamed = change.name !== undefined && change.name !== name;
        const forms = renamed ? await this.forms.renameTeam(m, name, change.name!, actor) : [];
        return { team: (await this.find(change.name ?? name, m))!, forms };
      });
    } catch (err) {
      if (isNameTaken(err)) return { kind: 'name-taken' };
      throw err;
    }
  }

  /** Puts `login` in exactly these teams; the names no team has, when any (then nothing changed). */
  async setTeamsOf(login: string, teams: string[], m: Sql = this.db): Promise<string[]> {
    const known: { id: number; name: string }[] = await m.query(`SELECT id, name FROM teams WHERE name = ANY($1::text[])`, [
      teams,
    ]);
    const missing = teams.filter((t) => !known.some((k) => k.name === t));
    if (missing.length) return missing;
    await m.query(`DELETE FROM team_members WHERE login = $1 AND team_id <> ALL($2::int[])`, [login, known.map((k) => k.id)]);
    await m.query(`INSERT INTO team_members (team_id, login) SELECT unnest($2::int[]), $1 ON CONFLICT DO NOTHING`, [
      login,
      known.map((k) => k.id),
    ]);
    return [];
  }

  /** The team names among `names` that no team has. */
  async unknownTeams(names: readonly string[]): Promise<string[]> {
    if (names.length === 0) return [];
    const rows: { name: string }[] = await this.db.query(
      `SELECT x AS name FROM unnest($1::text[]) x WHERE NOT EXISTS (SELECT 1 FROM teams t WHERE t.name = x)`,
      [names],
    );
    return rows.map((r) => r.name);
  }

  private async unknownLogins(m: Sql, logins: readonly string[]): Promise<string[]> {
    if (logins.length === 0) return [];
    const rows: { login: string }[] = await m.query(
      `SELECT x AS login FROM unnest($1::text[]) x WHERE NOT EXISTS (SELECT 1 FROM staff s WHERE s.login = x)`,
      [logins],
    );
    return rows.map((r) => r.login);
  }

  private async setMembers(m: Sql, teamId: number, logins: readonly string[]): Promise<void> {
    await m.query(`DELETE FROM team_members WHERE team_id = $1 AND login <> ALL($2::text[])`, [teamId, logins]);
    await m.query(`INSERT INTO team_members (team_id, login) SELECT $1, unnest($2::text[]) ON CONFLICT DO NOTHING`, [
      teamId,
      logins,
    ]);
  }
}
