import { compareSync } from 'bcryptjs';
import { createHash, timingSafeEqual } from 'node:crypto';

/** Who made an admin request: `name` is the login, `role` says whether they administer. */
export interface StaffAccount {
  name: string;
  role: 'admin' | 'staff';
  /** The account's role in Postgres (`admin` / `manager` / `sales`); absent for env-only checks. */
  accountRole?: 'admin' | 'manager' | 'sales';
  displayName?: string;
  /** The hash of the board session the request came with, if any. */
  session?: string;
}

/** An account as ADMIN_USER/ADMIN_PASSWORD or STAFF_USERS define it, for seeding Postgres at boot. */
export interface EnvAccount {
  login: string;
  role: 'admin' | 'sales';
  /** A password, or a bcrypt hash of one (`hashed`). */
  secret: string;
  hashed: boolean;
  email: string | null;
}

interface Entry extends StaffAccount {
  secret: string;
  hashed: boolean;
  email: string | null;
}

export interface StaffSettings {
  ADMIN_USER: string;
  ADMIN_PASSWORD?: string;
  STAFF_USERS?: string;
  STAFF_EMAILS?: string;
}

const BCRYPT = /^\$2[aby]\$\d{2}\$/;
const VERIFIED_TTL_MS = 5 * 60_000;

function safeEqual(a: string, b: string): boolean {
  const x = createHash('sha256').update(a).digest();
  const y = createHash('sha256').update(b).digest();
  return timingSafeEqual(x, y);
}

/** `a:1,b:2` into pairs; the value may itself contain colons (bcrypt hashes do not, emails do not). */
function pairs(spec: string): [string, string][] {
  return spec
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean)
    .map((p) => {
      const i = p.indexOf(':');
      return i < 0 ? [p, ''] : [p.slice(0, i).trim(), p.slice(i + 1).trim()];
    });
}

/**
 * Who may use the admin surface: the admin account plus the sales staff.
 * Nobody can log in while no admin password is configured, so a forgotten
 * setting closes the door rather than opening it.
 */
export class StaffDirectory {
  private readonly entries = new Map<string, Entry>();
  // bcrypt is deliberately slow; a page load makes several requests, so a
  // successful check is remembered briefly (keyed by a hash, never the password).
  private readonly verified = new Map<string, { account: StaffAccount; until: number }>();

  constructor(settings: StaffSettings) {
    if (!settings.ADMIN_PASSWORD) return;
    const emails = new Map(pairs(settings.STAFF_EMAILS ?? ''));
    for (const [name, secret] of pairs(settings.STAFF_USERS ?? '')) {
      if (!name || !secret || name === settings.ADMIN_USER) continue;
      this.entries.set(name, { name, role: 'staff', secret, hashed: BCRYPT.test(secret), email: emails.get(name) || null });
    }
    const admin = settings.ADMIN_USER;
    this.entries.set(admin, {
      name: admin,
      role: 'admin',
      secret: settings.ADMIN_PASSWORD,
      hashed: BCRYPT.test(settings.ADMIN_PASSWORD),
      email: emails.get(admin) || null,
    });
  }

  get enabled(): boolean {
    return this.entries.size > 0;
  }

  authenticate(name: string, password: string): StaffAccount | null {
    const now = Date.now();
    const cacheKey = createHash('sha256').update(`${name}\u0000${password}`).digest('base64');
    const hit = this.verified.get(cacheKey);
    if (hit && hit.until > now) return hit.account;
    const entry = this.entries.get(name);
    if (!entry) return null;
    const ok = entry.hashed ? compareSync(password, entry.secret) : safeEqual(password, entry.secret);
    if (!ok) return null;
    const account = { name: entry.name, role: entry.role };
    this.verified.set(cacheKey, { account, until: now + VERIFIED_TTL_MS });
    return account;
  }

  /** True when STAFF_USERS names anyone besides the admin. */
  get hasStaff(): boolean {
    return [...this.entries.values()].some((e) => e.role === 'staff');
  }

  has(name: string): boolean {
    return this.entries.has(name);
  }

  emailOf(name: string | null | undefined): string | null {
    return (name && this.entries.get(name)?.email) || null;
  }

  list(): { name: string; role: StaffAccount['role']; email: string | null }[] {
    return [...this.entries.values()].map(({ name, role, email }) => ({ name, role, email }));
  }

  /** The configured accounts with their secrets, admin first: what the worker seeds into Postgres. */
  envAccounts(): EnvAccount[] {
    return [...this.entries.values()]
      .map(({ name, role, secret, hashed, email }) => ({
        login: name,
        role: role === 'admin' ? ('admin' as const) : ('sales' as const),
        secret,
        hashed,
        email,
      }))
      .sort((a, b) => Number(b.role === 'admin') - Number(a.role === 'admin'));
  }
}

/** Parses an `Authorization: Basic` header into user and password. */
export function parseBasicAuth(header: string | undefined): { user: string; password: string } | null {
  if (!header || !/^basic /i.test(header)) return null;
  const decoded = Buffer.from(header.slice(6).trim(), 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return null;
  return { user: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}
