import type { StaffAccount } from '../../data/staff-account';

/**
 * A staff account as the API shows it (GET, POST and PATCH /admin/staff, the
 * staff page): `name` is the display name there, as it has always been.
 */
export interface StaffJson {
  login: string;
  name: string;
  role: StaffAccount['role'];
  email: string | null;
  mobile: string | null;
  active: boolean;
  receivesLeads: boolean;
  onDuty: boolean;
  createdAt: Date;
  updatedAt: Date;
  deactivatedAt: Date | null;
  /** The teams the person is in, where the answer lists them (POST and PATCH). */
  teams?: string[];
}

export function staffJson(a: StaffAccount & { teams?: string[] }): StaffJson {
  return {
    login: a.login,
    name: a.displayName,
    role: a.role,
    email: a.email,
    mobile: a.mobile,
    active: a.active,
    receivesLeads: a.receivesLeads,
    onDuty: a.onDuty,
    createdAt: a.createdAt,
    updatedAt: a.updatedAt,
    deactivatedAt: a.deactivatedAt,
    ...(a.teams ? { teams: a.teams } : {}),
  };
}
