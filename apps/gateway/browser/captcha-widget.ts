/*
 * The adaptive captcha in the browser: asks the gateway whether a post to this
 * form needs one (GET /api/captcha) and only then loads the provider's widget.
 * Its result goes into a hidden `captcha` field, so the post carries it like
 * any other field (GeeTest's and Tencent's several values as one JSON string).
 */
import type { Lang } from '@app/contracts/lead.types';
import { t } from './lead-form-texts';

interface CaptchaStatus {
  required: boolean;
  provider: 'none' | 'geetest' | 'tencent' | 'turnstile';
  id: string | null;
}

export interface CaptchaHandle {
  /** A token is good once: after a refused post the visitor solves a new one. */
  reset(): void;
}

/** The little of each provider's widget API this uses. */
interface GeetestCaptcha {
  appendTo(el: HTMLElement): void;
  onSuccess(callback: () => void): void;
  getValidate(): object;
  reset(): void;
}
interface TencentResult {
  ret: number;
  ticket?: string;
  randstr?: string;
}
const w = window as unknown as {
  turnstile: { render(el: HTMLElement, options: object): string; reset(widget: string): void };
  initGeetest4(options: object, ready: (captcha: GeetestCaptcha) => void): void;
  TencentCaptcha: new (appId: string, done: (r: TencentResult) => void, options: object) => { show(): void };
};

const SCRIPTS = {
  geetest: 'https://static.geetest.com/v4/gt4.js',
  tencent: 'https://turing.captcha.qcloud.com/TJCaptcha.js',
  turnstile: 'https://challenges.cloudflare.com/turnstile/v0/api.js?render=explicit',
};

/** Adds the widget to `form` when the gateway at `base` says this form needs it now. */
export async function captchaWidget(
  form: HTMLFormElement,
  base: string,
  slug: string,
  lang: Lang,
): Promise<CaptchaHandle | null> {
  let status: CaptchaStatus;
  try {
    const res = await fetch(`${base}/api/captcha?form=${encodeURIComponent(slug)}`, { headers: { Accept: 'application/json' } });
    status = (await res.json()) as CaptchaStatus;
  } catch {
    return null;
  }
  if (!status.required || status.provider === 'none' || !status.id) return null;
  const id = status.id;
  const input = document.createElement('input');
  input.type = 'hidden';
  input.name = 'captcha';
  const box = document.createElement('div');
  box.className = 'lead-captcha';
  const submit = form.querySelector('button[type="submit"], button:not([type]), input[type="submit"]');
  form.insertBefore(box, submit);
  form.append(input);
  await load(SCRIPTS[status.provider]);
  const set = (value: string) => {
    input.value = value;
  };

  if (status.provider === 'turnstile') {
    const widget = w.turnstile.render(box, { sitekey: id, language: lang === 'zh' ? 'zh-cn' : 'en', callback: set });
    return { reset: () => (set(''), w.turnstile.reset(widget)) };
  }
  if (status.provider === 'geetest') {
    let captcha: GeetestCaptcha | null = null;
    w.initGeetest4({ captchaId: id, product: 'float', language: lang === 'zh' ? 'zho' : 'eng' }, (c) => {
      captcha = c;
      c.appendTo(box);
      c.onSuccess(() => set(JSON.stringify(c.getValidate())));
    });
    return { reset: () => (set(''), captcha?.reset()) };
  }
  const button = document.createElement('button');
  button.type = 'button';
  button.textContent = t(lang, 'form.captcha.start');
  box.append(button);
  const tencent = new w.TencentCaptcha(
    id,
    (r) => {
      if (r.ret !== 0 || !r.ticket) return;
      set(JSON.stringify({ ticket: r.ticket, randstr: r.randstr }));
      button.textContent = t(lang, 'form.captcha.done');
    },
    { userLanguage: lang === 'zh' ? 'zh-cn' : 'en' },
  );
  button.addEventListener('click', () => tencent.show());
  return {
    reset: () => {
      set('');
      button.textContent = t(lang, 'form.captcha.start');
    },
  };
}

function load(src: string): Promise<void> {
  return new Promise((done, fail) => {
    const s = document.createElement('script');
    s.src = src;
    s.async = true;
    s.onload = () => done();
    s.onerror = () => fail(new Error(`could not load ${src}`));
    document.head.append(s);
  });
}

/**
 * The hook form.ts and embed.js call: the widget when the page loads under
 * attack, or after the first post refused for want of one; a new token after
 * every refused post, since each is good once.
 */
export function adaptiveCaptcha(
  form: HTMLFormElement,
  endpoint: string,
  lang: Lang,
): { refused(errors: { field: string }[]): void } {
  const url = new URL(endpoint, location.href);
  const slug = /^\/api\/forms\/([^/]+)\/leads$/.exec(url.pathname)?.[1] ?? 'default';
  let handle: Promise<CaptchaHandle | null> = captchaWidget(form, url.origin, slug, lang).catch(() => null);
  return {
    refused(errors) {
      void handle.then((h) => {
        if (h) h.reset();
        else if (errors.some((e) => e.field === 'captcha'))
          handle = captchaWidget(form, url.origin, slug, lang).catch(() => null);
      });
    },
  };
}
