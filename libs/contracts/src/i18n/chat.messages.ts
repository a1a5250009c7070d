/**
 * Texts of the robot messages (DingTalk, WeCom, Feishu). Keys start with
 * `chat.`. The groups read Chinese, so the worker sends the zh set; a few
 * lines say their count in English too, as they always have. `{label}` (a
 * `lead.field.*` word) and `{value}` of `chat.field` are filled with the
 * platform's own markup.
 */
export const chatZh = {
  'chat.field': '{label}：{value}',
  'chat.field.form': '表单',
  'chat.time.beijing': '{time} (北京时间)',
  'chat.action.claim': '查看并认领',
  'chat.action.board': '打开看板',
  'chat.action.all': '查看全部',
  'chat.owner.unassigned': '未分配，请经理分配',
  'chat.heading.newLead': '新线索，请尽快联系',
  'chat.heading.reminder': '线索跟进提醒：任务已到期',
  'chat.heading.escalation': '线索升级：到期仍未跟进',
  'chat.heading.update': '线索任务更新',
  'chat.heading.rerouted': '线索已转派：请新负责人尽快联系',
  'chat.heading.rerouteLimit': '线索无人响应：请经理安排跟进',
  'chat.test.heading': '测试消息 · 线索提醒通道已连接',
  'chat.test.body': '(test message) {time}',
  'chat.digest.heading': '新线索汇总：{count} 条',
  'chat.digest.intro': '短时间内线索较多，合并为一条消息（{count} new leads in one digest）',
  'chat.digest.more': '以及另外 {count} 条 (and {count} more) {link}',
  'chat.keyword': '【{keyword}】{title}',
};

export const chatEn: Record<keyof typeof chatZh, string> = {
  'chat.field': '{label}: {value}',
  'chat.field.form': 'Form',
  'chat.time.beijing': '{time} (Beijing time)',
  'chat.action.claim': 'View and claim',
  'chat.action.board': 'Open the board',
  'chat.action.all': 'See all',
  'chat.owner.unassigned': 'Unassigned: a manager has to assign it',
  'chat.heading.newLead': 'New lead: please get in touch soon',
  'chat.heading.reminder': 'Follow-up reminder: the task is due',
  'chat.heading.escalation': 'Escalation: still not followed up after its due time',
  'chat.heading.update': 'Lead task updated',
  'chat.heading.rerouted': 'Lead re-routed: its new owner, please get in touch soon',
  'chat.heading.rerouteLimit': 'Lead unanswered: managers, please see that someone calls',
  'chat.test.heading': 'Test message · lead alerts are connected',
  'chat.test.body': '(test message) {time}',
  'chat.digest.heading': 'New leads: {count}',
  'chat.digest.intro': 'Many leads in a short time, sent as one message ({count} new leads in one digest)',
  'chat.digest.more': 'and {count} more {link}',
  'chat.keyword': '[{keyword}] {title}',
};
