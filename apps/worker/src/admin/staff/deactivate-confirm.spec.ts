import type { StaffWithWorkload } from './staff.controller';
import { deactivateConfirm } from './deactivate-confirm';

function person(login: string, name: string, extra: Partial<StaffWithWorkload> = {}): StaffWithWorkload {
  const at = new Date('2026-01-01T00:00:00Z');
  return {
    login,
    name,
    role: 'sales',
    email: null,
    mobile: null,
    active: true,
    receivesLeads: true,
    onDuty: true,
    createdAt: at,
    updatedAt: at,
    deactivatedAt: null,
    open: 0,
    inProgress: 0,
    overdue: 0,
    ...extra,
  };
}

const leaver = person('lu.ping', '陆平', { open: 2, inProgress: 1 });
const next = person('xu.an', '徐安');
const off = person('he.yun', '何云', { onDuty: false });

describe('deactivateConfirm', () => {
  it('names the person, what happens to their tasks with the successor, and the way back', () => {
    const c = deactivateConfirm([leaver, next, off], 'lu.ping', 'xu.an', 'zh')!;
    expect(c.title).toBe('停用 陆平 (lu.ping) 并交接?');
    expect(c.lines).toEqual([
      '陆平 将无法再登录,已登录的会话会立即结束。',
      '新线索不再分配给 陆平。',
      '3 条未完成的任务(待跟进和跟进中)将交给 徐安 (xu.an),并发邮件告诉对方。',
      '之后可以重新启用此账号,但已交接的任务不会自动退回。',
    ]);
    expect(c).toMatchObject({ successor: 'xu.an', possible: true });
  });

  it('without a successor, names who shares the tasks in turn (on duty, receiving leads)', () => {
    const c = deactivateConfirm([leaver, next, off], 'lu.ping', null, 'en')!;
    expect(c.lines[2]).toBe('3 open task(s) are shared in turn among those on duty: 徐安.');
    expect(c.successor).toBe('');
  });

  it('says when nobody could take the tasks, and offers no confirmation', () => {
    const c = deactivateConfirm([leaver, off], 'lu.ping', null, 'zh')!;
    expect(c.possible).toBe(false);
    expect(c.lines[2]).toContain('没有人能接手');
    expect(deactivateConfirm([person('a', 'A'), off], 'a', null, 'zh')!.possible).toBe(true);
  });

  it('ignores a successor that is not an active colleague, and an unknown or inactive leaver', () => {
    expect(deactivateConfirm([leaver, next, { ...off, active: false }], 'lu.ping', 'he.yun', 'zh')!.successor).toBe('');
    expect(deactivateConfirm([leaver], 'nobody', null, 'zh')).toBeNull();
    expect(deactivateConfirm([{ ...leaver, active: false }], 'lu.ping', null, 'zh')).toBeNull();
  });
});
