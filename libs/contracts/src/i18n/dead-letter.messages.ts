/**
 * Texts about dead letters: accepted posts the worker could not store.
 * Keys start with `deadLetter.`.
 */
export const deadLetterZh = {
  'deadLetter.email.subject': '【线索】一条已受理的线索无法保存，请尽快处理',
  'deadLetter.email.intro':
    '网站已向访客确认收到这条线索，但系统无法把它存入数据库（原因见下）。原始数据已保留，请先按下面的联系方式联系客户，再在管理后台处理。',
  'deadLetter.email.open': '在管理后台查看',
  'deadLetter.email.unreadable': '（原始数据无法解读，请在管理后台查看）',
  'deadLetter.chat.heading': '一条线索无法保存，请管理员处理',
  'deadLetter.chat.body': '访客已收到提交成功的答复；原始数据已保留。',
  'deadLetter.page.title': '无法保存的线索',
  'deadLetter.page.empty': '没有无法保存的线索。',
  'deadLetter.page.intro':
    '这些表单提交已向访客确认收到，但无法存入数据库。请先联系客户；“替换乱码后保存”会把无法保存的字符换成 �，再按新线索处理。',
  'deadLetter.page.reason': '原因',
  'deadLetter.page.failures': '失败次数',
  'deadLetter.page.raw': '原始数据',
  'deadLetter.page.store': '替换乱码后保存',
  'deadLetter.page.dismiss': '标记为已处理',
  'deadLetter.page.resolved.stored': '已保存为线索',
  'deadLetter.page.resolved.dismissed': '已处理',
  'deadLetter.page.by': '处理人',
  'deadLetter.banner': '有 {count} 条线索无法保存，需要处理',
  'deadLetter.error.not_open': '这条记录已处理过',
  'deadLetter.error.not_storable': '原始数据不是一条线索，无法保存；请联系客户后标记为已处理',
} as const;

export const deadLetterEn: Record<keyof typeof deadLetterZh, string> = {
  'deadLetter.email.subject': '[Lead] An accepted lead could not be stored: please act now',
  'deadLetter.email.intro':
    'The website told the visitor their lead was received, but it could not be stored (reason below). The raw data is kept: contact the customer first, then handle it in the admin board.',
  'deadLetter.email.open': 'Open in the admin board',
  'deadLetter.email.unreadable': '(the raw data cannot be read here; open it in the admin board)',
  'deadLetter.chat.heading': 'A lead could not be stored: an admin needs to act',
  'deadLetter.chat.body': 'The visitor was told it was received; the raw data is kept.',
  'deadLetter.page.title': 'Leads that could not be stored',
  'deadLetter.page.empty': 'No lead is waiting here.',
  'deadLetter.page.intro':
    'These posts were acknowledged to the visitor but could not be stored. Contact the customer first; "Store with replacement" turns the characters that cannot be stored into � and handles it as a new lead.',
  'deadLetter.page.reason': 'Reason',
  'deadLetter.page.failures': 'Failures',
  'deadLetter.page.raw': 'Raw data',
  'deadLetter.page.store': 'Store with replacement',
  'deadLetter.page.dismiss': 'Mark as handled',
  'deadLetter.page.resolved.stored': 'Stored as a lead',
  'deadLetter.page.resolved.dismissed': 'Handled',
  'deadLetter.page.by': 'By',
  'deadLetter.banner': '{count} leads could not be stored and need attention',
  'deadLetter.error.not_open': 'This one was handled already',
  'deadLetter.error.not_storable': 'The raw data is not a lead and cannot be stored; contact the customer, then mark it handled',
};
