import { auditActionText, auditDetailText } from './audit-view';

const names: Record<string, string> = { 'li.na': '李娜', wang: '王伟' };
const nameOf = (login: string) => names[login] ?? login;

describe('auditActionText', () => {
  it.each([
    ['staff.deactivated', '停用并交接', 'Deactivated and handed over'],
    ['staff.role-changed', '修改角色', 'Changed a role'],
    ['login.failed', '登录失败', 'Sign-in failed'],
    ['leads.exported', '导出线索', 'Exported leads'],
    ['task.reassigned', '改派任务', 'Reassigned a task'],
  ])('names %s in words', (action, zh, en) => {
    expect(auditActionText(action, 'zh')).toBe(zh);
    expect(auditActionText(action, 'en')).toBe(en);
  });

  it('keeps an action it does not know as recorded', () => {
    expect(auditActionText('something.new', 'zh')).toBe('something.new');
  });
});

describe('auditDetailText', () => {
  it.each([
    [{ action: 'staff.created', detail: { role: 'sales' } }, '角色:销售'],
    [{ action: 'staff.role-changed', detail: { from: 'sales', to: 'manager' } }, '销售 → 经理'],
    [{ action: 'staff.changed', detail: { fields: ['onDuty', 'email'] } }, '修改了:值班状态、邮箱'],
    [{ action: 'staff.deactivated', detail: { successor: 'li.na', tasks: 3 } }, '3 条任务交给 李娜'],
    [{ action: 'staff.deactivated', detail: { successor: null, tasks: 2 } }, '2 条任务轮流分配给值班同事'],
    [{ action: 'task.reassigned', detail: { from: 'wang', to: null, role: 'manager' } }, '王伟 → (未分配)'],
    [{ action: 'leads.exported', detail: { from: null, to: null } }, '全部线索'],
    [{ action: 'leads.exported', detail: { from: '2026-01-01', to: null } }, '范围:2026-01-01 至 不限'],
    [{ action: 'lead.erased', detail: { reason: 'request' } }, '原因:本人要求'],
    [{ action: 'lead.erased', detail: { reason: 'older than 365 days' } }, '原因:超过保存期限'],
    [{ action: 'login.failed', detail: { via: 'form' } }, '通过登录页'],
    [{ action: 'logout', detail: {} }, ''],
  ])('says %j as a sentence', (entry, expected) => {
    expect(auditDetailText(entry, 'zh', nameOf)).toBe(expected);
  });

  it('speaks English too', () => {
    expect(auditDetailText({ action: 'staff.changed', detail: { fields: ['name', 'mobile'] } }, 'en', nameOf)).toBe(
      'Changed: name, mobile',
    );
  });

  it('lists an unknown detail as key: value, never as JSON of the whole object', () => {
    expect(auditDetailText({ action: 'x.y', detail: { a: 1, b: 'c' } }, 'zh', nameOf)).toBe('a: 1; b: c');
  });
});
