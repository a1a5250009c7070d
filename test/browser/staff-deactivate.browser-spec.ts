/// <reference lib="dom" />
/**
 * 停用并交接 asks first, naming the consequences and the successor, before
 * it acts (a post without the confirmation only asks again); an admin can
 * reactivate the account afterwards.
 */
import { useBoardRig } from '../support/board-rig';
import { ADMIN_PASSWORD, ADMIN_USER } from '../support/stack';

jest.setTimeout(120_000);

const LEAVER = { name: 'lu.ping', display: '陆平', password: 'Lu-Ping-Sales-2026' };
const NEXT = { name: 'xu.an', display: '徐安', password: 'Xu-An-Sales-2026' };
const ADMIN = { name: ADMIN_USER, password: ADMIN_PASSWORD };
const SCREENS = process.env.SCREENSHOT_DIR ?? '/tmp/screens';

const rig = useBoardRig([LEAVER, NEXT]);
const { signedIn, leadOf } = rig;

describe('停用并交接', () => {
  it('asks first, naming the consequences and the successor; cancel changes nothing; confirmed it hands over; reactivation undoes the account', async () => {
    const tasks = [await leadOf(LEAVER.name), await leadOf(LEAVER.name)];
    const active = async () =>
      (await rig.stack.db.query('SELECT active FROM staff WHERE login = $1', [LEAVER.name])).rows[0].active;
    const page = await signedIn(ADMIN);
    await page.goto(`${rig.stack.adminUrl}/admin/board/staff`);
    const row = page.locator(`#staff tr[data-login="${LEAVER.name}"]`);
    await row.locator('select[name=successor]').selectOption(NEXT.name);
    await Promise.all([page.waitForURL(/confirm=/), row.getByRole('button', { name: '停用并交接' }).click()]);

    const dialog = page.getByRole('alertdialog');
    await dialog.waitFor();
    expect(await dialog.locator('h2').textContent()).toBe(`停用 ${LEAVER.display} (${LEAVER.name}) 并交接?`);
    const said = (await dialog.textContent())!;
    expect(said).toContain(`2 条未完成的任务(待跟进和跟进中)将交给 ${NEXT.display} (${NEXT.name})`);
    expect(said).toContain('将无法再登录');
    expect(said).toContain('可以重新启用');
    await page.screenshot({ path: `${SCREENS}/staff-deactivate-confirm.png` });
    // Asking changed nothing.
    expect(await active()).toBe(true);

    await Promise.all([
      page.waitForURL((u) => !u.search.includes('confirm=')),
      dialog.getByRole('link', { name: '取消' }).click(),
    ]);
    expect(await page.getByRole('alertdialog').count()).toBe(0);
    expect(await active()).toBe(true);

    // A post without the confirmation (an old page, a double click) only asks again.
    const unconfirmed = await page.request.post(`${rig.stack.adminUrl}/admin/board/staff/${LEAVER.name}`, {
      form: { active: 'false', successor: NEXT.name },
      maxRedirects: 0,
    });
    expect(unconfirmed.status()).toBe(303);
    expect(unconfirmed.headers().location).toContain(`confirm=${LEAVER.name}`);
    expect(await active()).toBe(true);

    await row.locator('select[name=successor]').selectOption(NEXT.name);
    await Promise.all([page.waitForURL(/confirm=/), row.getByRole('button', { name: '停用并交接' }).click()]);
    await Promise.all([
      page.waitForURL(/done=handover/),
      page.getByRole('alertdialog').getByRole('button', { name: '确认停用并交接' }).click(),
    ]);
    expect(await page.locator('.notice').textContent()).toBe('已停用;2 条任务已交接。');
    expect(await active()).toBe(false);
    const { rows } = await rig.stack.db.query('SELECT assignee FROM follow_up_tasks WHERE id = ANY($1::uuid[])', [
      tasks.map((t) => t.taskId),
    ]);
    expect(rows.map((r) => r.assignee)).toEqual([NEXT.name, NEXT.name]);

    await Promise.all([page.waitForURL(/done=reactivated/), row.getByRole('button', { name: '重新启用' }).click()]);
    expect(await page.locator('.notice').textContent()).toBe('账号已重新启用,可以再次登录。');
    expect(await active()).toBe(true);
    await page.goto(`${rig.stack.adminUrl}/admin/board/audit`);
    expect(await page.locator('#audit tr[data-action="staff.reactivated"]').first().textContent()).toContain('重新启用');
    expect(page.problems).toEqual([]);
  });
});
