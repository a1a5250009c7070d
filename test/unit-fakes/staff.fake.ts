import type { StaffAccount, StaffContact } from '../../apps/worker/src/data/staff-account';
import {
  NobodyToHandOverTo,
  type HandedOverTask,
  type StaffDraft,
  type StaffPatch,
  type StaffRepository,
} from '../../apps/worker/src/data/staff.repository';

export interface FakeTask {
  taskId: string;
  leadId: string;
  assignee: string | null;
}

/** A staff member with defaults: active, on duty, receiving leads. */
export function aMember(login: string, overrides: Partial<StaffAccount> = {}): StaffAccount {
  return {
    login,
    displayName: login,
    role: 'sales',
    email: `${login}@example.com`,
    mobile: null,
    active: true,
    receivesLeads: true,
    onDuty: true,
    createdAt: new Date('2026-01-01T00:00:00Z'),
    updatedAt: new Date('2026-01-01T00:00:00Z'),
    deactivatedAt: null,
    ...overrides,
  };
}

/**
 * The `staff` table (and the open tasks a deactivation hands over) in
 * memory. `deactivate` gives each open task of the leaver to the successor
 * or, without one, to the active, on-duty colleagues who receive leads in
 * turn (alphabetical), and throws NobodyToHandOverTo when there is none:
 * the SQL's rule in its simplest form; the SQL itself is tested end to end.
 */
export class InMemoryStaff {
  readonly members = new Map<string, StaffAccount>();
  readonly hashes = new Map<string, string>();
  readonly tasks: FakeTask[] = [];
  readonly owners = new Map<string, string>();
  adopted = 0;

  constructor(...members: StaffAccount[]) {
    for (const m of members) this.members.set(m.login, m);
  }

  async list(): Promise<StaffAccount[]> {
    return [...this.members.values()].sort((a, b) => Number(b.active) - Number(a.active) || a.login.localeCompare(b.login));
  }

  async find(login: string): Promise<StaffAccount | null> {
    const m = this.members.get(login);
    return m ? { ...m } : null;
  }

  /** As the SQL: the login as typed, else its lower case. */
  async findCredentials(login: string): Promise<(StaffAccount & { passwordHash: string }) | null> {
    const m = this.members.get(login) ?? this.members.get(login.toLowerCase());
    const passwordHash = m && this.hashes.get(m.login);
    return m && passwordHash ? { ...m, passwordHash } : null;
  }

  async contacts(logins: readonly string[]): Promise<Map<string, StaffContact>> {
    const found = new Map<string, StaffContact>();
    for (const login of logins) {
      const m = this.members.get(login);
      if (m) found.set(login, { login, displayName: m.displayName, email: m.email, mobile: m.mobile, active: m.active });
    }
    return found;
  }

  async managerMobiles(): Promise<string[]> {
    return [...this.members.values()]
      .filter((m) => m.role === 'manager' && m.active && m.mobile)
      .sort((a, b) => a.login.localeCompare(b.login))
      .map((m) => m.mobile!);
  }

  async contact(login: string | null | undefined): Promise<StaffContact | null> {
    return login ? ((await this.contacts([login])).get(login) ?? null) : null;
  }

  /** The owner of a lead's task (`owners`, set by a spec). */
  async ownerOfLead(leadId: string): Promise<{ login: string | null; name: string | null } | null> {
    const login = this.owners.get(leadId);
    return login ? { login, name: this.members.get(login)?.displayName ?? login } : null;
  }

  async create(d: StaffDraft): Promise<StaffAccount | null> {
    if (this.members.has(d.login)) return null;
    const { passwordHash, ...rest } = d;
    const member = aMember(d.login, rest);
    this.members.set(d.login, member);
    this.hashes.set(d.login, passwordHash);
    return { ...member };
  }

  async update(login: string, patch: StaffPatch): Promise<StaffAccount | null> {
    const m = this.members.get(login);
    if (!m) return null;
    const { passwordHash, ...fields } = patch;
    if (passwordHash) this.hashes.set(login, passwordHash);
    Object.assign(m, fields);
    return { ...m };
  }

  async adoptAssigneeTexts(): Promise<number> {
    this.adopted++;
    return 0;
  }

  async deactivate(login: string, successor: string | null, _actor: string, patch: StaffPatch = {}): Promise<HandedOverTask[]> {
    const theirs = this.tasks.filter((t) => t.assignee === login);
    const heirs = successor
      ? [successor]
      : [...this.members.values()]
          .filter((m) => m.login !== login && m.active && m.onDuty && m.receivesLeads)
          .map((m) => m.login)
          .sort();
    if (theirs.length > 0 && heirs.length === 0) throw new NobodyToHandOverTo(login, theirs.length);
    const handed = theirs.map((t, i) => {
      t.assignee = heirs[i % heirs.length];
      return { taskId: t.taskId, leadId: t.leadId, to: t.assignee! };
    });
    await this.update(login, { ...patch, active: false });
    return handed;
  }

  /** Typed as the repository for constructors (only the methods above exist). */
  asRepository(): StaffRepository {
    return this as unknown as StaffRepository;
  }
}
