/*
 * kentro web chat — the one-tag embed for any site:
 *
 *   <script src="https://HOST/webchat.js" data-centre="thira" data-locale="el" async></script>
 *
 *   data-centre  the Community Centre the conversation belongs to (optional: the bot asks)
 *   data-locale  the citizen's language, el en ar fa uk fr (optional: the bot asks)
 *   data-open    "true" opens the chat panel at once
 *
 * It adds a chat button and panel, loads the Bot Framework Web Chat client from HOST (no CDN)
 * and connects it to HOST's Direct Line endpoint. The conversation id and token are kept in
 * sessionStorage, so a reload shows the same conversation; closing the tab forgets it, which
 * matters on shared computers (libraries, NGO offices). Nothing here renders citizen text:
 * Web Chat does, as text; our own strings are set with textContent only.
 */
(function () {
  'use strict';

  var script = document.currentScript;
  if (!script || window.kentroWebchat) return;

  var ORIGIN = new URL(script.src, window.location.href).origin;
  var DOMAIN = ORIGIN + '/v3/directline';
  var CENTRE = script.getAttribute('data-centre') || '';
  var LOCALE = script.getAttribute('data-locale') || '';
  var START_OPEN = script.getAttribute('data-open') === 'true';
  var STORAGE_KEY = 'kentro-webchat:' + ORIGIN + ':' + (CENTRE || '-');

  var LANGUAGES = ['el', 'en', 'ar', 'fa', 'uk', 'fr'];
  // Web Chat's own locale per language. It has no Farsi pack: fa-IR falls back to English
  // strings, overridden below, and Web Chat does not know Farsi is right-to-left.
  var WEBCHAT_LOCALE = { el: 'el-GR', en: 'en-US', ar: 'ar-SA', fa: 'fa-IR', uk: 'uk-UA', fr: 'fr-FR' };
  var RTL = { ar: true, fa: true };

  var UI = {
    el: { open: 'Συνομιλία', title: 'Κέντρο Κοινότητας · βοηθός', close: 'Κλείσιμο συνομιλίας', loading: 'Φόρτωση…', error: 'Η συνομιλία δεν είναι διαθέσιμη αυτή τη στιγμή. Δοκιμάστε ξανά σε λίγο.', retry: 'Δοκιμάστε ξανά' },
    en: { open: 'Chat', title: 'Community Centre · assistant', close: 'Close the chat', loading: 'Loading…', error: 'The chat is not available right now. Please try again in a moment.', retry: 'Try again' },
    ar: { open: 'محادثة', title: 'مركز المجتمع · المساعد', close: 'إغلاق المحادثة', loading: 'جارٍ التحميل…', error: 'المحادثة غير متاحة الآن. حاول مرة أخرى بعد قليل.', retry: 'حاول مرة أخرى' },
    fa: { open: 'گفتگو', title: 'مرکز اجتماعی · دستیار', close: 'بستن گفتگو', loading: 'در حال بارگذاری…', error: 'گفتگو در حال حاضر در دسترس نیست. لطفاً کمی بعد دوباره امتحان کنید.', retry: 'دوباره امتحان کنید' },
    uk: { open: 'Чат', title: 'Громадський центр · помічник', close: 'Закрити чат', loading: 'Завантаження…', error: 'Чат зараз недоступний. Спробуйте ще раз за хвилину.', retry: 'Спробувати ще раз' },
    fr: { open: 'Discuter', title: 'Centre communautaire · assistant', close: 'Fermer la discussion', loading: 'Chargement…', error: 'La discussion n’est pas disponible pour le moment. Réessayez dans un instant.', retry: 'Réessayer' },
  };

  // The Web Chat strings a citizen sees or hears (screen readers), in Farsi.
  var FARSI = {
    TEXT_INPUT_PLACEHOLDER: 'پیام خود را بنویسید',
    TEXT_INPUT_ALT: 'جعبهٔ نوشتن پیام',
    TEXT_INPUT_SEND_BUTTON_ALT: 'ارسال',
    TEXT_INPUT_UPLOAD_BUTTON_ALT: 'فرستادن فایل',
    TEXT_INPUT_LENGTH_EXCEEDED_ALT: 'پیام بیش از حد طولانی است',
    SEND_BOX_IS_EMPTY_TOOLTIP_ALT: 'پیام خالی را نمی‌توان فرستاد.',
    ACTIVITY_BOT_SAID_ALT: 'دستیار $1 گفت:',
    ACTIVITY_YOU_SAID_ALT: 'شما گفتید:',
    ACTIVITY_STATUS_SEND_FAILED_RETRY: 'ارسال نشد. [دوباره امتحان کنید][RETRY].',
    ACTIVITY_STATUS_SEND_STATUS_ALT_SENDING: 'در حال ارسال',
    ACTIVITY_STATUS_SEND_STATUS_ALT_SENT_AT: 'ارسال‌شده در $1',
    ACTIVITY_STATUS_TIMESTAMP_JUST_NOW: 'همین الان',
    ACTIVITY_STATUS_TIMESTAMP_ONE_MINUTE_AGO: 'یک دقیقه پیش',
    ACTIVITY_STATUS_TIMESTAMP_ONE_HOUR_AGO: 'یک ساعت پیش',
    ACTIVITY_STATUS_TIMESTAMP_TODAY: 'امروز',
    ACTIVITY_STATUS_TIMESTAMP_YESTERDAY: 'دیروز',
    CONNECTIVITY_STATUS_ALT: 'وضعیت اتصال: $1',
    CONNECTIVITY_STATUS_ALT_CONNECTED: 'متصل',
    CONNECTIVITY_STATUS_ALT_CONNECTING: 'در حال اتصال…',
    CONNECTIVITY_STATUS_ALT_FATAL: 'اتصال برقرار نشد.',
    CONNECTIVITY_STATUS_ALT_RECONNECTING: 'اتصال قطع شد. در حال اتصال دوباره…',
    CONNECTIVITY_STATUS_ALT_SLOW_CONNECTION: 'اتصال بیش از معمول طول می‌کشد.',
    SUGGESTED_ACTIONS_LABEL_ALT: 'گزینه‌های پیشنهادی',
    SUGGESTED_ACTIONS_FLIPPER_NEXT_ALT: 'بعدی',
    SUGGESTED_ACTIONS_FLIPPER_PREVIOUS_ALT: 'قبلی',
    TRANSCRIPT_ARIA_LABEL_ALT: 'تاریخچهٔ گفتگو؛ با کلیدهای جهت‌نما حرکت کنید.',
    TRANSCRIPT_MORE_MESSAGES: 'پیام‌های بیشتر',
    TRANSCRIPT_NEW_MESSAGES: 'پیام‌های تازه',
    TRANSCRIPT_TERMINATOR_TEXT: 'پایان تاریخچهٔ گفتگو',
    TYPING_INDICATOR_ALT: 'در حال نوشتن',
    TYPING_INDICATOR_SINGLE_TEXT: '$1 در حال نوشتن است.',
  };

  var STYLE_OPTIONS = {
    accent: '#0d5eaf',
    primaryFont: "'Noto Sans', 'Noto Sans Arabic', 'Segoe UI', Tahoma, Arial, sans-serif",
    bubbleBorderRadius: 10,
    bubbleFromUserBorderRadius: 10,
    bubbleFromUserBackground: '#e3eefa',
    bubbleMaxWidth: 600,
    botAvatarInitials: '',
    userAvatarInitials: '',
    // Buttons beat typing: all of them visible, large enough to tap.
    suggestedActionLayout: 'flow',
    suggestedActionHeight: 44,
    suggestedActionBorderRadius: 22,
    hideUploadButton: true,
    maxMessageLength: 4000,
    sendBoxHeight: 48,
  };

  function languageOf(tag) {
    if (!tag) return null;
    var primary = String(tag).toLowerCase().split(/[-_]/)[0];
    return LANGUAGES.indexOf(primary) >= 0 ? primary : null;
  }

  // ── session ───────────────────────────────────────────────────────────────────────────
  function loadSession() {
    try {
      var saved = JSON.parse(window.sessionStorage.getItem(STORAGE_KEY) || 'null');
      return saved && typeof saved.conversationId === 'string' && typeof saved.token === 'string' ? saved : null;
    } catch {
      return null;
    }
  }
  function saveSession(session) {
    try {
      window.sessionStorage.setItem(STORAGE_KEY, JSON.stringify(session));
    } catch {
      // Storage blocked (private mode, policy): the chat works, a reload starts over.
    }
  }
  function forgetSession() {
    try {
      window.sessionStorage.removeItem(STORAGE_KEY);
    } catch {
      // as above
    }
  }

  var saved = loadSession();
  var state = {
    lang: languageOf(LOCALE) || (saved && languageOf(saved.lang)) || languageOf(document.documentElement.lang) || languageOf(navigator.language) || 'el',
    conversationId: null,
    directLine: null,
    store: null,
    started: false,
    open: false,
    renderQueued: false,
  };

  function persist() {
    if (!state.conversationId) return;
    // Web Chat refreshes the token every 15 minutes; keep the newest for the next reload.
    var token = (state.directLine && state.directLine.token) || (loadSession() || {}).token;
    if (token) saveSession({ conversationId: state.conversationId, token: token, lang: state.lang, open: state.open });
  }

  // ── page elements ─────────────────────────────────────────────────────────────────────
  var css = [
    '.kentro-wc-launcher{position:fixed;right:1.25rem;bottom:1.25rem;z-index:2147483000;display:inline-flex;align-items:center;gap:.5rem;',
    'min-height:3.25rem;padding:0 1.25rem;border:0;border-radius:1.625rem;background:#0d5eaf;color:#fff;font:600 1.05rem/1 system-ui,sans-serif;',
    'box-shadow:0 4px 14px rgba(0,0,0,.25);cursor:pointer}',
    '.kentro-wc-launcher:focus-visible,.kentro-wc-close:focus-visible,.kentro-wc-retry:focus-visible{outline:3px solid #ffb400;outline-offset:2px}',
    '.kentro-wc-launcher[aria-expanded="true"]{display:none}',
    '.kentro-wc-panel{position:fixed;right:1.25rem;bottom:1.25rem;z-index:2147483000;display:flex;flex-direction:column;',
    'width:min(26rem,calc(100vw - 2.5rem));height:min(42rem,calc(100vh - 2.5rem));background:#fff;border-radius:12px;overflow:hidden;',
    'box-shadow:0 8px 30px rgba(0,0,0,.3);font-family:system-ui,sans-serif}',
    '.kentro-wc-panel[hidden]{display:none}',
    // The corner follows the host page's direction, not the chat's: a language switch must not move the panel.
    '.kentro-wc-start{right:auto;left:1.25rem}',
    '.kentro-wc-header{display:flex;align-items:center;justify-content:space-between;gap:.5rem;padding:.6rem .75rem .6rem 1rem;background:#0d5eaf;color:#fff}',
    '.kentro-wc-title{margin:0;font-size:1.05rem;font-weight:600}',
    '.kentro-wc-close{width:2.75rem;height:2.75rem;border:0;border-radius:50%;background:transparent;color:#fff;font-size:1.6rem;line-height:1;cursor:pointer}',
    '.kentro-wc-body{flex:1;min-height:0}',
    '.kentro-wc-status{margin:1rem;color:#1d2630}',
    '.kentro-wc-status:empty{display:none}',
    '.kentro-wc-retry{display:block;margin:.75rem 0 0;min-height:2.75rem;padding:0 1rem;border:2px solid #0d5eaf;border-radius:1.375rem;background:#fff;color:#0d5eaf;font-weight:600;cursor:pointer}',
    '@media (max-width:30rem){.kentro-wc-panel{inset:0;width:100vw;height:100%;border-radius:0}}',
  ].join('');

  var style = document.createElement('style');
  style.textContent = css;
  document.head.appendChild(style);

  var launcher = document.createElement('button');
  launcher.type = 'button';
  launcher.className = 'kentro-wc-launcher';
  launcher.setAttribute('aria-expanded', 'false');
  launcher.setAttribute('aria-controls', 'kentro-wc-panel');
  var launcherIcon = document.createElement('span');
  launcherIcon.setAttribute('aria-hidden', 'true');
  launcherIcon.textContent = '💬';
  var launcherLabel = document.createElement('span');
  launcher.appendChild(launcherIcon);
  launcher.appendChild(launcherLabel);

  var panel = document.createElement('section');
  panel.id = 'kentro-wc-panel';
  panel.className = 'kentro-wc-panel';
  panel.hidden = true;
  panel.setAttribute('aria-labelledby', 'kentro-wc-title');
  var header = document.createElement('div');
  header.className = 'kentro-wc-header';
  var title = document.createElement('h2');
  title.id = 'kentro-wc-title';
  title.className = 'kentro-wc-title';
  var closeButton = document.createElement('button');
  closeButton.type = 'button';
  closeButton.className = 'kentro-wc-close';
  closeButton.textContent = '×';
  header.appendChild(title);
  header.appendChild(closeButton);
  var status = document.createElement('p');
  status.className = 'kentro-wc-status';
  status.setAttribute('role', 'status');
  var body = document.createElement('div');
  body.className = 'kentro-wc-body';
  panel.appendChild(header);
  panel.appendChild(status);
  panel.appendChild(body);

  function mountElements() {
    if (window.getComputedStyle(document.documentElement).direction === 'rtl') {
      launcher.classList.add('kentro-wc-start');
      panel.classList.add('kentro-wc-start');
    }
    document.body.appendChild(launcher);
    document.body.appendChild(panel);
  }

  function labelChrome() {
    var ui = UI[state.lang];
    panel.setAttribute('lang', state.lang);
    panel.setAttribute('dir', RTL[state.lang] ? 'rtl' : 'ltr');
    launcher.setAttribute('lang', state.lang);
    launcherLabel.textContent = ui.open;
    title.textContent = ui.title;
    closeButton.setAttribute('aria-label', ui.close);
  }

  function setStatus(text, withRetry) {
    status.textContent = text;
    if (withRetry) {
      var retry = document.createElement('button');
      retry.type = 'button';
      retry.className = 'kentro-wc-retry';
      retry.textContent = UI[state.lang].retry;
      retry.addEventListener('click', start);
      status.appendChild(retry);
    }
  }

  function openPanel() {
    state.open = true;
    panel.hidden = false;
    launcher.setAttribute('aria-expanded', 'true');
    persist();
    start();
    var input = panel.querySelector('[data-id="webchat-sendbox-input"]');
    if (input) input.focus();
  }

  function closePanel() {
    state.open = false;
    panel.hidden = true;
    launcher.setAttribute('aria-expanded', 'false');
    persist();
    launcher.focus();
  }

  launcher.addEventListener('click', openPanel);
  closeButton.addEventListener('click', closePanel);
  panel.addEventListener('keydown', function (event) {
    if (event.key === 'Escape') closePanel();
  });

  // ── Direct Line ───────────────────────────────────────────────────────────────────────
  function api(method, path, token, payload) {
    var headers = { accept: 'application/json' };
    if (token) headers.authorization = 'Bearer ' + token;
    if (payload) headers['content-type'] = 'application/json';
    return fetch(DOMAIN + path, { method: method, headers: headers, body: payload ? JSON.stringify(payload) : undefined }).then(function (res) {
      if (!res.ok) throw new Error('HTTP ' + res.status);
      return res.json();
    });
  }

  /** The stored conversation when its token still works (refreshed), otherwise a new one. */
  function conversation() {
    var session = loadSession();
    var resumed = session
      ? api('POST', '/tokens/refresh', session.token).then(function (answer) {
          return { conversationId: session.conversationId, token: answer.token };
        })
      : Promise.reject(new Error('no session'));
    return resumed.catch(function () {
      forgetSession();
      var start = {};
      if (CENTRE) start.centre = CENTRE;
      if (LOCALE) start.locale = LOCALE;
      return api('POST', '/conversations', null, start).then(function (answer) {
        return { conversationId: answer.conversationId, token: answer.token };
      });
    });
  }

  function loadWebChat() {
    if (window.WebChat) return Promise.resolve(window.WebChat);
    return new Promise(function (resolve, reject) {
      var tag = document.createElement('script');
      tag.src = ORIGIN + '/vendor/botframework-webchat.js';
      tag.async = true;
      tag.onload = function () {
        if (window.WebChat) resolve(window.WebChat);
        else reject(new Error('Web Chat did not load'));
      };
      tag.onerror = function () {
        reject(new Error('Web Chat did not load'));
      };
      document.head.appendChild(tag);
    });
  }

  /** The bot's replies carry their language: when it changes, Web Chat follows (locale, direction). */
  function follow(activity) {
    if (!activity || activity.type !== 'message' || !activity.from || activity.from.role !== 'bot') return;
    var lang = languageOf(activity.locale);
    if (!lang || lang === state.lang) return;
    state.lang = lang;
    persist();
    // Not inside the store's dispatch: re-render on the next tick.
    if (!state.renderQueued) {
      state.renderQueued = true;
      setTimeout(render, 0);
    }
  }

  function render() {
    state.renderQueued = false;
    labelChrome();
    var rtl = !!RTL[state.lang];
    window.WebChat.renderWebChat(
      {
        directLine: state.directLine,
        store: state.store,
        locale: WEBCHAT_LOCALE[state.lang],
        dir: rtl ? 'rtl' : 'ltr',
        overrideLocalizedStrings: state.lang === 'fa' ? FARSI : undefined,
        styleOptions: STYLE_OPTIONS,
        sendTypingIndicator: false,
      },
      body,
    );
  }

  function start() {
    if (state.started) return;
    state.started = true;
    setStatus(UI[state.lang].loading, false);
    Promise.all([loadWebChat(), conversation()]).then(
      function (results) {
        var WebChat = results[0];
        var c = results[1];
        state.conversationId = c.conversationId;
        // watermark 0: the stream replays the whole conversation, so a reload shows the history.
        state.directLine = WebChat.createDirectLine({ domain: DOMAIN, token: c.token, conversationId: c.conversationId, watermark: '0' });
        state.store = WebChat.createStore({}, function () {
          return function (next) {
            return function (action) {
              if (action.type === 'DIRECT_LINE/INCOMING_ACTIVITY') follow(action.payload && action.payload.activity);
              return next(action);
            };
          };
        });
        saveSession({ conversationId: c.conversationId, token: c.token, lang: state.lang, open: state.open });
        setStatus('', false);
        render();
        window.setInterval(persist, 60 * 1000);
        window.addEventListener('pagehide', persist);
      },
      function () {
        state.started = false;
        setStatus(UI[state.lang].error, true);
      },
    );
  }

  window.kentroWebchat = { open: openPanel, close: closePanel };

  function init() {
    mountElements();
    labelChrome();
    if (START_OPEN || (saved && saved.open)) openPanel();
    else if (saved) start();
  }

  if (document.body) init();
  else document.addEventListener('DOMContentLoaded', init);
})();
