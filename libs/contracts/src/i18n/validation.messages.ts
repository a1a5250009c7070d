/**
 * Texts of validation messages and field labels. Keys start with `validation.`.
 * `{label}` is the field's label (`validation.field.<name>`, or the raw name
 * of an extra field), `{limit}` the rule's number.
 */
export const validationZh = {
  'validation.field.name': '姓名',
  'validation.field.phone': '电话',
  'validation.field.email': '邮箱',
  'validation.field.company': '公司',
  'validation.field.requirement': '需求描述',
  'validation.field.consent': '隐私政策同意',
  'validation.field._body': '请求',
  'validation.field.captcha': '人机验证',

  'validation.required': '请填写{label}',
  'validation.not_string': '{label}必须是文本',
  'validation.too_long': '{label}不能超过 {limit} 个字符',
  'validation.control_chars': '{label}包含不允许的控制字符',
  'validation.invalid_text': '{label}包含无法识别的字符（可能是复制时损坏的表情符号），请删除后重新提交',
  'validation.invalid_phone': '请输入有效的手机号或座机号（座机请带区号），例如 139 2345 6789 或 010-6552 9988',
  'validation.invalid_email': '请输入有效的邮箱地址',
  'validation.contact_required': '请至少填写电话或邮箱中的一项',
  'validation.too_many_fields': '附加字段不能超过 {limit} 个',
  'validation.consent_required': '请阅读并同意《隐私政策》',
  'validation.invalid_body': '请求内容必须是一个表单对象',
  'validation.captcha_required': '提交过于频繁，请先完成人机验证再提交',
  'validation.captcha_invalid': '人机验证未通过或已失效，请重新验证后提交',
  'validation.not_an_option': '请从列表中选择{label}',
  'validation.too_small': '{label}不能小于 {limit}',
  'validation.too_large': '{label}不能大于 {limit}',
  'validation.invalid_number': '{label}必须是数字',
  'validation.invalid_date': '{label}必须是有效日期，例如 2025-03-01',
  'validation.invalid_url': '{label}必须是以 http:// 或 https:// 开头的网址',
} as const;

export const validationEn: Record<keyof typeof validationZh, string> = {
  'validation.field.name': 'Name',
  'validation.field.phone': 'Phone',
  'validation.field.email': 'Email',
  'validation.field.company': 'Company',
  'validation.field.requirement': 'Requirement',
  'validation.field.consent': 'Consent',
  'validation.field._body': 'Request',
  'validation.field.captcha': 'Captcha',

  'validation.required': '{label} is required',
  'validation.not_string': '{label} must be text',
  'validation.too_long': '{label} must be at most {limit} characters',
  'validation.control_chars': '{label} contains control characters that are not allowed',
  'validation.invalid_text': '{label} contains a broken character (often a damaged emoji); please remove it and submit again',
  'validation.invalid_phone':
    'Enter a valid mobile or landline number (landlines with their area code), e.g. 139 2345 6789 or 010-6552 9988; other countries with +, e.g. +1 415 555 2671',
  'validation.invalid_email': 'Enter a valid email address',
  'validation.contact_required': 'Give at least a phone number or an email address',
  'validation.too_many_fields': 'At most {limit} additional fields are allowed',
  'validation.consent_required': 'Please read and accept the privacy policy',
  'validation.invalid_body': 'The request body must be a form object',
  'validation.captcha_required': 'Please complete the captcha before submitting',
  'validation.captcha_invalid': 'The captcha was not passed or has expired; please try it again',
  'validation.not_an_option': 'Choose {label} from the list',
  'validation.too_small': '{label} must be at least {limit}',
  'validation.too_large': '{label} must be at most {limit}',
  'validation.invalid_number': '{label} must be a number',
  'validation.invalid_date': '{label} must be a valid date, e.g. 2025-03-01',
  'validation.invalid_url': '{label} must be a web address starting with http:// or https://',
};
