import { privacyEn, privacyZh } from './privacy.messages';

/**
 * Texts of the public form page, embed.js, thank-you and result pages. Keys
 * start with `form.`. `form.status.*` are what the form page's script says
 * when a post does not go through (it can point at the page's own button);
 * `form.embed.*` the same for embed.js on another site's form.
 */
export const formZh = {
  ...privacyZh,
  'form.title': '需求描述',
  'form.intro': '请留下您的需求和联系方式。',
  'form.promise': '您提交表格后，我们会即刻与您联系',
  'form.required': '必填',
  'form.label.name': '姓名',
  'form.label.company': '公司',
  'form.label.contact': '联系方式',
  'form.hint.contact': '电话和邮箱至少填写一项。',
  'form.label.phone': '电话',
  'form.placeholder.phone': '例如 13812345678',
  'form.label.email': '邮箱',
  'form.placeholder.email': 'name@example.com',
  'form.label.requirement': '需求描述',
  'form.hint.requirement': '请描述您需要的产品或服务、数量、时间等，最多 {limit} 字。',
  'form.consent.before': '我已阅读并同意',
  'form.consent.link': '《隐私政策》',
  'form.newWindow': '（在新窗口打开）',
  'form.submit': '提交',
  'form.sending': '提交中…',
  'form.errorSummary': '提交未成功，请修改以下内容：',
  'form.errorTitlePrefix': '提交未成功：',
  'form.otherLang': 'English',
  'form.honeypot': '请勿填写此项',
  'form.counter.remaining': '还可输入 {count} 字',
  'form.counter.full': '已达到字数上限',

  'form.thanks.title': '提交成功',
  'form.thanks.text': '感谢您的信任！我们已收到您的需求。',
  'form.thanks.when': '销售同事会在工作时间内尽快与您联系，请留意来电或邮件。',
  'form.thanks.reference': '您的需求编号：',
  'form.thanks.referenceHint': '与我们联系时请提供此编号。',
  'form.thanks.hotline': '如需加急，请致电：',
  'form.thanks.backToSite': '返回网站首页',
  'form.thanks.backToForm': '返回需求表单',

  'form.result.unavailableTitle': '服务繁忙',
  'form.result.unavailable': '系统暂时无法接收您的需求，您填写的内容未丢失，请稍后返回重新提交。',
  'form.result.rateLimitedTitle': '提交过于频繁',
  'form.result.rateLimited': '您提交得太频繁了，请在 {seconds} 秒后返回重新提交。',
  'form.result.notAllowedTitle': '无法提交',
  'form.result.notAllowed': '此网站不允许向本服务提交需求。',
  'form.result.invalid': '提交内容有误',
  'form.result.keyReusedTitle': '提交编号已被使用',
  'form.result.keyReused':
    '这个提交编号（Idempotency-Key）已用于另一份内容不同的提交，本次提交未被接收。新的提交请使用新的编号。',

  'form.status.network': '网络连接失败，需求尚未提交。您填写的内容仍在，请检查网络后再次点击“提交”。',
  'form.status.timeout': '服务器响应超时，需求可能尚未提交。您填写的内容仍在，请稍后再次点击“提交”。',
  'form.status.rateLimitedIn': '提交过于频繁，请 {seconds} 秒后再试。您填写的内容仍在。',
  'form.status.rateLimitedSoon': '提交过于频繁，请稍后再试。您填写的内容仍在。',
  'form.status.unavailableIn': '系统暂时繁忙，需求尚未提交。您填写的内容仍在，请 {seconds} 秒后再次点击“提交”。',
  'form.status.unavailableSoon': '系统暂时繁忙，需求尚未提交。您填写的内容仍在，请稍后再次点击“提交”。',
  'form.status.tooLarge': '提交的内容过长，请精简需求描述后再试。',
  'form.status.failed': '提交未成功（错误 {status}）。您填写的内容仍在，请稍后再试。',

  'form.embed.network': '网络连接失败，需求尚未提交。您填写的内容仍在，请检查网络后重试。',
  'form.embed.timeout': '服务器响应超时，需求可能尚未提交。您填写的内容仍在，请稍后重试。',
  'form.embed.rateLimitedIn': '提交过于频繁，请 {seconds} 秒后再试。您填写的内容仍在。',
  'form.embed.rateLimitedSoon': '提交过于频繁，请稍后再试。您填写的内容仍在。',
  'form.embed.unavailableIn': '系统暂时繁忙，需求尚未提交。您填写的内容仍在，请 {seconds} 秒后重试。',
  'form.embed.unavailableSoon': '系统暂时繁忙，需求尚未提交。您填写的内容仍在，请稍后重试。',
  'form.embed.tooLarge': '提交的内容过长，请精简后再试。',
  'form.embed.forbidden': '此页面不能直接提交需求，请通过公司官网的表单提交。',
  'form.embed.failed': '提交未成功（错误 {status}）。您填写的内容仍在，请稍后再试。',
} as const;

