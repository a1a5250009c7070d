import { Injectable } from '@nestjs/common';
import { compare, hash } from 'bcryptjs';
import { InjectPinoLogger, PinoLogger } from 'nestjs-pino';
import { createHash, randomBytes } from 'node:crypto';
import { InjectConfig, WorkerConfig } from '@app/config';
import { maskEmail } from '@app/contracts';
import { AuditRepository } from '../../data/audit.repository';
import { hasControlCharacters } from '../query-input';
import type { SignedInStaff, StaffRole } from '../../data/staff-account';
import { StaffRepository } from '../../data/staff.repository';
import { adminEnabled } from './env-accounts';
import { LoginThrottle } from './login-throttle';
import { SessionStore } from './session.store';

export interface Client {
  ip: string;
  userAgent: string | null;
}

/** Too many failures: try again after this many seconds. */
export interface Throttled {
  throttled: number;
}

export type GateAnswer = SignedInStaff | null | Throttled;

export const isThrottled = (a: GateAnswer): a is Throttled => a !== null && 'throttled' in a;

// The one password-check cache: a verified Basic password is remembered
// briefly (a page makes several requests; bcrypt is slow on purpose), keyed
// by a hash that includes the stored hash, so a password change
// invalidates it at once. Never the password itself.
const VERIFIED_TTL_MS = 5 * 60_000;

export function signedIn(login: string, displayName: string, role: StaffRole, session?: string): SignedInStaff {
  return session === undefined ? { login, displayName, role } : { login, displayName, role, session };
}

/**
 * Checks passwords and sessions for the admin surface (the login form and
 * HTTP Basic alike): accounts from Postgres, failures throttled per login
 * and address (LoginThrottle), every login outcome in the audit log, no
 * password ever logged.
 */
@Injectable()
export class StaffGate {
  private readonly verified = new Map<string, number>();
  // Compared against when the login is unknown or inactive, so the answer
  // takes as long as for a real account.
  private readonly dummyHash = hash(randomBytes(18).toString('base64'), 10);

  constructor(
    private readonly staff: StaffRepository,
    private readonly sessions: SessionStore,
    private readonly throttle: LoginThrottle,
    private readonly audit: AuditRepository,
    @InjectConfig() private readonly config: WorkerConfig,
    @InjectPinoLogger(StaffGate.name) private readonly logger: PinoLogger,
  ) {}

  /** No ADMIN_PASSWORD: admin stays closed, whatever Postgres holds. */
  get enabled(): boolean {
    return adminEnabled(this.config);
  }

  /**
   * A login attempt (form or Basic). `via` says which, for the audit log;
   * Basic successes are recorded when the password is checked, not on every
   * request that repeats it.
   */
  async authenticate(typed: string, password: string, client: Client, via: 'form' | 'basic' = 'basic'): Promise<GateAnswer> {
    // No account has a control character in its login (and Postgres text
    // cannot hold NUL): such a login is wrong without asking anyone.
    if (hasControlCharacters(typed)) {
      this.logger.warn({ ip: client.ip, via }, 'login with control characters refused');
      return null;
    }
    // Logins are case-insensitive (a phone capitalises the first letter):
    // failures of `Li` and `li` count as one login's.
    const login = typed.toLowerCase();
    const account = await this.staff.findCredentials(typed);
    const cacheKey = createHash('sha256')
      .update(`${login}\u0000${password}\u0000${account?.passwordHash ?? ''}`)
      .digest('base64url');
    // A password verified moments ago skips bcrypt and the slow-down, not the
    // refusal: an address shut out stays shut out, whatever it sends.
    const verified = account?.active === true && via === 'basic' && (this.verified.get(cacheKey) ?? 0) > Date.now();
    const wait = await this.throttle.admit(login, client.ip, !verified);
    if (wait > 0) {
      await this.audit.record({ actor: null, action: 'login.throttled', subject: login, ip: client.ip, detail: { via } });
      this.logger.warn({ login: safeLogin(login), ip: client.ip, via, retryAfter: wait }, 'login throttled');
      return { throttled: wait };
    }
    if (verified) return signedIn(account.login, account.displayName, account.role);
    const ok = await compare(password, account?.active ? account.passwordHash : await this.dummyHash);
    if (!ok || !account?.active) {
      await this.throttle.recordFailure(login, client.ip);
      await this.audit.record({ actor: null, action: 'login.failed', subject: login, ip: client.ip, detail: { via } });
      this.logger.warn({ login: safeLogin(login), ip: client.ip, via }, 'login failed');
      return null;
    }
    await this.throttle.recordSuccess(login, client.ip);
    this.verified.set(cacheKey, Date.now() + VERIFIED_TTL_MS);
    await this.audit.record({ actor: account.login, action: 'login.ok', subject: account.login, ip: client.ip, detail: { via } });
    return signedIn(account.login, account.displayName, account.role);
  }

  /** The account of a session cookie, or null when it ended, idled out or its account left. */
  async resume(token: string): Promise<SignedInStaff | null> {
    const owner = await this.sessions.resume(token);
    return owner && signedIn(owner.login, owner.displayName, owner.role, owner.tokenHash);
  }
}

/** A login name as logged: someone may type their password into it. */
function safeLogin(login: string): string {
  return (login.includes('@') ? maskEmail(login) : null) ?? login.slice(0, 40);
}
