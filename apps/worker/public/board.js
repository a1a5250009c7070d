/*
 * The staff board and lead page (served by BoardController at
 * /admin/assets/board.js). Plain script, no build step, no dependencies.
 *
 * Board (body[data-page=board]): loads GET /admin/tasks for the chosen tab,
 * ticks every countdown each second, refreshes the list every 30 s, and sends
 * claim / assign / note / done / reopen to PATCH /admin/tasks/:id.
 * Lead page (body[data-page=lead]): the page is rendered on the server; this
 * adds the countdown, local times and the same actions plus resend and erase,
 * reloading the page after each so the history and log show the change.
 *
 * Every value from the API reaches the page through textContent or
 * setAttribute, never innerHTML: a lead's name may well be "<script>".
 * fetch uses credentials: 'same-origin', so the Basic credentials the
 * browser asked for when the page loaded go with every call.
 */
(function () {
  'use strict';

  var dataEl = document.getElementById('board-data');
  if (!dataEl) return;
  var DATA = JSON.parse(dataEl.textContent || '{}');
  var T = DATA.text || {};
  var LANG = DATA.lang === 'en' ? 'en' : 'zh';
  var ME = DATA.me || { name: '', role: 'staff' };
  var STAFF = (DATA.staff || []).map(function (s) {
    return s.name;
  });
  var FLASH_KEY = 'lead-board-flash';

  // ---- words ---------------------------------------------------------------

  function t(key, vars) {
    var s = typeof T[key] === 'string' ? T[key] : key;
    if (!vars) return s;
    return s.replace(/\{(\w+)\}/g, function (m, k) {
      return k in vars ? String(vars[k]) : m;
    });
  }

  function labelOf(prefix, value) {
    if (value === null || value === undefined || value === '') return T.none;
    var key = prefix + String(value).replace(/-/g, '_');
    return typeof T[key] === 'string' ? T[key] : String(value);
  }

  // ---- DOM -----------------------------------------------------------------

  /** el('a', { class: 'x', href: '…', text: '…' }, child, …): attributes via setAttribute, text via textContent. */
  function el(tag, attrs) {
    var node = document.createElement(tag);
    if (attrs) {
      Object.keys(attrs).forEach(function (k) {
        var v = attrs[k];
        if (v === undefined || v === null || v === false) return;
        if (k === 'text') node.textContent = String(v);
        else if (k === 'class') node.className = v;
        else node.setAttribute(k, v === true ? '' : String(v));
      });
    }
    for (var i = 2; i < arguments.length; i++) {
      var child = arguments[i];
      if (child === null || child === undefined || child === false) continue;
      node.appendChild(typeof child === 'string' ? document.createTextNode(child) : child);
    }
    return node;
  }

  function withLang(path) {
    return LANG === 'en' ? path + (path.indexOf('?') >= 0 ? '&' : '?') + 'lang=en' : path;
  }

  function telHref(phone) {
    var cleaned = String(phone)
      .replace(/[^\d+]/g, '')
      .replace(/(?!^)\+/g, '');
    return /\d{3,}/.test(cleaned) ? 'tel:' + cleaned : null;
  }

  function mailtoHref(email) {
    return 'mailto:' + encodeURIComponent(String(email).trim()).replace(/%40/g, '@');
  }

  /** The address may break after the @ rather than anywhere in it. */
  function emailLink(email) {
    var at = email.lastIndexOf('@');
    var link = el('a', { class: 'contact-link mail', href: mailtoHref(email) });
    if (at <= 0) link.textContent = email;
    else link.append(email.slice(0, at + 1), el('wbr'), email.slice(at + 1));
    return link;
  }

  // ---- times ---------------------------------------------------------------

  var fullFormat = new Intl.DateTimeFormat(T.locale || 'zh-CN', {
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hour12: false,
  });
  var timeFormat = new Intl.DateTimeFormat(T.locale || 'zh-CN', { hour: '2-digit', minute: '2-digit', hour12: false });
  var dayFormat = new Intl.DateTimeFormat(T.locale || 'zh-CN', {
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hour12: false,
  });
  var secondsFormat = new Intl.DateTimeFormat(T.locale || 'zh-CN', {
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hour12: false,
  });

  function parseTime(value) {
    var ms = Date.parse(value);
    return isNaN(ms) ? null : ms;
  }

  /** Today: "14:30"; another day: "03-05 14:30" (in the browser's zone). */
  function shortTime(value) {
    var ms = parseTime(value);
    if (ms === null) return T.none;
    var d = new Date(ms);
    return d.toDateString() === new Date().toDateString() ? timeFormat.format(d) : dayFormat.format(d);
  }

  function localizeTimes(root) {
    var nodes = (root || document).querySelectorAll('time[datetime][data-local]');
    for (var i = 0; i < nodes.length; i++) {
      var ms = parseTime(nodes[i].getAttribute('datetime'));
      if (ms !== null) {
        nodes[i].textContent = fullFormat.format(new Date(ms));
        nodes[i].title = new Date(ms).toString();
      }
    }
  }

  /** "2 天 3 小时", "1 小时 5 分钟", "12 分钟 5 秒" (withSeconds) or "12 分钟", "40 秒". */
  function duration(ms, withSeconds) {
    var s = Math.floor(Math.abs(ms) / 1000);
    var d = Math.floor(s / 86400);
    var h = Math.floor((s % 86400) / 3600);
    var m = Math.floor((s % 3600) / 60);
    var sec = s % 60;
    var parts = [];
    if (d > 0) {
      parts.push(t('unit_d', { n: d }));
      if (h > 0) parts.push(t('unit_h', { n: h }));
    } else if (h > 0) {
      parts.push(t('unit_h', { n: h }));
      if (m > 0) parts.push(t('unit_min', { n: m }));
    } else if (m > 0) {
      parts.push(t('unit_min', { n: m }));
      if (withSeconds) parts.push(t('unit_s', { n: sec }));
    } else {
      parts.push(t('unit_s', { n: sec }));
    }
    return parts.join(T.unitJoin || ' ');
  }

  var SOON_MS = 10 * 60 * 1000;

  function tick() {
    var now = Date.now();
    var nodes = document.querySelectorAll('[data-due]');
    for (var i = 0; i < nodes.length; i++) {
      var node = nodes[i];
      var due = parseTime(node.getAttribute('data-due'));
      if (due === null) continue;
      var left = due - now;
      var overdue = left < 0;
      var text = overdue ? t('overdueBy', { t: duration(left, false) }) : t('dueIn', { t: duration(left, true) });
      if (node.textContent !== text) node.textContent = text;
      node.classList.toggle('is-overdue', overdue);
      node.classList.toggle('is-soon', !overdue && left < SOON_MS);
      var row = node.closest('[data-task-row]');
      if (row) {
        row.classList.toggle('overdue', overdue);
        row.classList.toggle('soon', !overdue && left < SOON_MS);
      }
    }
  }

  // ---- messages ------------------------------------------------------------

  var toastEl = document.getElementById('toast');
  var toastTimer = null;

  function toast(message, isError) {
    if (!toastEl) return;
    toastEl.textContent = message;
    toastEl.classList.toggle('error', !!isError);
    toastEl.classList.add('show');
    clearTimeout(toastTimer);
    toastTimer = setTimeout(
      function () {
        toastEl.classList.remove('show');
      },
      isError ? 8000 : 4000,
    );
  }

  /** A message that survives the reload after an action on the lead page. */
  function flash(message) {
    try {
      sessionStorage.setItem(FLASH_KEY, message);
    } catch (e) {
      /* private mode: no message, no harm */
    }
  }

  function showFlash() {
    try {
      var message = sessionStorage.getItem(FLASH_KEY);
      if (message) {
        sessionStorage.removeItem(FLASH_KEY);
        toast(message, false);
      }
    } catch (e) {
      /* ignore */
    }
  }

  // ---- API -----------------------------------------------------------------

  function ApiError(status, message) {
    this.status = status;
    this.message = message;
  }

  function api(method, url, body) {
    var headers = { accept: 'application/json' };
    if (body !== undefined) headers['content-type'] = 'application/json';
    return fetch(url, {
      method: method,
      credentials: 'same-origin',
      cache: 'no-store',
      headers: headers,
      body: body === undefined ? undefined : JSON.stringify(body),
    }).then(
      function (res) {
        if (res.status === 401) {
          // The session's credentials are gone: the reload makes the browser ask again.
          location.reload();
          throw new ApiError(401, res.statusText);
        }
        return res.text().then(function (text) {
          var payload = null;
          try {
            payload = text ? JSON.parse(text) : null;
          } catch (e) {
            payload = null;
          }
          if (!res.ok) {
            var msg = payload && payload.message;
            if (Array.isArray(msg)) msg = msg.join('; ');
            throw new ApiError(res.status, msg || res.statusText || String(res.status));
          }
          return payload;
        });
      },
      function () {
        throw new ApiError(0, T.network);
      },
    );
  }

  function patchTask(id, change) {
    return api('PATCH', '/admin/tasks/' + encodeURIComponent(id), change);
  }

  // ---- the one dialog ------------------------------------------------------

  var dlg = document.getElementById('dlg');
  var dlgForm = document.getElementById('dlg-form');
  var dlgInput = document.getElementById('dlg-input');
  var dlgError = document.getElementById('dlg-error');
  var dlgField = document.getElementById('dlg-field');
  var dlgState = null;

  /**
   * Asks a question. With `label`, resolves to the typed text (trimmed) or
   * null when cancelled; without, to true or null.
   */
  function ask(o) {
    return new Promise(function (resolve) {
      if (!dlg || typeof dlg.showModal !== 'function') {
        // A browser without <dialog>: the plain prompts still work.
        if (o.label) {
          var v = window.prompt((o.text ? o.text + '\n' : '') + o.label, '');
          resolve(v === null ? null : v.trim() || (o.required ? null : ''));
        } else resolve(window.confirm(o.text || o.title) ? true : null);
        return;
      }
      document.getElementById('dlg-title').textContent = o.title;
      var textEl = document.getElementById('dlg-text');
      textEl.textContent = o.text || '';
      textEl.hidden = !o.text;
      dlgField.hidden = !o.label;
      document.getElementById('dlg-label').textContent = o.label || '';
      dlgInput.value = '';
      dlgInput.placeholder = o.placeholder || '';
      dlgInput.required = !!o.required;
      dlgInput.removeAttribute('aria-invalid');
      dlgError.textContent = '';
      var ok = document.getElementById('dlg-ok');
      ok.textContent = o.okText || T.confirm;
      ok.classList.toggle('danger', !!o.danger);
      ok.classList.toggle('primary', !o.danger);
      dlg.returnValue = '';
      dlgState = { o: o, resolve: resolve };
      dlg.showModal();
      if (o.label) dlgInput.focus();
      else (o.danger ? document.getElementById('dlg-cancel') : ok).focus();
    });
  }

  if (dlgForm) {
    dlgForm.addEventListener('submit', function (e) {
      var submitter = e.submitter;
      if (!dlgState || !submitter || submitter.value !== 'ok') return;
      if (dlgState.o.label && dlgState.o.required && !dlgInput.value.trim()) {
        e.preventDefault();
        dlgError.textContent = dlgState.o.requiredMsg || T.noteRequired;
        dlgInput.setAttribute('aria-invalid', 'true');
        dlgInput.focus();
      }
    });
    dlg.addEventListener('close', function () {
      if (!dlgState) return;
      var state = dlgState;
      dlgState = null;
      if (dlg.returnValue !== 'ok') return state.resolve(null);
      state.resolve(state.o.label ? dlgInput.value.trim() : true);
    });
  }

  // ---- task actions (board rows and the lead page) -------------------------

  /** Runs one action on a task; resolves to the message to show, or null when the user backed out. */
  function runAction(action, task, value) {
    if (action === 'claim') {
      var confirmFirst =
        task.assignee && task.assignee !== ME.name
          ? ask({ title: T.claimTitle, text: t('claimOther', { name: task.assignee }), okText: T.claim })
          : Promise.resolve(true);
      return confirmFirst.then(function (ok) {
        if (!ok) return null;
        var change = { assignee: ME.name };
        // in_progress -> in_progress is no transition: only taking it over.
        if (task.status !== 'in_progress') change.status = 'in_progress';
        return patchTask(task.id, change).then(function () {
          return T.claimed;
        });
      });
    }
    if (action === 'assign') {
      var assignee = value ? value : null;
      return patchTask(task.id, { assignee: assignee }).then(function () {
        return assignee ? t('assigned', { name: assignee }) : T.unassignedDone;
      });
    }
    if (action === 'note') {
      return ask({
        title: T.noteTitle,
        label: T.noteLabel,
        placeholder: T.notePlaceholder,
        required: true,
        requiredMsg: T.noteRequired,
        okText: T.save,
      }).then(function (note) {
        if (note === null) return null;
        return patchTask(task.id, { note: note }).then(function () {
          return T.saved;
        });
      });
    }
    if (action === 'done') {
      return ask({
        title: T.doneTitle,
        label: T.doneLabel,
        placeholder: T.donePlaceholder,
        required: true,
        requiredMsg: T.doneRequired,
        okText: T.markDone,
      }).then(function (note) {
        if (note === null) return null;
        return patchTask(task.id, { status: 'done', note: note }).then(function () {
          return T.markedDone;
        });
      });
    }
    if (action === 'reopen') {
      return patchTask(task.id, { status: 'open' }).then(function () {
        return T.reopened;
      });
    }
    return Promise.resolve(null);
  }

  function failureMessage(err) {
    if (err && err.status === 409) return T.conflict;
    if (err && err.status === 0) return T.network;
    return t('failed', { msg: (err && err.message) || '?' });
  }

  function assignOptions(select, current) {
    var names = [];
    STAFF.concat([ME.name]).forEach(function (n) {
      if (n && names.indexOf(n) < 0) names.push(n);
    });
    if (current && names.indexOf(current) < 0) names.push(current);
    while (select.firstChild) select.removeChild(select.firstChild);
    select.appendChild(el('option', { value: '', text: T.nobody }));
    names.forEach(function (n) {
      var option = el('option', { value: n, text: n });
      if (n === current) option.selected = true;
      select.appendChild(option);
    });
    select.value = current || '';
    select.setAttribute('data-current', current || '');
  }

  function statusBadge(status) {
    return el('span', { class: 'badge status-' + status, text: labelOf('status_', status) });
  }

  // ---- the board -----------------------------------------------------------

  function startBoard() {
    var TABS = ['mine', 'unassigned', 'overdue', 'doneToday', 'open'];
    var params = new URLSearchParams(location.search);
    var tab = TABS.indexOf(params.get('tab')) >= 0 ? params.get('tab') : 'open';
    var rows = document.getElementById('task-rows');
    var panel = document.getElementById('tasks');
    var empty = document.getElementById('empty');
    var loadingEl = document.getElementById('loading');
    var more = document.getElementById('more');
    var updated = document.getElementById('updated');
    var items = [];
    var byId = {};
    var cursor = null;
    var seq = 0;
    var lastLoad = 0;
    var busy = 0;

    function tasksUrl(forTab, opts) {
      var p = new URLSearchParams();
      if (forTab === 'mine') p.set('assignee', ME.name);
      if (forTab === 'unassigned') p.set('unassigned', 'true');
      if (forTab === 'overdue') p.set('overdue', 'true');
      // doneToday alone: done tasks finished since midnight (China time).
      if (forTab === 'doneToday') p.set('doneToday', 'true');
      p.set('limit', String(opts.limit || 50));
      if (opts.cursor) p.set('cursor', opts.cursor);
      return '/admin/tasks?' + p.toString();
    }

    function selectTab(next, focus) {
      tab = next;
      var tabs = document.querySelectorAll('[role=tab]');
      for (var i = 0; i < tabs.length; i++) {
        var on = tabs[i].getAttribute('data-tab') === tab;
        tabs[i].setAttribute('aria-selected', on ? 'true' : 'false');
        tabs[i].tabIndex = on ? 0 : -1;
        if (on && focus) tabs[i].focus();
      }
      panel.setAttribute('aria-labelledby', 'tab-' + tab);
      var url = new URL(location.href);
      if (tab === 'open') url.searchParams.delete('tab');
      else url.searchParams.set('tab', tab);
      history.replaceState(null, '', url.pathname + url.search);
    }

    function renderRow(task) {
      var lead = task.lead || {};
      var active = task.status === 'open' || task.status === 'in_progress';
      var tr = el('tr', {
        class: 'task status-' + task.status,
        'data-task-row': true,
        'data-task-id': task.id,
        'data-status': task.status,
      });

      var due = el('td', { class: 'c-due', 'data-label': T.col_due });
      if (active) {
        due.appendChild(el('span', { class: 'countdown', 'data-due': task.dueAt }));
        due.appendChild(el('span', { class: 'due-at muted', text: t('dueAt', { time: shortTime(task.dueAt) }) }));
      } else if (task.status === 'done') {
        due.appendChild(el('span', { class: 'done-at', text: t('doneAt', { time: shortTime(task.doneAt || task.updatedAt) }) }));
      } else {
        due.appendChild(el('span', { class: 'muted', text: t('dueAt', { time: shortTime(task.dueAt) }) }));
      }
      tr.appendChild(due);

      var href = withLang('/admin/board/leads/' + encodeURIComponent(task.leadId || lead.id || ''));
      tr.appendChild(
        el(
          'td',
          { class: 'c-lead', 'data-label': T.col_lead },
          el('a', { class: 'lead-link', href: href, text: lead.name || T.none }),
          lead.company ? el('span', { class: 'company', text: lead.company }) : null,
        ),
      );

      var contact = el('td', { class: 'c-contact', 'data-label': T.col_contact });
      var tel = lead.phone ? telHref(lead.phone) : null;
      if (tel) contact.appendChild(el('a', { class: 'contact-link tel', href: tel, text: lead.phone }));
      if (lead.email) contact.appendChild(emailLink(lead.email));
      if (!tel && !lead.email) contact.appendChild(document.createTextNode(T.none));
      tr.appendChild(contact);

      tr.appendChild(
        el(
          'td',
          { class: 'c-status', 'data-label': T.col_status },
          statusBadge(task.status),
          el('span', { class: 'assignee' + (task.assignee ? '' : ' nobody'), text: task.assignee || T.nobody }),
        ),
      );

      tr.appendChild(
        el(
          'td',
          { class: 'c-note', 'data-label': T.col_note },
          task.note
            ? el('span', { class: 'note-text', title: task.note, text: task.note })
            : el('span', { class: 'muted', text: T.none }),
        ),
      );

      var actions = el('div', { class: 'actions' });
      if (active && (task.status === 'open' || task.assignee !== ME.name)) {
        actions.appendChild(el('button', { type: 'button', class: 'btn primary', 'data-action': 'claim', text: T.claim }));
      }
      if (active)
        actions.appendChild(el('button', { type: 'button', class: 'btn done', 'data-action': 'done', text: T.markDone }));
      actions.appendChild(el('button', { type: 'button', class: 'btn', 'data-action': 'note', text: T.addNote }));
      if (active) {
        var select = el('select', { 'data-action': 'assign', 'aria-label': T.assignTo + ' · ' + (lead.name || '') });
        assignOptions(select, task.assignee);
        actions.appendChild(el('label', { class: 'assign' }, el('span', { class: 'assign-label', text: T.assignTo }), select));
      }
      if (task.status === 'done' || task.status === 'cancelled') {
        actions.appendChild(el('button', { type: 'button', class: 'btn', 'data-action': 'reopen', text: T.reopen }));
      }
      actions.appendChild(el('a', { class: 'btn link details', href: href, text: T.details }));
      tr.appendChild(el('td', { class: 'c-actions', 'data-label': T.col_actions }, actions));
      return tr;
    }

    function render() {
      var fragment = document.createDocumentFragment();
      byId = {};
      items.forEach(function (task) {
        byId[task.id] = task;
        fragment.appendChild(renderRow(task));
      });
      while (rows.firstChild) rows.removeChild(rows.firstChild);
      rows.appendChild(fragment);
      empty.textContent = t('empty_' + tab);
      empty.hidden = items.length > 0;
      rows.parentNode.hidden = items.length === 0;
      more.hidden = !cursor;
      tick();
    }

    function load(reset) {
      var mine = ++seq;
      var limit = reset ? Math.min(200, Math.max(50, items.length)) : 50;
      panel.setAttribute('aria-busy', 'true');
      if (reset && items.length === 0) loadingEl.hidden = false;
      return api('GET', tasksUrl(tab, { limit: limit, cursor: reset ? null : cursor }))
        .then(function (page) {
          if (mine !== seq) return;
          items = reset ? page.items : items.concat(page.items);
          cursor = page.nextCursor || null;
          lastLoad = Date.now();
          updated.textContent = t('updatedAt', { time: secondsFormat.format(new Date()) });
          render();
        })
        .catch(function (err) {
          if (mine !== seq) return;
          toast(t('loadFailed', { msg: err.message }), true);
        })
        .then(function () {
          if (mine !== seq) return;
          loadingEl.hidden = true;
          panel.setAttribute('aria-busy', 'false');
        });
    }

    function counts() {
      ['overdue', 'unassigned'].forEach(function (which) {
        api('GET', tasksUrl(which, { limit: 200 }))
          .then(function (page) {
            var badge = document.querySelector('[data-count="' + which + '"]');
            if (!badge) return;
            var n = page.items.length;
            badge.textContent = n === 0 ? '' : page.nextCursor ? n + '+' : String(n);
            badge.hidden = n === 0;
          })
          .catch(function () {
            /* the list itself reports failures */
          });
      });
    }

    function refresh() {
      counts();
      return load(true);
    }

    /** After the list is rebuilt, keyboard focus goes back to the same control of the same task, if it is still there. */
    function restoreFocus(taskId, action) {
      var row = rows.querySelector('[data-task-id="' + taskId + '"]');
      var target = row && (row.querySelector('[data-action="' + action + '"]') || row.querySelector('.lead-link'));
      if (target) target.focus();
    }

    function act(action, row, value) {
      var task = byId[row.getAttribute('data-task-id')];
      if (!task) return;
      busy++;
      row.classList.add('busy');
      var taskId = task.id;
      runAction(action, task, value)
        .then(function (message) {
          if (message) toast(message, false);
          if (message || action === 'assign') return refresh();
        })
        .catch(function (err) {
          toast(failureMessage(err), true);
          return refresh();
        })
        .then(function () {
          busy--;
          row.classList.remove('busy');
          restoreFocus(taskId, action);
        });
    }

    rows.addEventListener('click', function (e) {
      var button = e.target.closest('button[data-action]');
      if (!button) return;
      act(button.getAttribute('data-action'), button.closest('[data-task-row]'));
    });
    rows.addEventListener('change', function (e) {
      var select = e.target.closest('select[data-action=assign]');
      if (!select) return;
      act('assign', select.closest('[data-task-row]'), select.value);
    });

    var tablist = document.querySelector('[role=tablist]');
    tablist.addEventListener('click', function (e) {
      var button = e.target.closest('[role=tab]');
      if (!button) return;
      selectTab(button.getAttribute('data-tab'), false);
      items = [];
      cursor = null;
      render();
      load(true);
    });
    tablist.addEventListener('keydown', function (e) {
      if (e.key !== 'ArrowRight' && e.key !== 'ArrowLeft' && e.key !== 'Home' && e.key !== 'End') return;
      var i = TABS.indexOf(tab);
      var next =
        e.key === 'Home'
          ? 0
          : e.key === 'End'
            ? TABS.length - 1
            : (i + (e.key === 'ArrowRight' ? 1 : -1) + TABS.length) % TABS.length;
      e.preventDefault();
      selectTab(TABS[next], true);
      items = [];
      cursor = null;
      render();
      load(true);
    });
    more.addEventListener('click', function () {
      load(false);
    });
    document.getElementById('refresh').addEventListener('click', refresh);

    // Every 30 s, unless someone is in the middle of something on the page.
    setInterval(function () {
      if (document.hidden || busy > 0 || (dlg && dlg.open)) return;
      if (document.activeElement && document.activeElement.tagName === 'SELECT') return;
      refresh();
    }, 30000);
    document.addEventListener('visibilitychange', function () {
      if (!document.hidden && Date.now() - lastLoad > 30000) refresh();
    });

    // Who can be assigned comes with the page; ask only if it did not.
    (STAFF.length ? Promise.reject(null) : api('GET', '/admin/me'))
      .then(function (me) {
        if (me && me.name) ME = { name: me.name, role: me.role };
        if (me && Array.isArray(me.staff))
          STAFF = me.staff.map(function (s) {
            return s.name;
          });
        if (items.length) render();
      })
      .catch(function () {
        /* keep the server's view */
      });

    selectTab(tab, false);
    refresh();
  }

  // ---- the lead page -------------------------------------------------------

  function startLead() {
    var task = DATA.task;
    var leadId = DATA.leadId;
    var main = document.getElementById('main');

    function done(message) {
      if (!message) return;
      flash(message);
      // After an erasure the page starts with what matters: the notice at the top.
      if (message === T.erased) window.scrollTo(0, 0);
      location.reload();
    }

    function fail(err) {
      toast(failureMessage(err), true);
    }

    function selectsFromStaff() {
      var selects = main.querySelectorAll('select[data-action=assign]');
      for (var i = 0; i < selects.length; i++) assignOptions(selects[i], task ? task.assignee : null);
    }

    main.addEventListener('click', function (e) {
      var button = e.target.closest('button[data-action]');
      if (!button || button.disabled) return;
      var action = button.getAttribute('data-action');
      var run;
      if (action === 'resend') {
        run = ask({ title: T.resendTitle, text: T.resendText, okText: T.resend }).then(function (ok) {
          if (!ok) return null;
          return api('POST', '/admin/leads/' + encodeURIComponent(leadId) + '/resend', {}).then(function () {
            return T.resendQueued;
          });
        });
      } else if (action === 'erase') {
        run = ask({ title: T.eraseTitle, text: T.eraseText, okText: T.eraseConfirm, danger: true }).then(function (ok) {
          if (!ok) return null;
          return api('DELETE', '/admin/leads/' + encodeURIComponent(leadId)).then(function () {
            return T.erased;
          });
        });
      } else if (task) {
        run = runAction(action, task);
      } else return;
      button.disabled = true;
      run.then(done, fail).then(function () {
        button.disabled = false;
      });
    });
    main.addEventListener('change', function (e) {
      var select = e.target.closest('select[data-action=assign]');
      if (!select || !task) return;
      select.disabled = true;
      runAction('assign', task, select.value).then(done, function (err) {
        select.value = select.getAttribute('data-current') || '';
        select.disabled = false;
        fail(err);
      });
    });

    if (task) {
      selectsFromStaff();
      (STAFF.length ? Promise.reject(null) : api('GET', '/admin/me'))
        .then(function (me) {
          if (me && me.name) ME = { name: me.name, role: me.role };
          if (me && Array.isArray(me.staff))
            STAFF = me.staff.map(function (s) {
              return s.name;
            });
          selectsFromStaff();
        })
        .catch(function () {
          /* keep the server's view */
        });
    }
  }

  // ---- start ---------------------------------------------------------------

  localizeTimes(document);
  tick();
  setInterval(tick, 1000);
  showFlash();
  if (DATA.page === 'board') startBoard();
  else if (DATA.page === 'lead') startLead();
})();
