// Blind replica of claude.ai's settings pages (Next.js app with client-side routing).
// Written from /work/shared/evidence/settings-pages.md §2 alone; README.md says what rests on what.
// No public source shows the real toggle's markup, so the switches follow React Aria's Switch (a kit
// many React apps use): a visually hidden native <input type="checkbox" role="switch"> inside a
// <label>, whose state is the native `checked` property and which carries no aria-checked.
(function () {
  'use strict';
  const R = window.__REPLICA__ || {};
  const user = R.user || { name: 'Jane Doe', email: 'jane.doe@example.com' };
  const chats = R.recent_chats || [];
  const drifted = Replica.has('drifted');
  const TRAIN_LABEL = drifted ? 'Help improve Claude' : 'Help improve our AI models';
  const TRAIN_DESC = 'Allow the use of your chats and coding sessions to train and improve Anthropic AI models.';

  function h(tag, attrs, ...children) {
    const el = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v === null || v === undefined || v === false) continue;
      if (k.startsWith('on') && typeof v === 'function') el.addEventListener(k.slice(2), v);
      else if (k === 'className') el.className = v;
      else el.setAttribute(k, v === true ? '' : v);
    }
    for (const c of children.flat()) {
      if (c === null || c === undefined || c === false) continue;
      el.append(c.nodeType ? c : document.createTextNode(String(c)));
    }
    return el;
  }
  let seq = 0;
  const uid = (p) => `${p}-:r${(seq++).toString(36)}:`;

  // ------------------------------------------------------------------ React Aria style switch
  function switchControl({ labelledby, describedby, checked, onChange }) {
    const input = h('input', { type: 'checkbox', role: 'switch', 'aria-labelledby': labelledby,
      'aria-describedby': describedby, tabindex: '0' });
    input.checked = !!checked;
    const label = h('label', { className: 'rac-switch', 'data-rac': '', 'data-selected': checked ? 'true' : null },
      h('span', { className: 'visually-hidden' }, input),
      h('span', { className: 'track', 'aria-hidden': 'true' }, h('span', { className: 'thumb' },
        h('span', { className: 'icon' }, checked ? '✓' : '✕'))));
    // The native checkbox flips itself on click and on Space; every flip is saved.
    input.addEventListener('change', () => {
      label.toggleAttribute('data-selected', input.checked);
      label.querySelector('.icon').textContent = input.checked ? '✓' : '✕';
      onChange(input.checked);
    });
    return label;
  }

  function settingRow({ title, desc, key, value, onChange, extra }) {
    const t = uid('title'), d = uid('desc');
    return h('div', { className: 'setting-row' },
      h('div', { className: 'setting-text' },
        h('h3', { id: t, className: 'setting-title' }, title),
        h('p', { id: d, className: 'setting-desc' }, desc, extra || null)),
      switchControl({ labelledby: t, describedby: d, checked: value, onChange: onChange || ((v) => Replica.save({ [key]: v })) }));
  }

  // ------------------------------------------------------------------ settings data
  let data = null;        // the person's settings once loaded
  let failed = false;
  function load() {
    return fetch('/__replica__/settings', { cache: 'no-store', credentials: 'include' })
      .then((r) => { if (!r.ok) throw new Error('HTTP ' + r.status); return r.json(); })
      .then((d) => { data = d; })
      .catch(() => { failed = true; });
  }

  // ------------------------------------------------------------------ routes
  const NAV = drifted
    ? [['profile', 'Profile'], ['appearance', 'Appearance'], ['account', 'Account'],
       ['data-privacy-controls', 'Privacy'], ['billing', 'Billing']]
    : [['general', 'General'], ['account', 'Account'], ['data-privacy-controls', 'Privacy'], ['billing', 'Billing'],
       ['capabilities', 'Capabilities'], ['connectors', 'Connectors'], ['claude-code', 'Claude Code'], ['cowork', 'Cowork']];
  const HOME = drifted ? 'profile' : 'general';

  function resolve(path) {
    // /settings goes to the first page; /settings/privacy is the older alias of the privacy page.
    if (path === '/settings' || path === '/settings/') return '/settings/' + HOME;
    if (path === '/settings/privacy') return '/settings/data-privacy-controls';
    const m = /^\/settings\/([a-z-]+)\/?$/.exec(path);
    if (m && !NAV.some((n) => n[0] === m[1])) return '/settings/' + HOME;
    return path;
  }

  const root = document.getElementById('root');

  function accountMenu() {
    const btnId = uid('menu-trigger');
    const initials = user.name.split(' ').map((p) => p[0]).join('');
    const button = h('button', { type: 'button', id: btnId, 'aria-haspopup': 'menu', 'aria-expanded': 'false',
      className: 'account-button', 'data-testid': 'user-menu-button' },
    h('span', { className: 'initials', 'aria-hidden': 'true' }, initials),
    h('span', { className: 'account-text' }, h('span', { className: 'account-name' }, user.name),
      h('span', { className: 'account-plan' }, 'Pro plan')),
    h('span', { 'aria-hidden': 'true' }, '⌄'));
    let menu = null;
    const close = () => { if (menu) { menu.remove(); menu = null; button.setAttribute('aria-expanded', 'false'); } };
    const item = (label, href) => h('a', { role: 'menuitem', href, tabindex: '-1', className: 'menu-item',
      onclick: (e) => { close(); if (href.startsWith('/settings')) { e.preventDefault(); go(href); } } }, label);
    const open = () => {
      menu = h('div', { role: 'menu', 'aria-labelledby': btnId, className: 'account-menu' },
        h('div', { className: 'menu-email' }, user.email),
        item('Settings', '/settings'), item('Language', '/settings/general'), item('Get help', 'https://support.anthropic.com/'),
        h('hr', { role: 'separator' }),
        item('Upgrade plan', '/upgrade'), item('Learn more', 'https://www.anthropic.com/'),
        h('hr', { role: 'separator' }),
        item('Log out', '/logout'));
      button.after(menu);
      button.setAttribute('aria-expanded', 'true');
      menu.querySelector('[role=menuitem]').focus();
    };
    button.addEventListener('click', () => (menu ? close() : open()));
    document.addEventListener('keydown', (e) => { if (e.key === 'Escape') close(); });
    return h('div', { className: 'account-wrap' }, button);
  }

  function sidebar() {
    return h('nav', { className: 'sidebar', 'aria-label': 'Sidebar' },
      h('a', { href: '/new', className: 'side-link new-chat' }, 'New chat'),
      h('a', { href: '/recents', className: 'side-link' }, 'Chats'),
      h('a', { href: '/projects', className: 'side-link' }, 'Projects'),
      h('h2', { className: 'side-heading' }, 'Recents'),
      h('ul', { className: 'recents' }, chats.map((c) => h('li', {}, h('a', { href: `/chat/${c.id}`, className: 'side-link' }, c.title)))),
      accountMenu());
  }

  function settingsNav(active) {
    return h('nav', { className: 'settings-nav', 'aria-label': 'Settings' },
      h('ul', {}, NAV.map(([slug, label]) => h('li', {},
        h('a', { href: `/settings/${slug}`, 'aria-current': slug === active ? 'page' : null,
          className: 'settings-link', onclick: (e) => { e.preventDefault(); go(`/settings/${slug}`); } }, label)))));
  }

  function privacyPage() {
    const out = [h('h2', { className: 'page-title' }, 'Privacy')];
    const section = h('section', { className: 'card', 'aria-labelledby': 'privacy-settings-heading' },
      h('h3', { id: 'privacy-settings-heading', className: 'section-title' }, 'Privacy settings'));
    if (!data && !failed) {
      section.append(h('div', { className: 'skeleton-row', 'aria-busy': 'true' }), h('div', { className: 'skeleton-row' }));
    } else {
      const d = data || {};   // no data: the switches fall back to their default, unchecked
      if (failed) {
        out.push(h('div', { role: 'alert', className: 'toast' }, 'Something went wrong loading your settings. Please try again.'));
      }
      section.append(
        settingRow({ title: TRAIN_LABEL, desc: TRAIN_DESC + ' ', key: 'grove_enabled', value: !!d.grove_enabled }),
        settingRow({ title: 'Location metadata',
          desc: 'Allow Claude to use coarse location metadata (city/region) to improve product experiences. ',
          extra: h('a', { href: 'https://privacy.anthropic.com/', className: 'link' }, 'Learn more.'),
          key: 'location_metadata', value: !!d.location_metadata }));
    }
    out.push(section,
      h('section', { className: 'card' },
        h('div', { className: 'plain-row' }, h('div', {}, h('h3', { className: 'setting-title' }, 'Export data')),
          h('button', { type: 'button', className: 'btn' }, 'Export data')),
        h('div', { className: 'plain-row' }, h('div', {}, h('h3', { className: 'setting-title' }, 'Shared chats')),
          h('button', { type: 'button', className: 'btn' }, 'Manage'))),
      h('p', { className: 'footer-links' }, h('a', { href: 'https://www.anthropic.com/legal/privacy', className: 'link' }, 'Privacy Policy'),
        ' · ', h('button', { type: 'button', className: 'linklike' }, 'Your privacy choices')));
    return out;
  }

  function accountPage() {
    return [h('h2', { className: 'page-title' }, 'Account'),
      h('section', { className: 'card' },
        h('div', { className: 'plain-row' }, h('span', {}, 'Email'), h('span', {}, user.email)),
        h('div', { className: 'plain-row' }, h('span', {}, 'Log out of all devices'), h('button', { type: 'button', className: 'btn' }, 'Log out')),
        h('div', { className: 'plain-row' }, h('span', {}, 'Delete your account'), h('button', { type: 'button', className: 'btn danger' }, 'Delete account')))];
  }

  function profilePage(title) {
    return [h('h2', { className: 'page-title' }, title),
      h('section', { className: 'card' },
        h('label', { className: 'field' }, 'Full name', h('input', { type: 'text', value: user.name })),
        h('label', { className: 'field' }, 'What should Claude call you?', h('input', { type: 'text', value: user.name.split(' ')[0] })))];
  }

  function pageFor(slug) {
    if (slug === 'data-privacy-controls') return privacyPage();
    if (slug === 'account') return accountPage();
    if (slug === 'general' || slug === 'profile') return profilePage(slug === 'general' ? 'General' : 'Profile');
    return [h('h2', { className: 'page-title' }, (NAV.find((n) => n[0] === slug) || [0, slug])[1])];
  }

  let current = null;
  function renderSettings(slug) {
    current = slug;
    document.title = 'Settings - Claude';
    root.replaceChildren(h('div', { className: 'layout' }, sidebar(),
      h('main', { className: 'main' },
        h('h1', { className: 'settings-heading' }, 'Settings'),
        h('div', { className: 'settings-grid' }, settingsNav(slug), h('div', { className: 'settings-content' }, pageFor(slug))))));
  }

  function renderChat() {
    document.title = 'Claude';
    root.replaceChildren(h('div', { className: 'layout' }, sidebar(),
      h('main', { className: 'main center' },
        h('h1', { className: 'greeting' }, `Good afternoon, ${user.name.split(' ')[0]}`),
        h('div', { 'aria-label': 'Write your prompt to Claude', className: 'composer' },
          h('div', { className: 'ProseMirror', contenteditable: 'true', role: 'textbox' })),
        h('button', { type: 'button', 'aria-label': 'Send message', className: 'btn', disabled: true }, 'Send'))));
  }

  // ------------------------------------------------------------------ signed out, onboarding, terms
  function renderLogin() {
    document.title = 'Claude';
    root.replaceChildren(h('main', { className: 'login' },
      h('div', { className: 'logo', 'aria-hidden': 'true' }, '✳'),
      h('h1', {}, 'Log in or sign up'),
      h('button', { type: 'button', className: 'btn wide' }, 'Continue with Google'),
      h('div', { className: 'or' }, 'OR'),
      h('form', { onsubmit: (e) => e.preventDefault() },
        h('label', { for: 'email' }, 'Email'),
        h('input', { id: 'email', type: 'email', placeholder: 'Enter your email', autocomplete: 'email' }),
        h('button', { type: 'submit', className: 'btn primary wide' }, 'Continue with email')),
      h('p', { className: 'fine' }, 'By continuing, you acknowledge Anthropic’s ', h('a', { href: 'https://www.anthropic.com/legal/privacy' }, 'Privacy Policy'), '.')));
  }

  function renderOnboarding() {
    document.title = 'Claude';
    const t = uid('title'), d = uid('desc');
    let choice = true;   // on until the person turns it off (inferred)
    root.replaceChildren(h('main', { className: 'onboarding' },
      h('h1', {}, 'Before your first chat'),
      h('p', { className: 'lead' }, 'A few things to know, plus one setting to review'),
      h('div', { className: 'setting-row card' },
        h('div', { className: 'setting-text' }, h('h2', { id: t, className: 'setting-title' }, 'Help improve our AI models'),
          h('p', { id: d, className: 'setting-desc' }, TRAIN_DESC)),
        switchControl({ labelledby: t, describedby: d, checked: choice, onChange: (v) => { choice = v; } })),
      h('button', { type: 'button', className: 'btn primary', onclick: () => {
        Replica.save({ grove_enabled: choice, onboarded: true }).then(() => location.assign('/new'));
      } }, 'Continue')));
  }

  function termsDialog() {
    const grace = Replica.has('terms_pending');
    const titleId = uid('dialog-title');
    let choice = true;   // on by default (source 002, §2 Interstitial)
    const t = uid('title'), d = uid('desc');
    const toggleLabel = grace ? 'You can help improve Claude' : 'Help improve our AI models';
    const toggleDesc = grace
      ? h('p', { id: d, className: 'setting-desc' }, TRAIN_DESC, ' Change anytime in your ',
        h('a', { href: '/settings/data-privacy-controls', className: 'link' }, 'Privacy Settings'), '.')
      : h('p', { id: d, className: 'setting-desc' }, TRAIN_DESC);
    const dlg = h('div', { role: 'dialog', 'aria-modal': 'true', 'aria-labelledby': titleId, className: 'modal' },
      h('h2', { id: titleId, className: 'modal-title' },
        grace ? 'Updates to Consumer Terms and Policies' : 'We’ve updated our Consumer Terms and Privacy Policy.'),
      grace ? h('p', {}, 'An update to our Consumer Terms and Privacy Policy will take effect on ', h('strong', {}, 'October 8, 2025'),
        '. You can accept the updated terms today.') : null,
      grace ? h('h3', { className: 'section-title' }, 'What’s changing?') : null,
      h('div', { className: 'setting-row' },
        h('div', { className: 'setting-text' }, h('h4', { id: t, className: 'setting-title' }, toggleLabel), toggleDesc),
        switchControl({ labelledby: t, describedby: d, checked: choice, onChange: (v) => { choice = v; } })),
      grace
        ? h('div', { className: 'bullet' }, h('h4', { className: 'setting-title' }, 'Updates to data retention'),
          h('p', { className: 'setting-desc' }, 'To help us improve our AI models and safety protections, we’re extending data retention to 5 years.'))
        : h('div', { className: 'bullet' }, h('h4', { className: 'setting-title' }, 'How this affects data retention'),
          h('p', { className: 'setting-desc' }, 'Turning ON the improve Claude setting extends data retention from 30 days to 5 years. Turning it OFF keeps the default 30-day data retention. Delete data anytime.')),
      h('p', { className: 'modal-foot' }, 'Please select how you’d like to continue'),
      h('p', { className: 'setting-desc' }, 'Your choice takes effect immediately upon confirmation.'),
      h('div', { className: 'modal-actions' },
        grace ? h('button', { type: 'button', className: 'btn', onclick: () => wrap.remove() }, 'Not now') : null,
        h('button', { type: 'button', className: 'btn primary big', onclick: () => {
          Replica.save({ grove_enabled: choice, terms_accepted: true }).then(() => wrap.remove());
        } }, 'Accept')));
    const wrap = h('div', { className: 'modal-backdrop' }, dlg);
    document.getElementById('portal').append(wrap);
    dlg.querySelector('button.primary').focus();
  }

  // ------------------------------------------------------------------ navigation
  function go(path, replace) {
    const target = resolve(path);
    if (replace || target !== path) history.replaceState(null, '', target); else history.pushState(null, '', target);
    render();
  }
  function render() {
    const path = location.pathname;
    if (!Replica.signedIn) {
      if (path !== '/login') { history.replaceState(null, '', '/login?returnTo=' + encodeURIComponent(path)); }
      return renderLogin();
    }
    if (Replica.has('new_account') && !Replica.settings.onboarded) {
      if (path !== '/onboarding') history.replaceState(null, '', '/onboarding');
      return renderOnboarding();
    }
    const target = resolve(path);
    if (target !== path) history.replaceState(null, '', target);
    const m = /^\/settings\/([a-z-]+)$/.exec(target);
    if (m) renderSettings(m[1]); else renderChat();
  }
  window.addEventListener('popstate', render);

  Replica.whenReady(() => {
    render();
    if (!Replica.signedIn || Replica.has('new_account')) return;
    if (Replica.has('terms_pending') || Replica.has('terms_required')) termsDialog();
    load().then(() => { if (current) renderSettings(current); });
  });
})();
