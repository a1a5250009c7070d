import { ForbiddenException, UnauthorizedException } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import type { LeadReader } from '../data/lead.repository';
import type { SignedInStaff, StaffRole } from '../data/staff-account';

/** The account the auth hook attached (it lets no unauthenticated request through to /admin routes). */
export function accountOf(req: FastifyRequest): SignedInStaff {
  if (!req.staff) throw new UnauthorizedException();
  return req.staff;
}

/** Sales see and act on their own and unassigned tasks; managers and admins on all. */
export const seesAllTasks = (account: SignedInStaff): boolean => account.role !== 'sales';

/**
 * Whose leads the account may read: a salesperson reads their own and
 * unassigned leads (anything else answers 404, so its existence is not
 * given away), managers and admins read all (undefined).
 */
export const readerOf = (account: SignedInStaff): LeadReader => (seesAllTasks(account) ? undefined : account.login);

/** Refuses (403) unless the account has one of `roles`. */
export function requireRole(req: FastifyRequest, ...roles: StaffRole[]): SignedInStaff {
  const account = accountOf(req);
  if (!roles.includes(account.role)) throw new ForbiddenException(`this needs the role ${roles.join(' or ')}`);
  return account;
}

/** Where a request came from, for the audit log and the login throttle. */
export function clientOf(req: FastifyRequest): { ip: string; userAgent: string | null } {
  return { ip: req.ip ?? 'unknown', userAgent: req.headers['user-agent']?.slice(0, 300) ?? null };
}
