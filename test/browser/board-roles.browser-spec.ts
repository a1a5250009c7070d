/// <reference lib="dom" />
/**
 * Pages show only what the role may do: a salesperson sees no 删除个人信息
 * (the admin's, refused to them after the PIPL dialog before), no buttons
 * on a colleague's task and no export, staff or audit links; the admin
 * sees them all.
 */
import { useBoardRig } from '../support/board-rig';
import { ADMIN_PASSWORD, ADMIN_USER } from '../support/stack';

jest.setTimeout(120_000);

const SALES = { name: 'he.yun', display: '何云', password: 'He-Yun-Sales-2026' };
const NEXT = { name: 'xu.an', display: '徐安', password: 'Xu-An-Sales-2026' };
const ADMIN = { name: ADMIN_USER, password: ADMIN_PASSWORD };

const rig = useBoardRig([SALES, NEXT]);
const { signedIn, leadOf } = rig;

describe('actions by role', () => {
  it('a salesperson sees no erasure and no buttons on a colleague’s task; the admin sees both', async () => {
    const mine = await leadOf(SALES.name);
    const theirs = await leadOf(NEXT.name);
    const sales = await signedIn(SALES);
    await sales.goto(`${rig.stack.adminUrl}/admin/board/leads/${mine.id}`);
    expect(await sales.getByRole('button', { name: '删除个人信息' }).count()).toBe(0);
    expect(await sales.locator('.danger-zone').count()).toBe(0);
    expect(await sales.locator('.task-card').getByRole('button', { name: '开始跟进' }).count()).toBe(1);
    expect(await sales.getByRole('button', { name: '重发提醒' }).count()).toBe(1);

    await sales.goto(`${rig.stack.adminUrl}/admin/board/leads/${theirs.id}`);
    expect(await sales.locator('.task-card [data-action]').count()).toBe(0);
    expect(await sales.locator('#nav-export, #nav-staff, #nav-audit').count()).toBe(0);
    expect(sales.problems).toEqual([]);

    const admin = await signedIn(ADMIN);
    await admin.goto(`${rig.stack.adminUrl}/admin/board/leads/${theirs.id}`);
    expect(await admin.getByRole('button', { name: '删除个人信息' }).count()).toBe(1);
    expect(await admin.locator('.task-card').getByRole('button', { name: '认领' }).count()).toBe(1);
    expect(await admin.locator('#nav-export, #nav-staff, #nav-audit').count()).toBe(3);
  });
});
