'use strict';
/**
 * The demo's staff accounts: two managers, nine salespeople and three who
 * left 18 months ago (inactive, owners of older leads only). Every account
 * gets the same password, given on the command line.
 */

const MANAGERS = [
  ['zhou.min', '周敏'],
  ['he.jun', '何军'],
];
const SALES = [
  ['wang.fang', '王芳'],
  ['li.na', '李娜'],
  ['zhang.wei', '张伟'],
  ['liu.yang', '刘洋'],
  ['chen.jing', '陈静'],
  ['yang.lei', '杨磊'],
  ['zhao.qiang', '赵强'],
  ['huang.li', '黄丽'],
  ['wu.tao', '吴涛'],
];
const DEPARTED = [
  ['sun.hao', '孙浩'],
  ['ma.chao', '马超'],
  ['zhu.ling', '朱玲'],
];
/** Leads older than this went to the older team (the departed and the first six current salespeople). */
const TEAM_CHANGE_DAYS_AGO = 548;

function staffRows(passwordHash) {
  const row = ([login, name], role, i, active) => ({
    login,
    name,
    role,
    email: `${login}@youpower.com.cn`,
    mobile: `+86139${String(10000000 + i * 7919).slice(0, 8)}`,
    active,
    receivesLeads: role === 'sales',
    passwordHash,
  });
  return [
    ...MANAGERS.map((s, i) => row(s, 'manager', i, true)),
    ...SALES.map((s, i) => row(s, 'sales', 10 + i, true)),
    ...DEPARTED.map((s, i) => row(s, 'sales', 30 + i, false)),
  ];
}

const logins = (list) => list.map(([login]) => login);

module.exports = {
  staffRows,
  TEAM_CHANGE_DAYS_AGO,
  /** Who owned a lead before and after the team changed. */
  OLD_TEAM: [...logins(DEPARTED), ...logins(SALES).slice(0, 6)],
  NEW_TEAM: logins(SALES),
  MANAGER_LOGINS: logins(MANAGERS),
};
