import { mayActOnTask, mayUse } from './role-rules';

describe('role rules', () => {
  it('erasing personal data is the admin’s alone; anyone may resend', () => {
    expect(mayUse('admin', 'erase')).toBe(true);
    expect(mayUse('manager', 'erase')).toBe(false);
    expect(mayUse('sales', 'erase')).toBe(false);
    for (const role of ['admin', 'manager', 'sales'] as const) expect(mayUse(role, 'resend')).toBe(true);
  });

  it('sales neither export nor open the staff, audit or queue pages', () => {
    for (const action of ['export', 'staff', 'audit', 'queues'] as const) expect(mayUse('sales', action)).toBe(false);
    expect(mayUse('manager', 'export')).toBe(true);
    expect(mayUse('manager', 'audit')).toBe(false);
  });

  it('sales act on their own and unassigned tasks only', () => {
    expect(mayActOnTask('sales', 'li.na', 'li.na')).toBe(true);
    expect(mayActOnTask('sales', 'li.na', null)).toBe(true);
    expect(mayActOnTask('sales', 'li.na', 'wang')).toBe(false);
    expect(mayActOnTask('manager', 'zhou', 'wang')).toBe(true);
  });
});
