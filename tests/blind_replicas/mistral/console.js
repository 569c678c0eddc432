// Blind replica of Mistral's admin console (admin.mistral.ai), a client-routed single-page app.
// Written from /work/shared/evidence alone; README.md says what rests on what. No public DOM exists
// for this console, so the current layout's switches follow Material UI v5 (a <label> wrapping the
// label text and a native checkbox, no role="switch", no aria-checked), and the older layout's
// switch is a web component with an open shadow root (toggle-element.js).
(function () {
  'use strict';
  const R = window.__REPLICA__ || {};
  const user = R.user || { name: 'Jane Doe', email: 'jane.doe@example.com' };
  const drifted = Replica.has('drifted');
  const team = Replica.has('team');
  const plan = team ? 'Team' : 'Free';
  const product = drifted ? 'Le Chat' : 'Vibe';

  if (!Replica.signedIn) {
    // The console has nothing to show a stranger: off to the accounts host.
    location.replace('https://auth.mistral.ai/ui/login?return_to=' + encodeURIComponent(location.href));
    return;
  }

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
  const muiId = () => `:r${(seq++).toString(36)}:`;

  // ------------------------------------------------------------------ data
  let data = null;
  Replica.load().then((d) => { data = d; render(); }).catch(() => { data = {}; render(); });

  // ------------------------------------------------------------------ controls
  // Material UI v5 <FormControlLabel control={<Switch/>}>: the <label> holds the switch and the text,
  // the <input> is a plain checkbox laid over the thumb with opacity 0.
  function muiSwitch(label, key, helper) {
    const checked = !!data[key];
    const helperId = muiId();
    const input = h('input', { className: 'PrivateSwitchBase-input MuiSwitch-input', type: 'checkbox' });
    input.checked = checked;
    const base = h('span', { className: 'MuiButtonBase-root MuiSwitch-switchBase MuiSwitch-colorPrimary PrivateSwitchBase-root' + (checked ? ' Mui-checked' : '') },
      input, h('span', { className: 'MuiSwitch-thumb' }));
    input.addEventListener('change', () => {
      base.classList.toggle('Mui-checked', input.checked);
      Replica.save({ [key]: input.checked });
    });
    return h('div', { className: 'MuiFormControl-root setting' },
      h('label', { className: 'MuiFormControlLabel-root MuiFormControlLabel-labelPlacementStart' },
        h('span', { className: 'MuiTypography-root MuiTypography-body1 MuiFormControlLabel-label' }, label),
        h('span', { className: 'MuiSwitch-root MuiSwitch-sizeMedium' }, base, h('span', { className: 'MuiSwitch-track' }))),
      helper ? h('p', { className: 'MuiFormHelperText-root', id: helperId }, helper) : null);
  }

  // The older console's web-component switch; the label text is the element's light-DOM content.
  function wcSwitch(label, key) {
    const el = h('mx-switch', { checked: data[key] ? true : null }, label);
    el.addEventListener('mx-change', () => Replica.save({ [key]: el.checked }));
    return h('div', { className: 'setting' }, el);
  }

  const skeleton = () => h('span', { className: 'MuiSkeleton-root MuiSkeleton-rounded', 'aria-hidden': 'true' });

  // ------------------------------------------------------------------ pages
  const PAGES = {
    '/vibe/privacy': () => {
      const body = [h('p', { className: 'eyebrow' }, product), h('h1', {}, 'Privacy')];
      const card = h('section', { className: 'card', 'aria-labelledby': 'privacy-section' },
        h('h2', { id: 'privacy-section' }, 'Privacy'));
      if (!data) card.append(skeleton(), skeleton());
      else if (drifted) card.append(wcSwitch('Allow your interactions to be used to train our models', 'model_training'));
      else card.append(muiSwitch('Model training', 'model_training', 'Allow your interactions to be used to train our models.'));
      body.push(card);
      return body;
    },
    '/vibe/preferences': () => [h('p', { className: 'eyebrow' }, product), h('h1', {}, 'Preferences'),
      h('section', { className: 'card' }, h('p', {}, 'Default settings for new conversations in ' + product + '.'))],
    '/plateforme/privacy': () => {
      const card = h('section', { className: 'card' }, h('h2', {}, 'Privacy'));
      if (!data) card.append(skeleton());
      else if (drifted) card.append(wcSwitch('Anonymous improvement data', 'api_improvement_data'));
      else card.append(muiSwitch('Data usage for improving our services', 'api_improvement_data'));
      return [h('p', { className: 'eyebrow' }, 'API'), h('h1', {}, 'Privacy'), card];
    },
    '/plateforme/limits': () => [h('p', { className: 'eyebrow' }, 'API'), h('h1', {}, 'Limits')],
    '/organization/billing': () => [h('h1', {}, 'Billing')],
    '/organization/api-keys': () => [h('h1', {}, 'API keys')],
    '/organization/usage': () => [h('h1', {}, 'Usage')],
    '/subscriptions': () => [h('h1', {}, 'Subscriptions'),
      h('section', { className: 'card' }, h('p', {}, `${product} · ${plan}`))],
  };

  // ------------------------------------------------------------------ chrome
  function navLink(href, label) {
    return h('li', {}, h('a', { href, className: 'nav-link', 'aria-current': location.pathname === href ? 'page' : null,
      onclick: (e) => { e.preventDefault(); history.pushState(null, '', href); render(); } }, label));
  }
  function group(title, links) {
    const id = 'grp-' + title.replace(/\W+/g, '').toLowerCase();
    const open = links.some(([href]) => href === location.pathname) || title === product;
    const list = h('ul', { id, className: 'subnav', hidden: open ? null : true }, links.map(([href, label]) => navLink(href, label)));
    const btn = h('button', { type: 'button', className: 'group-btn', 'aria-expanded': open ? 'true' : 'false', 'aria-controls': id,
      onclick: () => { const o = btn.getAttribute('aria-expanded') !== 'true'; btn.setAttribute('aria-expanded', String(o)); list.hidden = !o; } }, title);
    return h('li', {}, btn, list);
  }
  function sidebar() {
    return h('nav', { className: 'sidebar', 'aria-label': 'Main navigation' },
      h('p', { className: 'nav-heading' }, 'Manage'),
      h('ul', {},
        group(product, [['/vibe/privacy', 'Privacy'], ['/vibe/preferences', 'Preferences']]),
        group('API', [['/plateforme/privacy', 'Privacy'], ['/plateforme/limits', 'Limits']])),
      h('p', { className: 'nav-heading' }, 'Organization'),
      h('ul', {}, navLink('/organization/billing', 'Billing'), navLink('/organization/api-keys', 'API keys'),
        navLink('/organization/usage', 'Usage'), navLink('/subscriptions', 'Subscriptions')));
  }
  function accountMenu() {
    const initials = user.name.split(' ').map((p) => p[0]).join('');
    const btn = h('button', { type: 'button', className: 'avatar-btn', 'aria-label': 'Account', 'aria-haspopup': 'true', 'aria-expanded': 'false' },
      h('span', { className: 'avatar', 'aria-hidden': 'true' }, initials));
    const pop = h('div', { className: 'MuiPopover-paper account-pop', hidden: true },
      h('p', { className: 'pop-name' }, user.name), h('p', { className: 'pop-email' }, user.email),
      h('a', { href: 'https://auth.mistral.ai/ui/settings', className: 'pop-link' }, 'Account settings'),
      h('a', { href: 'https://auth.mistral.ai/ui/logout', className: 'pop-link' }, 'Sign out'));
    btn.addEventListener('click', () => { const o = pop.hidden; pop.hidden = !o; btn.setAttribute('aria-expanded', String(o)); });
    return h('div', { className: 'account' }, btn, pop);
  }
  function topbar() {
    return h('header', { className: 'topbar' },
      h('a', { href: '/', className: 'brand' }, h('span', { className: 'logo', 'aria-hidden': 'true' }, '▞'), 'Mistral AI'),
      h('span', { className: 'console-name' }, 'Admin Console'),
      h('button', { type: 'button', className: 'workspace', 'aria-haspopup': 'listbox' },
        team ? 'Acme' : `${user.name.split(' ')[0]}'s workspace`, h('span', { className: 'MuiChip-root plan-chip' }, plan)),
      h('a', { href: 'https://chat.mistral.ai/', className: 'open-app' }, 'Open ' + product),
      accountMenu());
  }

  const root = document.getElementById('root');
  function render() {
    if (location.pathname === '/' || !PAGES[location.pathname]) history.replaceState(null, '', '/subscriptions');
    const page = PAGES[location.pathname]();
    document.title = `${page.find((n) => n.tagName === 'H1').textContent} | Admin Console | Mistral AI`;
    root.replaceChildren(topbar(), h('div', { className: 'frame' }, sidebar(), h('main', { className: 'content' }, page)));
  }
  window.addEventListener('popstate', render);
  Replica.whenReady(render);
})();
