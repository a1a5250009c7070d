export const STAFF_ROLES = ['admin', 'manager', 'sales'] as const;
export type StaffRole = (typeof STAFF_ROLES)[number];

/** A staff account (the `staff` table), never its password hash. */
export interface StaffAccount {
  /** What tasks, sessions and the audit log hold: lower case, unique. */
  login: string;
  /** What the board and the emails show (the column `name`). */
  displayName: string;
  role: StaffRole;
  email: string | null;
  mobile: string | null;
  active: boolean;
  /** Takes part in assigning new leads and hand-overs (with `onDuty`). */
  receivesLeads: boolean;
  onDuty: boolean;
  createdAt: Date;
  updatedAt: Date;
  deactivatedAt: Date | null;
}

/** Who made a request: the signed-in account, and the hash of the board session it came with, if any. */
export type SignedInStaff = Pick<StaffAccount, 'login' | 'displayName' | 'role'> & { session?: string };

/** What a reminder or a chat mention needs to reach the owner of a task. */
export type StaffContact = Pick<StaffAccount, 'login' | 'displayName' | 'email' | 'mobile' | 'active'>;
