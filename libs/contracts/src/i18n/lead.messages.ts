/**
 * A lead's fields as messages to people name them (robot messages, the
 * dead-letter email), and how they write a moment in Beijing time. Keys
 * start with `lead.`.
 */
export const leadZh = {
  'lead.field.requirement': '需求',
  'lead.field.received': '收到',
  'lead.field.receivedAt': '收到时间',
  /** As Intl's zh-CN `medium` date and time style writes it. */
  'lead.timestamp': '{year}年{month}月{day}日 {time}',
};

export const leadEn: Record<keyof typeof leadZh, string> = {
  'lead.field.requirement': 'Requirement',
  'lead.field.received': 'Received',
  'lead.field.receivedAt': 'Received',
  'lead.timestamp': '{day} {monthName} {year}, {time}',
};
