/*
 * Progressive enhancement for the gateway's 需求描述 form (GET /).
 * Without this script the form posts normally; with it the post goes through
 * fetch, errors appear next to their fields and success shows the reference id.
 * Plain ES2017, no dependencies, no build step.
 */
(function () {
  'use strict';

  var form = document.getElementById('lead-form');
  if (!form || !window.fetch || !window.FormData) return;

  var TEXT = {
    zh: {
      sending: '提交中…',
      thanksTitle: '提交成功',
      thanks: '感谢您的信任!我们已收到您的需求,销售同事会即刻与您联系。',
      reference: '您的需求编号:',
      network: '网络连接失败,需求尚未提交。您填写的内容仍在,请检查网络后再次点击“提交”。',
      timeout: '服务器响应超时,需求可能尚未提交。您填写的内容仍在,请稍后再次点击“提交”。',
      rateLimited: function (s) {
        return '提交过于频繁,请' + (s ? ' ' + s + ' 秒后' : '稍后') + '再试。您填写的内容仍在。';
      },
      unavailable: function (s) {
        return '系统暂时繁忙,需求尚未提交。您填写的内容仍在,请' + (s ? ' ' + s + ' 秒后' : '稍后') + '再次点击“提交”。';
      },
      tooLarge: '提交的内容过长,请精简需求描述后再试。',
      failed: function (code) {
        return '提交未成功(错误 ' + code + ')。您填写的内容仍在,请稍后再试。';
      },
      remaining: function (n) {
        return '还可输入 ' + n + ' 字';
      },
      full: '已达到字数上限',
    },
    en: {
      sending: 'Sending…',
      thanksTitle: 'Thank you',
      thanks: 'We have received your request. Our sales team will contact you right away.',
      reference: 'Your reference number: ',
      network:
        'No connection: your request was not sent. What you typed is still here; check your network and press “Submit” again.',
      timeout:
        'The server did not answer in time; your request may not have been sent. What you typed is still here; please press “Submit” again in a moment.',
      rateLimited: function (s) {
        return (
          'Too many submissions. Please try again ' +
          (s ? 'in ' + s + ' seconds' : 'in a minute') +
          '. What you typed is still here.'
        );
      },
      unavailable: function (s) {
        return (
          'We cannot take requests right now; yours was not sent. What you typed is still here; please press “Submit” again ' +
          (s ? 'in ' + s + ' seconds' : 'in a moment') +
          '.'
        );
      },
      tooLarge: 'Your request is too long. Please shorten the description and try again.',
      failed: function (code) {
        return 'Your request was not sent (error ' + code + '). What you typed is still here; please try again shortly.';
      },
      remaining: function (n) {
        return n + ' characters left';
      },
      full: 'Character limit reached',
    },
  };

  var lang = form.getAttribute('data-lang') === 'en' ? 'en' : 'zh';
  var t = TEXT[lang];
  var button = form.querySelector('button[type="submit"]');
  var buttonLabel = button ? button.textContent : '';
  var status = document.getElementById('form-status');
  var summary = document.getElementById('error-summary');
  var TIMEOUT_MS = 20000;

  // Our own inline errors replace the browser's bubbles (which speak the browser's language, not the page's).
  form.noValidate = true;

  /* ---------- character counter ---------- */
  var textarea = form.elements.requirement;
  var counter = document.getElementById('f-requirement-counter');
  var live = document.getElementById('f-requirement-live');
  if (textarea && counter) {
    var limit = Number(counter.getAttribute('data-limit')) || Number(textarea.getAttribute('maxlength')) || 5000;
    var countEl = counter.querySelector('.count');
    var lastBand = 0;
    var updateCounter = function () {
      var n = textarea.value.length;
      countEl.textContent = String(n);
      counter.classList.toggle('near', n >= limit * 0.9 && n < limit);
      counter.classList.toggle('full', n >= limit);
      // Screen readers hear the count only when it matters: at 90%, 97% and the limit.
      var band = n >= limit ? 3 : n >= limit * 0.97 ? 2 : n >= limit * 0.9 ? 1 : 0;
      if (band !== lastBand && live) live.textContent = band === 3 ? t.full : band > 0 ? t.remaining(limit - n) : '';
      lastBand = band;
    };
    counter.hidden = false;
    textarea.addEventListener('input', updateCounter);
    updateCounter();
  }

  /* ---------- errors ---------- */
  function controlOf(field) {
    var el = form.elements[field];
    if (!el || el.type === 'hidden') return null;
    return el.length !== undefined && !el.tagName ? el[0] : el;
  }

  function setDescribedBy(el, id, on) {
    var ids = (el.getAttribute('aria-describedby') || '').split(/\s+/).filter(Boolean);
    ids = ids.filter(function (x) {
      return x !== id;
    });
    if (on) ids.push(id);
    if (ids.length) el.setAttribute('aria-describedby', ids.join(' '));
    else el.removeAttribute('aria-describedby');
  }

  function clearErrors() {
    var shown = form.querySelectorAll('.field-error');
    for (var i = 0; i < shown.length; i++) {
      shown[i].textContent = '';
      shown[i].hidden = true;
    }
    var invalid = form.querySelectorAll('[aria-invalid="true"]');
    for (var j = 0; j < invalid.length; j++) {
      invalid[j].removeAttribute('aria-invalid');
      if (invalid[j].id) setDescribedBy(invalid[j], invalid[j].id + '-error', false);
    }
    if (summary) {
      summary.hidden = true;
      summary.querySelector('ul').textContent = '';
    }
  }

  function showErrors(errors) {
    var first = null;
    var perField = {};
    var listed = [];
    var list = summary ? summary.querySelector('ul') : null;
    errors.forEach(function (e) {
      var field = String(e.field || '');
      var message = String(e.message || '');
      var el = controlOf(field);
      var box = el && el.id ? document.getElementById(el.id + '-error') : null;
      if (box) {
        perField[field] = perField[field] || [];
        if (perField[field].indexOf(message) === -1) perField[field].push(message);
        box.textContent = perField[field].join(' ');
        box.hidden = false;
        el.setAttribute('aria-invalid', 'true');
        setDescribedBy(el, box.id, true);
        if (!first || first.compareDocumentPosition(el) & Node.DOCUMENT_POSITION_PRECEDING) first = el;
      }
      if (list && listed.indexOf(message) === -1) {
        listed.push(message);
        var li = document.createElement('li');
        if (box) {
          var a = document.createElement('a');
          a.href = '#' + el.id;
          a.textContent = message;
          li.appendChild(a);
        } else {
          li.textContent = message;
        }
        list.appendChild(li);
      }
    });
    if (summary && list.children.length) summary.hidden = false;
    // The summary is an alert (announced); focus goes to the first field to fix.
    if (first) first.focus();
    else if (summary) summary.focus();
  }

  // A page re-rendered with errors (a post made before this script ran): start at the summary.
  if (summary && !summary.hidden) summary.focus();

  // Summary links: focus the field, not just scroll to it.
  if (summary) {
    summary.addEventListener('click', function (ev) {
      var a = ev.target.closest ? ev.target.closest('a[href^="#"]') : null;
      var target = a ? document.getElementById(a.getAttribute('href').slice(1)) : null;
      if (target) {
        ev.preventDefault();
        target.focus();
      }
    });
  }

  function say(message) {
    status.textContent = message;
    status.classList.toggle('problem', !!message);
  }

  /* ---------- submit ---------- */
  function collect() {
    var data = {};
    var fd = new FormData(form);
    fd.forEach(function (value, key) {
      if (typeof value === 'string') data[key] = value;
    });
    return data;
  }

  function randomKey() {
    if (window.crypto && crypto.randomUUID) return crypto.randomUUID();
    var bytes = new Uint8Array(16);
    crypto.getRandomValues(bytes);
    return Array.prototype.map
      .call(bytes, function (b) {
        return (b + 256).toString(16).slice(1);
      })
      .join('');
  }

  function setSending(on) {
    form.setAttribute('aria-busy', on ? 'true' : 'false');
    if (!button) return;
    button.disabled = on;
    button.textContent = on ? t.sending : buttonLabel;
  }

  function retryAfter(res, payload) {
    var v = Number(res.headers.get('Retry-After') || (payload && payload.retryAfter));
    return Number.isFinite(v) && v > 0 ? Math.ceil(v) : 0;
  }

  function showThanks(id) {
    var box = document.createElement('section');
    box.className = 'thanks';
    box.setAttribute('tabindex', '-1');
    box.setAttribute('aria-labelledby', 'thanks-title');
    var h = document.createElement('h2');
    h.id = 'thanks-title';
    h.textContent = t.thanksTitle;
    var p = document.createElement('p');
    p.textContent = t.thanks;
    box.appendChild(h);
    box.appendChild(p);
    if (id) {
      var ref = document.createElement('p');
      ref.appendChild(document.createTextNode(t.reference));
      var code = document.createElement('code');
      code.className = 'lead-id';
      code.textContent = id;
      ref.appendChild(code);
      box.appendChild(ref);
    }
    if (summary) summary.hidden = true;
    form.parentNode.replaceChild(box, form);
    box.focus();
  }

  var sending = false;
  var lastBody = null;
  var idempotencyKey = null;

  form.addEventListener('submit', function (ev) {
    ev.preventDefault();
    if (sending) return;
    submit();
  });

  async function submit() {
    var body = JSON.stringify(collect());
    // The same content again (a retry after a lost answer) keeps its key, so it never makes a second lead.
    if (body !== lastBody) {
      lastBody = body;
      idempotencyKey = randomKey();
    }
    sending = true;
    setSending(true);
    say('');

    var controller = window.AbortController ? new AbortController() : null;
    var timer = controller
      ? setTimeout(function () {
          controller.abort();
        }, TIMEOUT_MS)
      : 0;
    var res;
    var payload = null;
    try {
      res = await fetch(form.action, {
        method: 'POST',
        headers: {
          'Content-Type': 'application/json',
          Accept: 'application/json',
          'Accept-Language': lang === 'zh' ? 'zh-CN,zh;q=0.9' : 'en',
          'Idempotency-Key': idempotencyKey,
        },
        body: body,
        credentials: 'same-origin',
        signal: controller ? controller.signal : undefined,
      });
      try {
        payload = await res.json();
      } catch (e) {
        payload = null;
      }
    } catch (err) {
      clearTimeout(timer);
      sending = false;
      setSending(false);
      say(err && err.name === 'AbortError' ? t.timeout : t.network);
      return;
    }
    clearTimeout(timer);
    sending = false;
    setSending(false);

    if (res.status === 202 || res.status === 200 || res.status === 201) {
      showThanks(payload && payload.id ? String(payload.id) : '');
      return;
    }
    clearErrors();
    if (res.status === 400 && payload && Array.isArray(payload.errors) && payload.errors.length) {
      showErrors(payload.errors);
    } else if (res.status === 429) {
      say(t.rateLimited(retryAfter(res, payload)));
    } else if (res.status === 503) {
      say(t.unavailable(retryAfter(res, payload)));
    } else if (res.status === 413) {
      say(t.tooLarge);
    } else {
      say(payload && payload.message && res.status < 500 ? String(payload.message) : t.failed(res.status));
    }
  }
})();
