/**
 * A lead's fields as messages to people name them (robot messages, the
 * dead-letter email), and how they write a moment in Beijing time. Keys
 * start with `lead.`.
 */
export const leadZh = {
  'lead.field.name': '姓名',
  'lead.field.company': '公司',
  'lead.field.phone': '电话',
  'lead.field.email': '邮箱',
  'lead.field.requirement': '需求',
  'lead.field.received': '收到',
  'lead.field.due': '截止',
  'lead.field.owner': '负责人',
  /** As Intl's zh-CN `medium` date and time style writes it. */
  'lead.timestamp': '{year}年{month}月{day}日 {time}',
};

export const leadEn: Record<keyof typeof leadZh, string> = {
  'lead.field.name': 'Name',
  'lead.field.company': 'Company',
  'lead.field.phone': 'Phone',
  'lead.field.email': 'Email',
  'lead.field.requirement': 'Requirement',
  'lead.field.received': 'Received',
  'lead.field.due': 'Due',
  'lead.field.owner': 'Owner',
  'lead.timestamp': '{day} {monthName} {year}, {time}',
};
