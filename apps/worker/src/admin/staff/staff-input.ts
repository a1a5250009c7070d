import { HttpStatus } from '@nestjs/common';
import { STAFF_ROLES, StaffRole } from '../../data/staff-account';
import { parseTeamNames } from '../teams/team-input';
import { staffError, type StaffErrorCode } from './staff-errors';

/** What POST /admin/staff accepts. */
export interface NewStaff {
  login: string;
  name: string;
  role: StaffRole;
  email: string | null;
  mobile: string | null;
  receivesLeads: boolean;
  password: string;
}

/** What PATCH /admin/staff/:login accepts. */
export interface StaffChange {
  name?: string;
  role?: StaffRole;
  email?: string | null;
  mobile?: string | null;
  active?: boolean;
  receivesLeads?: boolean;
  onDuty?: boolean;
  password?: string;
  successor?: string | null;
  /** The teams the person is in, all of them (admins only). */
  teams?: string[];
}

const LOGIN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
// No spaces, control characters or list separators anywhere.
const EMAIL = /^[^\s\u0000-\u001f\u007f@<>",;]+@[^\s\u0000-\u001f\u007f@<>",;]+\.[^\s\u0000-\u001f\u007f@<>",;]+$/;
const MOBILE = /^\+?[0-9 ()-]{5,24}$/;
export const PASSWORD_MIN = 10;
export const PASSWORD_MAX = 200;

const invalid = (code: StaffErrorCode, message: string, params?: Record<string, string | number>) =>
  staffError(HttpStatus.BAD_REQUEST, code, message, params);

function object(body: unknown): Record<string, unknown> {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw invalid('not-json', 'send a JSON object');
  return body as Record<string, unknown>;
}

function text(v: unknown, field: 'name', max: number): string {
  // Control characters are refused on purpose.
  if (typeof v !== 'string' || !v.trim() || v.length > max || /[\u0000-\u001f\u007f]/.test(v)) {
    throw invalid(field, `${field} must be text of 1 to ${max} characters`);
  }
  return v.trim();
}

function optional(v: unknown, field: 'email' | 'mobile', pattern: RegExp): string | null {
  if (v === undefined || v === null || v === '') return null;
  if (typeof v !== 'string' || !pattern.test(v.trim())) throw invalid(field, `${field} is not valid`);
  return v.trim();
}

/** Booleans from JSON, or the "true"/"false" text of an HTML form. */
function flag(v: unknown, field: string): boolean {
  if (v === true || v === 'true' || v === 'on') return true;
  if (v === false || v === 'false') return false;
  throw invalid('flag', `${field} must be true or false`, { field });
}

function role(v: unknown): StaffRole {
  if (typeof v === 'string' && (STAFF_ROLES as readonly string[]).includes(v)) return v as StaffRole;
  throw invalid('role', `role must be one of ${STAFF_ROLES.join(', ')}`);
}

function password(v: unknown): string {
  if (typeof v !== 'string' || v.length < PASSWORD_MIN || v.length > PASSWORD_MAX) {
    throw invalid('password', `password must have ${PASSWORD_MIN} to ${PASSWORD_MAX} characters`, {
      min: PASSWORD_MIN,
      max: PASSWORD_MAX,
    });
  }
  return v;
}

/** A login, in lower case: logins are case-insensitive and stored that way. */
export function parseLogin(v: unknown): string {
  if (typeof v !== 'string' || !LOGIN.test(v)) {
    throw invalid('login', 'login must be 1 to 64 letters, digits, ".", "_" or "-", starting with a letter or digit');
  }
  return v.toLowerCase();
}

export function parseNewStaff(body: unknown): NewStaff {
  const b = object(body);
  return {
    login: parseLogin(b.login),
    name: text(b.name, 'name', 100),
    role: role(b.role ?? 'sales'),
    email: optional(b.email, 'email', EMAIL),
    mobile: optional(b.mobile, 'mobile', MOBILE),
    receivesLeads: b.receivesLeads === undefined ? true : flag(b.receivesLeads, 'receivesLeads'),
    password: password(b.password),
  };
}

/** Empty form fields mean "leave as is" (an HTML form sends every field). */
export function parseStaffChange(body: unknown, fromForm = false): StaffChange {
  const b = Object.fromEntries(Object.entries(object(body)).filter(([, v]) => !(fromForm && v === '')));
  const c: StaffChange = {};
  if ('name' in b) c.name = text(b.name, 'name', 100);
  if ('role' in b) c.role = role(b.role);
  if ('email' in b) c.email = optional(b.email, 'email', EMAIL);
  if ('mobile' in b) c.mobile = optional(b.mobile, 'mobile', MOBILE);
  if ('active' in b) c.active = flag(b.active, 'active');
  if ('receivesLeads' in b) c.receivesLeads = flag(b.receivesLeads, 'receivesLeads');
  if ('onDuty' in b) c.onDuty = flag(b.onDuty, 'onDuty');
  if ('password' in b) c.password = password(b.password);
  if ('successor' in b) c.successor = b.successor === null ? null : parseLogin(b.successor);
  if ('teams' in b) c.teams = parseTeamNames(b.teams, 'teams');
  if (Object.keys(c).length === 0) throw invalid('nothing-to-change', 'nothing to change');
  return c;
}
