/** An account as ADMIN_USER/ADMIN_PASSWORD or STAFF_USERS define it, for seeding Postgres at boot. */
export interface EnvAccount {
  login: string;
  role: 'admin' | 'sales';
  /** A password, or a bcrypt hash of one (`hashed`). */
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
 * Nobody can sign in while no admin password is configured, so a forgotten
 * setting closes the door rather than opening it (whatever Postgres holds).
 */
export const adminEnabled = (settings: Pick<StaffSettings, 'ADMIN_PASSWORD'>): boolean => Boolean(settings.ADMIN_PASSWORD);

/**
 * The accounts the environment defines, admin first: what the worker seeds
 * into Postgres at boot (passwords are checked against Postgres only). None
 * without ADMIN_PASSWORD.
 */
export function envAccounts(settings: StaffSettings): EnvAccount[] {
  if (!settings.ADMIN_PASSWORD) return [];
  const emails = new Map(pairs(settings.STAFF_EMAILS ?? ''));
  const admin = settings.ADMIN_USER;
  const accounts: EnvAccount[] = [
    {
      login: admin,
      role: 'admin',
      secret: settings.ADMIN_PASSWORD,
      hashed: BCRYPT.test(settings.ADMIN_PASSWORD),
      email: emails.get(admin) || null,
    },
  ];
  // A login named twice takes its last password (and its first place).
  const staff = new Map<string, string>();
  for (const [login, secret] of pairs(settings.STAFF_USERS ?? '')) {
    if (login && secret && login !== admin) staff.set(login, secret);
  }
  for (const [login, secret] of staff) {
    accounts.push({ login, role: 'sales', secret, hashed: BCRYPT.test(secret), email: emails.get(login) || null });
  }
  return accounts;
}