export const formEn: Record<keyof typeof formZh, string> = {
  ...privacyEn,
  'form.title': 'Tell us what you need',
  'form.intro': 'Leave your requirement and how to reach you.',
  'form.promise': 'Once you submit the form, we will contact you right away.',
  'form.required': 'required',
  'form.label.name': 'Name',
  'form.label.company': 'Company',
  'form.label.contact': 'Contact',
  'form.hint.contact': 'Give at least a phone number or an email address.',
  'form.label.phone': 'Phone',
  'form.placeholder.phone': 'e.g. +86 138 1234 5678',
  'form.label.email': 'Email',
  'form.placeholder.email': 'name@example.com',
  'form.label.requirement': 'Your requirement',
  'form.hint.requirement': 'Products or services, quantities, timing… at most {limit} characters.',
  'form.consent.before': 'I have read and agree to the ',
  'form.consent.link': 'Privacy Policy',
  'form.newWindow': ' (opens in a new window)',
  'form.submit': 'Submit',
  'form.sending': 'Sending…',
  'form.errorSummary': 'Your request was not sent. Please correct the following:',
  'form.errorTitlePrefix': 'Error: ',
  'form.otherLang': '中文',
  'form.honeypot': 'Leave this field empty',
  'form.counter.remaining': '{count} characters left',
  'form.counter.full': 'Character limit reached',

  'form.thanks.title': 'Thank you',
  'form.thanks.text': 'Thank you for your trust. We have received your request.',
  'form.thanks.when':
    'Our sales team will contact you as soon as possible during business hours; please look out for our call or email.',
  'form.thanks.reference': 'Your reference: ',
  'form.thanks.referenceHint': 'Please quote it when you contact us.',
  'form.thanks.hotline': 'In a hurry? Call us: ',
  'form.thanks.backToSite': 'Back to our website',
  'form.thanks.backToForm': 'Back to the form',

  'form.result.unavailableTitle': 'Service busy',
  'form.result.unavailable': 'We cannot take your request right now. Please go back and submit again in a moment.',
  'form.result.rateLimitedTitle': 'Too many submissions',
  'form.result.rateLimited': 'You have submitted too often. Please go back and try again in {seconds} seconds.',
  'form.result.notAllowedTitle': 'Not allowed',
  'form.result.notAllowed': 'Posts from this site are not allowed.',
  'form.result.invalid': 'The submission has errors',
  'form.result.keyReusedTitle': 'Idempotency-Key already used',
  'form.result.keyReused':
    'This Idempotency-Key was already used for a different submission, so this one was not accepted. Use a new key for a new submission.',

  'form.status.network':
    'No connection: your request was not sent. What you typed is still here; check your network and press “Submit” again.',
  'form.status.timeout':
    'The server did not answer in time; your request may not have been sent. What you typed is still here; please press “Submit” again in a moment.',
  'form.status.rateLimitedIn': 'Too many submissions. Please try again in {seconds} seconds. What you typed is still here.',
  'form.status.rateLimitedSoon': 'Too many submissions. Please try again in a minute. What you typed is still here.',
  'form.status.unavailableIn':
    'We cannot take requests right now; yours was not sent. What you typed is still here; please press “Submit” again in {seconds} seconds.',
  'form.status.unavailableSoon':
    'We cannot take requests right now; yours was not sent. What you typed is still here; please press “Submit” again in a moment.',
  'form.status.tooLarge': 'Your request is too long. Please shorten the description and try again.',
  'form.status.failed': 'Your request was not sent (error {status}). What you typed is still here; please try again shortly.',

  'form.embed.network':
    'No connection: your request was not sent. What you typed is still here; check your network and try again.',
  'form.embed.timeout': 'The server did not answer in time; your request may not have been sent. Please try again in a moment.',
  'form.embed.rateLimitedIn': 'Too many submissions. Please try again in {seconds} seconds.',
  'form.embed.rateLimitedSoon': 'Too many submissions. Please try again in a minute.',
  'form.embed.unavailableIn': 'We cannot take requests right now; yours was not sent. Please try again in {seconds} seconds.',
  'form.embed.unavailableSoon': 'We cannot take requests right now; yours was not sent. Please try again in a moment.',
  'form.embed.tooLarge': 'Your request is too long. Please shorten it and try again.',
  'form.embed.forbidden': 'This page cannot send requests; please use the form on our website.',
  'form.embed.failed': 'Your request was not sent (error {status}). Please try again shortly.',
};
