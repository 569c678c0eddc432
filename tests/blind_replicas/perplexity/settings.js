// Blind replica of Perplexity's app shell and account settings (a Next.js app with client routing).
// Written from /work/shared/evidence alone; README.md says what rests on what. No real DOM is known
// (settings-pages.md §6 "DOM: None real"), so the controls are an in-house kit (inferred): the current
// switch is a <div role="switch" aria-checked tabindex="0"> that handles Space and Enter itself; the
// older layout's toggle is a <button aria-pressed>.
(function () {
  'use strict';
  const R = window.__REPLICA__ || {};
  const user = R.user || { name: 'Jane Doe', email: 'jane.doe@example.com', username: 'janedoe' };
  const chats = R.recent_chats || [];
  const drifted = Replica.has('drifted');
  const enterprise = Replica.has('enterprise');
  const plan = enterprise ? 'Enterprise Pro' : 'Pro';

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
  const uid = (p) => `${p}-${(seq++).toString(36)}`;

  let data = null;

  // ------------------------------------------------------------------ controls
  function divSwitch(labelId, descId, key) {
    const el = h('div', { role: 'switch', tabindex: '0', 'aria-labelledby': labelId, 'aria-describedby': descId,
      className: 'toggle' }, h('span', { className: 'toggle-knob' }));
    const paint = () => {
      el.setAttribute('aria-checked', data[key] ? 'true' : 'false');
      el.dataset.state = data[key] ? 'on' : 'off';
    };
    const flip = () => { data[key] = !data[key]; paint(); Replica.save({ [key]: data[key] }); };
    el.addEventListener('click', flip);
    // Not a native control: it takes Space and Enter itself, as the real one would.
    el.addEventListener('keydown', (e) => { if (e.key === ' ' || e.key === 'Enter') { e.preventDefault(); flip(); } });
    paint();
    return el;
  }
  function pressedToggle(labelId, key) {
    const el = h('button', { type: 'button', 'aria-labelledby': labelId, className: 'pill-toggle' },
      h('span', { className: 'pill-knob', 'aria-hidden': 'true' }));
    const paint = () => { el.setAttribute('aria-pressed', data[key] ? 'true' : 'false'); };
    el.addEventListener('click', () => { data[key] = !data[key]; paint(); Replica.save({ [key]: data[key] }); });
    paint();
    return el;
  }
  function selectRow(label, options, key) {
    const id = uid('sel');
    const sel = h('select', { id, className: 'select', onchange: (e) => Replica.save({ [key]: e.target.value }) },
      options.map((o) => h('option', { value: o.toLowerCase() }, o)));
    return h('div', { className: 'row' }, h('label', { for: id, className: 'row-title' }, label), sel);
  }
  const skeleton = () => h('div', { className: 'skeleton', 'aria-hidden': 'true' });

  // ------------------------------------------------------------------ current settings pages
  const NAV = [
    ['details', 'Account'], ['preferences', 'Preferences'], ['personalization', 'Personalization'],
    ['assistant', 'Assistant'], ['notifications', 'Notifications'], ['usage', 'Usage and credits'],
    ['connectors', 'Connectors'], ['api', 'API'],
  ];
  function accountDetails() {
    return [h('h1', {}, 'Account'),
      h('section', { className: 'card' },
        h('div', { className: 'row' }, h('span', { className: 'row-title' }, 'Full name'), h('span', {}, user.name)),
        h('div', { className: 'row' }, h('span', { className: 'row-title' }, 'Username'), h('span', {}, user.username || 'janedoe')),
        h('div', { className: 'row' }, h('span', { className: 'row-title' }, 'Email'), h('span', {}, user.email)),
        h('div', { className: 'row' }, h('span', { className: 'row-title' }, 'Subscription'), h('span', {}, plan))),
      h('section', { className: 'card' },
        h('div', { className: 'row' }, h('span', { className: 'row-title' }, 'Sign out of all sessions'), h('button', { type: 'button', className: 'btn' }, 'Sign out all')),
        h('div', { className: 'row' }, h('span', { className: 'row-title' }, 'Delete account'), h('button', { type: 'button', className: 'btn danger' }, 'Delete')))];
  }
  function preferences() {
    const out = [h('h1', {}, 'Preferences'),
      h('section', { className: 'card' },
        selectRow('Appearance', ['System', 'Light', 'Dark'], 'appearance'),
        selectRow('Language', ['Default', 'English', 'Français', 'Deutsch'], 'language'))];
    if (!enterprise) {
      const t = uid('title'), d = uid('desc');
      out.push(h('section', { className: 'card', 'aria-labelledby': 'ai-heading' },
        h('h2', { id: 'ai-heading', className: 'section-title' }, 'Artificial Intelligence'),
        data ? h('div', { className: 'row' },
          h('div', {}, h('div', { id: t, className: 'row-title' }, 'AI data retention'),
            h('p', { id: d, className: 'row-desc' }, 'AI Data Retention allows Perplexity to use your searches to improve AI models. Turn this setting off if you wish to exclude your data from this process.')),
          divSwitch(t, d, 'ai_data_retention')) : skeleton()));
    }
    return out;
  }
  function plainPage(title) { return [h('h1', {}, title)]; }

  // ------------------------------------------------------------------ the older (2024) settings page
  const OLD_TABS = [['account', 'Account'], ['profile', 'Profile'], ['api', 'API']];
  function oldAccount() {
    const t = uid('title');
    return [h('div', { className: 'row' }, h('span', { className: 'row-title' }, 'Email'), h('span', {}, user.email)),
      h('div', { className: 'row' }, h('span', { className: 'row-title' }, 'Username'), h('span', {}, user.username || 'janedoe')),
      h('div', { className: 'row' }, h('span', { className: 'row-title' }, 'Appearance'), h('span', {}, 'System')),
      data ? h('div', { className: 'row' }, h('span', { id: t, className: 'row-title' }, 'AI Data Usage'), pressedToggle(t, 'ai_data_retention')) : skeleton(),
      h('div', { className: 'row' }, h('span', { className: 'row-title' }, 'Subscription'), h('span', {}, plan)),
      h('div', { className: 'row' }, h('span', { className: 'row-title' }, 'Sign out'), h('button', { type: 'button', className: 'btn' }, 'Sign out'))];
  }

  // ------------------------------------------------------------------ chrome
  function navigate(href) { history.pushState(null, '', href); render(); }
  function profileMenu() {
    const btnId = uid('profile');
    const btn = h('button', { type: 'button', id: btnId, className: 'profile', 'aria-haspopup': 'menu', 'aria-expanded': 'false' },
      h('span', { className: 'avatar', 'aria-hidden': 'true' }, user.name[0]), h('span', {}, user.username || 'janedoe'),
      h('span', { className: 'plan-badge' }, plan));
    let menu = null;
    let incognito = false;
    const close = () => { if (menu) { menu.remove(); menu = null; btn.setAttribute('aria-expanded', 'false'); } };
    btn.addEventListener('click', () => {
      if (menu) return close();
      const inc = h('div', { role: 'menuitemcheckbox', 'aria-checked': String(incognito), tabindex: '-1', className: 'menu-item' }, 'Incognito');
      inc.addEventListener('click', () => { incognito = !incognito; inc.setAttribute('aria-checked', String(incognito)); });
      const settingsItem = h('a', { role: 'menuitem', href: '/account/details', tabindex: '-1', className: 'menu-item',
        onclick: (e) => { e.preventDefault(); close(); navigate(drifted ? '/settings/account' : '/account/details'); } }, 'All settings');
      menu = h('div', { role: 'menu', 'aria-labelledby': btnId, className: 'menu' },
        settingsItem, inc,
        h('a', { role: 'menuitem', href: '/api/auth/signout', tabindex: '-1', className: 'menu-item' }, 'Sign out'));
      btn.after(menu);
      btn.setAttribute('aria-expanded', 'true');
      settingsItem.focus();
    });
    return h('div', { className: 'profile-wrap' }, btn);
  }
  function sidebar() {
    return h('aside', { className: 'sidebar' },
      h('a', { href: '/', className: 'brand' }, 'perplexity'),
      h('a', { href: '/', className: 'side-link new' }, 'New Thread'),
      h('nav', { 'aria-label': 'Main' },
        h('a', { href: '/', className: 'side-link' }, 'Home'), h('a', { href: '/discover', className: 'side-link' }, 'Discover'),
        h('a', { href: '/spaces', className: 'side-link' }, 'Spaces'), h('a', { href: '/library', className: 'side-link' }, 'Library')),
      h('ul', { className: 'threads' }, chats.map((c) => h('li', {}, h('a', { href: `/search/${c.id}`, className: 'side-link small' }, c.title)))),
      Replica.signedIn ? profileMenu() : h('div', { className: 'guest-actions' },
        h('button', { type: 'button', className: 'btn primary', onclick: openSignIn }, 'Sign Up'),
        h('button', { type: 'button', className: 'btn', onclick: openSignIn }, 'Log in')));
  }

  function settingsShell(active, content) {
    return h('div', { className: 'settings' },
      h('nav', { className: 'settings-nav', 'aria-label': 'Settings' },
        h('p', { className: 'settings-label' }, 'Settings'),
        h('ul', {}, NAV.map(([slug, label]) => h('li', {},
          h('a', { href: `/account/${slug}`, className: 'settings-link', 'aria-current': slug === active ? 'page' : null,
            onclick: (e) => { e.preventDefault(); navigate(`/account/${slug}`); } }, label))))),
      h('div', { className: 'settings-main' }, content));
  }
  function oldSettingsShell(active, content) {
    return h('div', { className: 'old-settings' }, h('h1', {}, 'Settings'),
      h('nav', { className: 'old-tabs', 'aria-label': 'Settings sections' },
        OLD_TABS.map(([slug, label]) => h('a', { href: `/settings/${slug}`, className: 'old-tab', 'aria-current': slug === active ? 'page' : null,
          onclick: (e) => { e.preventDefault(); navigate(`/settings/${slug}`); } }, label))),
      h('section', { className: 'card' }, content));
  }

  // ------------------------------------------------------------------ signed-out sign-in dialog
  function openSignIn() {
    if (document.getElementById('signin')) return;
    const dlg = h('div', { id: 'signin', role: 'dialog', 'aria-modal': 'true', 'aria-labelledby': 'signin-title', className: 'modal' },
      h('button', { type: 'button', 'aria-label': 'Close', className: 'close', onclick: () => wrap.remove() }, '×'),
      h('h2', { id: 'signin-title' }, 'Sign in or create an account'),
      h('p', { className: 'row-desc' }, 'Unlock Pro Search and History'),
      h('button', { type: 'button', className: 'btn wide' }, 'Continue with Google'),
      h('button', { type: 'button', className: 'btn wide' }, 'Continue with Apple'),
      h('form', { onsubmit: (e) => e.preventDefault(), className: 'signin-form' },
        h('input', { type: 'email', 'aria-label': 'Email', placeholder: 'Enter your email', className: 'input' }),
        h('button', { type: 'submit', className: 'btn primary wide' }, 'Continue with email')),
      h('button', { type: 'button', className: 'linklike' }, 'Single sign-on (SSO)'));
    const wrap = h('div', { className: 'backdrop' }, dlg);
    document.body.append(wrap);
  }

  // ------------------------------------------------------------------ routing
  const root = document.getElementById('__next');
  function home() {
    return h('main', { className: 'home' }, h('h1', { className: 'hero' }, 'perplexity'),
      h('div', { className: 'ask' }, h('textarea', { 'aria-label': 'Ask anything…', placeholder: 'Ask anything…' })));
  }
  function render() {
    let path = location.pathname.replace(/\/$/, '') || '/';
    const settingsPath = /^\/(account|settings)(\/|$)/.test(path);
    if (!Replica.signedIn) {
      // Settings need an account: the home page with the sign-in dialog.
      if (settingsPath) history.replaceState(null, '', '/');
      root.replaceChildren(h('div', { className: 'layout' }, sidebar(), home()));
      if (settingsPath) openSignIn();
      return;
    }
    if (drifted) {
      // 2024: one settings page under /settings/<tab>; the /account/* family does not exist yet.
      if (path.startsWith('/account') || path === '/settings' || path === '/settings/preferences') path = '/settings/account';
      const m = /^\/settings\/([a-z]+)$/.exec(path);
      if (m) {
        const tab = OLD_TABS.some((t) => t[0] === m[1]) ? m[1] : 'account';
        history.replaceState(null, '', '/settings/' + tab);
        document.title = 'Settings | Perplexity';
        root.replaceChildren(h('div', { className: 'layout' }, sidebar(),
          h('main', { className: 'page' }, oldSettingsShell(tab, tab === 'account' ? oldAccount() : [h('p', {}, '')]))));
        return;
      }
    } else {
      // The older /settings/* family forwards to /account/* (inferred).
      const legacy = /^\/settings(?:\/([a-z]+))?$/.exec(path);
      if (legacy) path = '/account/' + ({ account: 'details', preferences: 'preferences', api: 'api' }[legacy[1]] || 'details');
      if (path === '/account') path = '/account/details';
      const m = /^\/account\/([a-z]+)(?:\/[a-z]+)?$/.exec(path);
      if (m) {
        const slug = NAV.some((n) => n[0] === m[1]) ? m[1] : 'details';
        if (location.pathname !== path) history.replaceState(null, '', path);
        const label = NAV.find((n) => n[0] === slug)[1];
        document.title = `${label} | Perplexity`;
        const content = slug === 'details' ? accountDetails() : slug === 'preferences' ? preferences() : plainPage(label);
        root.replaceChildren(h('div', { className: 'layout' }, sidebar(), h('main', { className: 'page' }, settingsShell(slug, content))));
        return;
      }
    }
    document.title = 'Perplexity';
    root.replaceChildren(h('div', { className: 'layout' }, sidebar(), home()));
  }
  window.addEventListener('popstate', render);
  Replica.whenReady(() => {
    render();
    if (Replica.signedIn) Replica.load().then((d) => { data = d; render(); });
  });
})();
