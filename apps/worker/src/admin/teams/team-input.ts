import { TEAM_NAME_MAX } from '@app/contracts';
import { FieldError, hasControlCharacters } from '../query-input';
import type { TeamChange } from '../../data/team.repository';

/** What POST /admin/teams accepts. */
export interface NewTeam {
  name: string;
  members: string[];
}

export const TEAM_MEMBERS_MAX = 500;
const LOGIN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

function object(body: unknown): Record<string, unknown> {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new FieldError('body', 'send a JSON object');
  return body as Record<string, unknown>;
}

/** A team's name: trimmed, 1 to TEAM_NAME_MAX characters, no control characters (it is a form's `team` too). */
export function parseTeamName(v: unknown, field = 'name'): string {
  const name = typeof v === 'string' ? v.trim() : '';
  if (!name || name.length > TEAM_NAME_MAX || hasControlCharacters(name)) {
    throw new FieldError(field, `${field} must be text of 1 to ${TEAM_NAME_MAX} characters, without control characters`);
  }
  return name;
}

/** Logins, lower-cased as accounts store them, each once, in the order given. */
export function parseLogins(v: unknown, field: string): string[] {
  if (!Array.isArray(v)) throw new FieldError(field, `${field} must be a list of logins`);
  if (v.length > TEAM_MEMBERS_MAX) throw new FieldError(field, `${field} may hold at most ${TEAM_MEMBERS_MAX} logins`);
  const logins = v.map((login, i) => {
    if (typeof login !== 'string' || !LOGIN.test(login)) throw new FieldError(`${field}[${i}]`, `${field}[${i}] is not a login`);
    return login.toLowerCase();
  });
  return [...new Set(logins)];
}

/** Team names, each once; used by PATCH /admin/staff/:login's `teams`. */
export function parseTeamNames(v: unknown, field: string): string[] {
  if (!Array.isArray(v)) throw new FieldError(field, `${field} must be a list of team names`);
  if (v.length > TEAM_MEMBERS_MAX) throw new FieldError(field, `${field} may hold at most ${TEAM_MEMBERS_MAX} names`);
  return [...new Set(v.map((name, i) => parseTeamName(name, `${field}[${i}]`)))];
}

export function parseNewTeam(body: unknown): NewTeam {
  const b = object(body);
  return { name: parseTeamName(b.name), members: b.members === undefined ? [] : parseLogins(b.members, 'members') };
}

export function parseTeamChange(body: unknown): TeamChange {
  const b = object(body);
  const change: TeamChange = {};
  if (b.name !== undefined) change.name = parseTeamName(b.name);
  if (b.members !== undefined) change.members = parseLogins(b.members, 'members');
  if (Object.keys(change).length === 0) throw new FieldError('body', 'nothing to change: send name and/or members');
  return change;
}
