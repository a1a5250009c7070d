import { FieldError, Lang } from './lead.types';

const FIELD_LABELS: Record<Lang, Record<string, string>> = {
  zh: {
    name: '姓名',
    phone: '电话',
    email: '邮箱',
    company: '公司',
    requirement: '需求描述',
    consent: '隐私政策同意',
    _body: '请求',
  },
  en: {
    name: 'Name',
    phone: 'Phone',
    email: 'Email',
    company: 'Company',
    requirement: 'Requirement',
    consent: 'Consent',
    _body: 'Request',
  },
};

type Messages = Record<FieldError['code'], (label: string, limit?: number) => string>;

const MESSAGES: Record<Lang, Messages> = {
  zh: {
    required: (l) => `请填写${l}`,
    not_string: (l) => `${l}必须是文本`,
    too_long: (l, n) => `${l}不能超过 ${n} 个字符`,
    control_chars: (l) => `${l}包含不允许的控制字符`,
    invalid_phone: () => '请输入有效的电话号码,例如 13812345678 或 021-5290 8189',
    invalid_email: () => '请输入有效的邮箱地址',
    contact_required: () => '请至少填写电话或邮箱中的一项',
    too_many_fields: (_l, n) => `附加字段不能超过 ${n} 个`,
    consent_required: () => '请阅读并同意《隐私政策》',
    invalid_body: () => '请求内容必须是一个表单对象',
  },
  en: {
    required: (l) => `${l} is required`,
    not_string: (l) => `${l} must be text`,
    too_long: (l, n) => `${l} must be at most ${n} characters`,
    control_chars: (l) => `${l} contains control characters that are not allowed`,
    invalid_phone: () => 'Enter a valid phone number, e.g. 13812345678 or +86 21 5290 8189',
    invalid_email: () => 'Enter a valid email address',
    contact_required: () => 'Give at least a phone number or an email address',
    too_many_fields: (_l, n) => `At most ${n} additional fields are allowed`,
    consent_required: () => 'Please read and accept the privacy policy',
    invalid_body: () => 'The request body must be a form object',
  },
};

export function fieldLabel(field: string, lang: Lang): string {
  return FIELD_LABELS[lang][field] ?? field;
}

export function fieldMessage(error: FieldError, lang: Lang): string {
  return MESSAGES[lang][error.code](fieldLabel(error.field, lang), error.limit);
}

export interface PublicFieldError {
  field: string;
  code: FieldError['code'];
  message: string;
}

export function localizeErrors(errors: FieldError[], lang: Lang): PublicFieldError[] {
  return errors.map((e) => ({ field: e.field, code: e.code, message: fieldMessage(e, lang) }));
}
