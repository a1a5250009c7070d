/**
 * Texts of alert, digest, reminder and visitor emails. Keys start with `email.`.
 *
 * Sales read the Chinese texts today; their labels already carry the English
 * word, so a mailbox shared with colleagues abroad stays readable. The English
 * set is the same content for an English-only reader.
 */
export const emailZh = {
  'email.alert.subject': '[新需求] {who}',
  'email.alert.subjectResend': '[重发 新需求] {who}',
  'email.alert.heading': '新的客户需求,请尽快联系',
  'email.alert.intro': '新的客户需求,请尽快联系 (New lead: please contact right away)',
  'email.digest.subject': '[新需求汇总] {count} 条新需求 ({name} 等)',
  'email.digest.intro': '短时间内收到大量需求,合并为一封邮件:共 {count} 条 (Alert flood: {count} leads in one digest)',
  'email.reminder.subject': '[跟进提醒] {who}',
  'email.reminder.heading': '需求已超过跟进时限 {late} 分钟,请尽快联系 (Follow-up overdue by {late} min)',
  'email.escalation.subject': '[跟进升级] {who}',
  'email.escalation.heading': '需求超时 {late} 分钟仍无人跟进,已升级 (Escalated: untouched {late} min past due)',
  'email.field.assignee': '负责人 Assignee',
  'email.field.name': '姓名 Name',
  'email.field.company': '公司 Company',
  'email.field.phone': '电话 Phone',
  'email.field.email': '邮箱 Email',
  'email.field.requirement': '需求描述 Requirement',
  'email.field.phoneRaw': '电话(原样) Phone as typed',
  'email.field.consent': '隐私同意 Consent',
  'email.field.extra': '附加 {key}',
  'email.field.page': '来源页面 Page',
  'email.field.ip': 'IP',
  'email.field.userAgent': '浏览器 User agent',
  'email.field.receivedAt': '提交时间 Received',
  'email.field.leadId': '编号 Lead id',
  'email.value.unassigned': '未分配 unassigned',
  'email.value.owner': '{name} ({login})',
  'email.value.nobodyOnDuty': '未分配:当前没有值班的销售,请经理分配 (Unassigned: nobody is on duty, a manager must assign it)',
  'email.value.consentYes': '是 yes ({version})',
  'email.value.consentNo': '否 no',
  'email.value.missing': '-',
  'email.value.receivedAt': '{local} (北京时间) / {iso}',
  'email.contact.due': '请在 {time} 前联系 (Please contact before {time})',
  'email.contact.wasDue': '原定 {time} 前联系,已超时 (Was due before {time})',
  'email.contact.page': '线索页面 Lead page',
  'email.contact.open': '打开线索页面 Open the lead',
  'email.autoresponse.subject': '已收到您的需求 / We have received your request',
  'email.autoresponse.text':
    '您好,\n\n我们已收到您提交的需求,销售同事会尽快与您联系。\n' +
    '如非本人操作,请忽略本邮件。\n\n' +
    'Hello,\n\nWe have received your request and our sales team will contact you shortly.\n' +
    'If you did not submit it, please ignore this email.\n',
} as const;

export const emailEn: Record<keyof typeof emailZh, string> = {
  'email.alert.subject': '[New lead] {who}',
  'email.alert.subjectResend': '[Resent: new lead] {who}',
  'email.alert.heading': 'New lead: please contact right away',
  'email.alert.intro': 'New lead: please contact right away',
  'email.digest.subject': '[Lead digest] {count} new leads ({name} and others)',
  'email.digest.intro': 'Alert flood: {count} leads in one digest',
  'email.reminder.subject': '[Follow-up reminder] {who}',
  'email.reminder.heading': 'Follow-up overdue by {late} min: please contact right away',
  'email.escalation.subject': '[Follow-up escalated] {who}',
  'email.escalation.heading': 'Escalated: untouched {late} min past due',
  'email.field.assignee': 'Assignee',
  'email.field.name': 'Name',
  'email.field.company': 'Company',
  'email.field.phone': 'Phone',
  'email.field.email': 'Email',
  'email.field.requirement': 'Requirement',
  'email.field.phoneRaw': 'Phone as typed',
  'email.field.consent': 'Consent',
  'email.field.extra': 'Extra {key}',
  'email.field.page': 'Page',
  'email.field.ip': 'IP',
  'email.field.userAgent': 'User agent',
  'email.field.receivedAt': 'Received',
  'email.field.leadId': 'Lead id',
  'email.value.unassigned': 'unassigned',
  'email.value.owner': '{name} ({login})',
  'email.value.nobodyOnDuty': 'Unassigned: nobody is on duty, a manager must assign it',
  'email.value.consentYes': 'yes ({version})',
  'email.value.consentNo': 'no',
  'email.value.missing': '-',
  'email.value.receivedAt': '{local} (Beijing time) / {iso}',
  'email.contact.due': 'Please contact before {time}',
  'email.contact.wasDue': 'Was due before {time}',
  'email.contact.page': 'Lead page',
  'email.contact.open': 'Open the lead',
  'email.autoresponse.subject': 'We have received your request',
  'email.autoresponse.text':
    'Hello,\n\nWe have received your request and our sales team will contact you shortly.\n' +
    'If you did not submit it, please ignore this email.\n',
};
