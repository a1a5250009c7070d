import type { Lang } from '@app/contracts';
import { escapeHtml, page } from './html';

const TEXT = {
  zh: {
    thanksTitle: '提交成功',
    thanks: '感谢您的信任!我们已收到您的需求,销售同事会即刻与您联系。',
    reference: '您的需求编号',
    back: '返回',
    unavailableTitle: '服务繁忙',
    unavailable: '系统暂时无法接收您的需求,您填写的内容未丢失,请稍后返回重新提交。',
    limitedTitle: '提交过于频繁',
    limited: (s: number) => `您提交得太频繁了,请在 ${s} 秒后返回重新提交。`,
    notAllowedTitle: '无法提交',
  },
  en: {
    thanksTitle: 'Thank you',
    thanks: 'We have received your request. Our sales team will contact you right away.',
    reference: 'Your reference number',
    back: 'Back',
    unavailableTitle: 'Service busy',
    unavailable: 'We cannot take your request right now. Please go back and submit again in a moment.',
    limitedTitle: 'Too many submissions',
    limited: (s: number) => `You have submitted too often. Please go back and try again in ${s} seconds.`,
    notAllowedTitle: 'Not allowed',
  },
};

export function thanksPage(lang: Lang, id: string | null): string {
  const t = TEXT[lang];
  const ref = id ? `<p>${t.reference}: <code>${escapeHtml(id)}</code></p>` : '';
  return page(lang, t.thanksTitle, `<h1>${t.thanksTitle}</h1><p>${t.thanks}</p>${ref}`);
}

export function unavailablePage(lang: Lang): string {
  const t = TEXT[lang];
  return page(lang, t.unavailableTitle, `<h1>${t.unavailableTitle}</h1><p>${t.unavailable}</p>`);
}

export function rateLimitedPage(lang: Lang, retryAfterSeconds: number): string {
  const t = TEXT[lang];
  return page(lang, t.limitedTitle, `<h1>${t.limitedTitle}</h1><p>${escapeHtml(t.limited(retryAfterSeconds))}</p>`);
}

export function messagePage(lang: Lang, message: string): string {
  const t = TEXT[lang];
  return page(lang, t.notAllowedTitle, `<h1>${t.notAllowedTitle}</h1><p>${escapeHtml(message)}</p>`);
}
