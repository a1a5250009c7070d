/*
 * Lead form embed: gives a <form> on any page of the company's site the
 * gateway's fetch behaviour (inline errors, busy button, reference id).
 *
 *   <form id="my-form" action="https://GATEWAY/api/leads" method="post"> …name, phone, email, company, requirement… </form>
 *   <script src="https://GATEWAY/embed.js" data-form="#my-form"></script>
 *
 * or mark forms with `data-lead-form` and include the script without data-form.
 * Optional script attributes: data-lang="zh|en" (default: the form's or page's
 * lang), data-endpoint (default: <script origin>/api/leads), data-style="none"
 * (no built-in styles). The form fires `leadform:success` (detail {id};
 * preventDefault() to show your own thank-you) and `leadform:error`
 * (detail {status, errors}). Without JavaScript the form still posts normally
 * when its action points at the gateway.
 * Plain ES2017, no dependencies.
 */
(function () {
  'use strict';

  var script = document.currentScript;
  if (!script || !script.src || !window.fetch || !window.FormData || !window.URLSearchParams) return;

  var origin = new URL(script.src, location.href).origin;
  var endpoint = script.getAttribute('data-endpoint') || origin + '/api/leads';
  var selector = script.getAttribute('data-form');
  var TIMEOUT_MS = 20000;
  var serial = 0;

  var TEXT = {
    zh: {
      sending: '提交中…',
      thanksTitle: '提交成功',
      thanks: '感谢您的信任!我们已收到您的需求,销售同事会即刻与您联系。',
      reference: '您的需求编号:',
      summary: '提交未成功,请修改以下内容:',
      network: '网络连接失败,需求尚未提交。您填写的内容仍在,请检查网络后重试。',
      timeout: '服务器响应超时,需求可能尚未提交。您填写的内容仍在,请稍后重试。',
      rateLimited: function (s) {
        return '提交过于频繁,请' + (s ? ' ' + s + ' 秒后' : '稍后') + '再试。您填写的内容仍在。';
      },
      unavailable: function (s) {
        return '系统暂时繁忙,需求尚未提交。您填写的内容仍在,请' + (s ? ' ' + s + ' 秒后' : '稍后') + '重试。';
      },
      tooLarge: '提交的内容过长,请精简后再试。',
      forbidden: '此页面不能直接提交需求,请通过公司官网的表单提交。',
      failed: function (code) {
        return '提交未成功(错误 ' + code + ')。您填写的内容仍在,请稍后再试。';
      },
      honeypot: '请勿填写此项',
    },
    en: {
      sending: 'Sending…',
      thanksTitle: 'Thank you',
      thanks: 'We have received your request. Our sales team will contact you right away.',
      reference: 'Your reference number: ',
      summary: 'Your request was not sent. Please correct the following:',
      network: 'No connection: your request was not sent. What you typed is still here; check your network and try again.',
      timeout: 'The server did not answer in time; your request may not have been sent. Please try again in a moment.',
      rateLimited: function (s) {
        return 'Too many submissions. Please try again ' + (s ? 'in ' + s + ' seconds' : 'in a minute') + '.';
      },
      unavailable: function (s) {
        return (
          'We cannot take requests right now; yours was not sent. Please try again ' +
          (s ? 'in ' + s + ' seconds' : 'in a moment') +
          '.'
        );
      },
      tooLarge: 'Your request is too long. Please shorten it and try again.',
      forbidden: 'This page cannot send requests; please use the form on our website.',
      failed: function (code) {
        return 'Your request was not sent (error ' + code + '). Please try again shortly.';
      },
      honeypot: 'Leave this field empty',
    },
  };

  var CSS =
    '.lf-error{margin:.3rem 0 0;color:#b42318;font-size:.95em;font-weight:500}' +
    '.lf-error::before{content:"\\26A0  "}' +
    '.lf-invalid{border-color:#b42318!important;box-shadow:0 0 0 1px #b42318!important}' +
    '.lf-status{margin:.75rem 0;padding:.65rem .9rem;border:2px solid #b42318;border-radius:6px;background:#fef3f2;color:#b42318}' +
    '.lf-status:empty{display:none}.lf-status ul{margin:.3rem 0 0;padding-left:1.2rem}' +
    '.lf-status a{color:#b42318}' +
    '.lf-thanks{margin:.75rem 0;padding:1rem;border:2px solid #067647;border-radius:6px;background:#ecfdf3;color:#1f2933}' +
    '.lf-thanks h2{margin:0 0 .4rem;font-size:1.2em;color:#067647}.lf-thanks p{margin:.3rem 0}' +
    '.lf-thanks code{padding:.1rem .35rem;background:#fff;border-radius:4px;word-break:break-all}' +
    '.lf-thanks:focus,.lf-status:focus{outline:3px solid #f59e0b;outline-offset:2px}' +
    '.lf-hp{position:absolute!important;left:-10000px!important;top:auto!important;width:1px!important;height:1px!important;overflow:hidden!important}';

  function injectStyle() {
    if (script.getAttribute('data-style') === 'none' || document.querySelector('style[data-lead-form-embed]')) return;
    var style = document.createElement('style');
    style.setAttribute('data-lead-form-embed', '');
    style.textContent = CSS;
    // First in <head>: the page's own rules win at equal specificity.
    var head = document.head || document.documentElement;
    head.insertBefore(style, head.firstChild);
  }

  function langOf(form) {
    var explicit = form.getAttribute('data-lang') || script.getAttribute('data-lang');
    if (!explicit && form.elements._lang) explicit = form.elements._lang.value;
    if (!explicit) {
      var scope = form.closest ? form.closest('[lang]') : null;
      explicit = (scope && scope.getAttribute('lang')) || document.documentElement.lang || 'zh';
    }
    return /^en/i.test(explicit) ? 'en' : 'zh';
  }

  function uid(prefix) {
    serial += 1;
    return prefix + '-' + Date.now().toString(36) + '-' + serial;
  }

  function enhance(form) {
    if (form.hasAttribute('data-lead-form-ready')) return;
    form.setAttribute('data-lead-form-ready', '');
    form.noValidate = true;

    var lang = langOf(form);
    var t = TEXT[lang];
    var button = form.querySelector('button[type="submit"], button:not([type]), input[type="submit"]');
    var buttonLabel = button ? (button.tagName === 'INPUT' ? button.value : button.textContent) : '';
    var created = [];
    var touched = [];
    var sending = false;

    // A honeypot, unless the page brought its own.
    if (!form.elements._gotcha) {
      var hp = document.createElement('div');
      hp.className = 'lf-hp';
      hp.setAttribute('aria-hidden', 'true');
      hp.style.cssText = 'position:absolute;left:-10000px;top:auto;width:1px;height:1px;overflow:hidden';
      var hpId = uid('lf-hp');
      var hpLabel = document.createElement('label');
      hpLabel.htmlFor = hpId;
      hpLabel.textContent = t.honeypot;
      var hpInput = document.createElement('input');
      hpInput.type = 'text';
      hpInput.name = '_gotcha';
      hpInput.id = hpId;
      hpInput.tabIndex = -1;
      hpInput.autocomplete = 'off';
      hpInput.setAttribute('autocomplete', 'off');
      hp.appendChild(hpLabel);
      hp.appendChild(hpInput);
      form.insertBefore(hp, form.firstChild);
    }

    var status = document.createElement('div');
    status.className = 'lf-status';
    status.setAttribute('role', 'alert');
    status.tabIndex = -1;
    if (button && button.parentNode && form.contains(button)) button.parentNode.insertBefore(status, button);
    else form.appendChild(status);

    function say(text) {
      status.textContent = text || '';
    }

    function setSending(on) {
      sending = on;
      form.setAttribute('aria-busy', on ? 'true' : 'false');
      if (!button) return;
      button.disabled = on;
      var label = on ? t.sending : buttonLabel;
      if (button.tagName === 'INPUT') button.value = label;
      else button.textContent = label;
    }

    function controlOf(field) {
      var el = form.elements[field];
      if (!el) return null;
      if (el.length !== undefined && !el.tagName) el = el[0];
      return el && el.type !== 'hidden' ? el : null;
    }

    function clearErrors() {
      created.forEach(function (n) {
        if (n.parentNode) n.parentNode.removeChild(n);
      });
      created = [];
      touched.forEach(function (entry) {
        entry.el.classList.remove('lf-invalid');
        entry.el.removeAttribute('aria-invalid');
        if (entry.describedBy) entry.el.setAttribute('aria-describedby', entry.describedBy);
        else entry.el.removeAttribute('aria-describedby');
      });
      touched = [];
      say('');
    }

    function placeAfter(el) {
      // After the label that wraps the control, or a checkbox's label that follows it.
      var anchor = el.closest ? el.closest('label') || el : el;
      var next = anchor.nextElementSibling;
      if ((el.type === 'checkbox' || el.type === 'radio') && next && next.tagName === 'LABEL') anchor = next;
      return anchor;
    }

    function showErrors(errors) {
      var first = null;
      var boxes = {};
      var orphans = [];
      errors.forEach(function (e) {
        var message = String(e.message || e.code || '');
        var el = controlOf(String(e.field || ''));
        if (!el) {
          orphans.push(message);
          return;
        }
        var box = boxes[e.field];
        if (!box) {
          box = document.createElement('p');
          box.className = 'lf-error';
          box.id = uid('lf-err');
          var anchor = placeAfter(el);
          anchor.parentNode.insertBefore(box, anchor.nextSibling);
          created.push(box);
          boxes[e.field] = box;
          touched.push({ el: el, describedBy: el.getAttribute('aria-describedby') });
          el.classList.add('lf-invalid');
          el.setAttribute('aria-invalid', 'true');
          el.setAttribute('aria-describedby', ((el.getAttribute('aria-describedby') || '') + ' ' + box.id).trim());
          box.textContent = message;
        } else if (box.textContent.indexOf(message) === -1) {
          box.textContent += ' ' + message;
        }
        if (!first || first.compareDocumentPosition(el) & Node.DOCUMENT_POSITION_PRECEDING) first = el;
      });
      if (orphans.length || !first) {
        var p = document.createElement('p');
        p.style.margin = '0';
        p.textContent = t.summary;
        var ul = document.createElement('ul');
        (orphans.length
          ? orphans
          : errors.map(function (e) {
              return String(e.message || '');
            })
        ).forEach(function (m) {
          var li = document.createElement('li');
          li.textContent = m;
          ul.appendChild(li);
        });
        status.appendChild(p);
        status.appendChild(ul);
      }
      if (first) first.focus();
      else status.focus();
    }

    function showThanks(id) {
      var box = document.createElement('div');
      box.className = 'lf-thanks';
      box.tabIndex = -1;
      box.setAttribute('role', 'status');
      var h = document.createElement('h2');
      h.textContent = t.thanksTitle;
      var p = document.createElement('p');
      p.textContent = t.thanks;
      box.appendChild(h);
      box.appendChild(p);
      if (id) {
        var ref = document.createElement('p');
        ref.appendChild(document.createTextNode(t.reference));
        var code = document.createElement('code');
        code.className = 'lf-lead-id';
        code.textContent = id;
        ref.appendChild(code);
        box.appendChild(ref);
      }
      form.parentNode.insertBefore(box, form.nextSibling);
      form.hidden = true;
      form.style.display = 'none';
      box.focus();
    }

    function fire(name, detail, cancelable) {
      var ev;
      try {
        ev = new CustomEvent(name, { bubbles: true, cancelable: !!cancelable, detail: detail });
      } catch (e) {
        return true;
      }
      return form.dispatchEvent(ev);
    }

    function retryAfter(res, payload) {
      // The header is readable cross-origin only when exposed (Access-Control-Expose-Headers); the body may carry it too.
      var v = Number(res.headers.get('Retry-After') || (payload && payload.retryAfter));
      return Number.isFinite(v) && v > 0 ? Math.ceil(v) : 0;
    }

    form.addEventListener('submit', function (ev) {
      ev.preventDefault();
      if (!sending) submit();
    });

    async function submit() {
      // urlencoded, no custom headers: a CORS "simple" request, no preflight round trip.
      var body = new URLSearchParams();
      new FormData(form).forEach(function (value, key) {
        if (typeof value === 'string') body.append(key, value);
      });
      if (!body.has('_lang')) body.append('_lang', lang);

      setSending(true);
      var controller = window.AbortController ? new AbortController() : null;
      var timer = controller
        ? setTimeout(function () {
            controller.abort();
          }, TIMEOUT_MS)
        : 0;
      var res;
      var payload = null;
      try {
        res = await fetch(endpoint, {
          method: 'POST',
          mode: 'cors',
          credentials: 'omit',
          headers: { Accept: 'application/json', 'Accept-Language': lang === 'zh' ? 'zh-CN,zh;q=0.9' : 'en' },
          body: body,
          signal: controller ? controller.signal : undefined,
        });
        try {
          payload = await res.json();
        } catch (e) {
          payload = null;
        }
      } catch (err) {
        clearTimeout(timer);
        setSending(false);
        clearErrors();
        say(err && err.name === 'AbortError' ? t.timeout : t.network);
        fire('leadform:error', { status: 0, errors: [] });
        return;
      }
      clearTimeout(timer);
      setSending(false);
      clearErrors();

      if (res.status >= 200 && res.status < 300) {
        var id = payload && payload.id ? String(payload.id) : '';
        if (fire('leadform:success', { id: id }, true)) showThanks(id);
        return;
      }
      var errors = payload && Array.isArray(payload.errors) ? payload.errors : [];
      if (res.status === 400 && errors.length) showErrors(errors);
      else if (res.status === 429) say(t.rateLimited(retryAfter(res, payload)));
      else if (res.status === 503) say(t.unavailable(retryAfter(res, payload)));
      else if (res.status === 413) say(t.tooLarge);
      else if (res.status === 403) say(t.forbidden);
      else say(t.failed(res.status));
      fire('leadform:error', { status: res.status, errors: errors });
    }
  }

  function init() {
    injectStyle();
    var forms = [];
    if (selector) {
      try {
        forms = Array.prototype.slice.call(document.querySelectorAll(selector));
      } catch (e) {
        forms = [];
      }
    }
    forms = forms.concat(Array.prototype.slice.call(document.querySelectorAll('form[data-lead-form]')));
    forms.forEach(function (f) {
      if (f.tagName === 'FORM') enhance(f);
    });
  }

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', init);
  else init();
})();
