export const STAFF_ROLES = ['admin', 'manager', 'sales'] as const;
export type StaffRole = (typeof STAFF_ROLES)[number];
