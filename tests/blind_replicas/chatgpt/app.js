// Blind replica of the ChatGPT web app shell and its Settings dialog.
// Written from /work/shared/evidence/settings-pages.md §1 alone; see README.md for what each piece
// rests on. Controls follow Radix UI's output (Tabs, Dialog, DropdownMenu, Switch), as the evidence
// shows the real page uses: menus open on pointerdown, tabs activate on mousedown, and an open modal
// dialog hides everything else from assistive technology (aria-hidden on its siblings).
(function () {
  'use strict';
  const R = window.__REPLICA__ || {};
  const user = R.user || { name: 'Jane Doe', email: 'jane.doe@example.com' };
  const chats = R.recent_chats || [];
  const drifted = Replica.has('drifted');
  const business = Replica.has('business');
  const plan = business ? 'Business' : 'Plus';

  // ---------------------------------------------------------------- tiny DOM helper
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
  const rid = () => `radix-_r_${(seq++).toString(36)}_`;
  const chevron = () => {
    const s = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
    s.setAttribute('width', '16'); s.setAttribute('height', '16'); s.setAttribute('aria-hidden', 'true');
    s.innerHTML = '<path d="M6 4l4 4-4 4" stroke="currentColor" fill="none"/>';
    return s;
  };

  // ---------------------------------------------------------------- layers (Radix portals)
  // Each open dialog lives in its own portal under <body>. Radix's hideOthers() marks every other
  // child of <body> aria-hidden while a modal is open; the topmost one is the only one exposed.
  const layers = [];
  function syncHidden() {
    const top = layers[layers.length - 1];
    for (const child of document.body.children) {
      if (child.tagName === 'SCRIPT') continue;
      if (top && child !== top.portal) {
        child.setAttribute('aria-hidden', 'true');
        child.setAttribute('data-aria-hidden', 'true');
      } else {
        child.removeAttribute('aria-hidden');
        child.removeAttribute('data-aria-hidden');
      }
    }
  }
  function openLayer(content, { onClose, modal = true } = {}) {
    const portal = h('div', { 'data-radix-portal': '' },
      modal ? h('div', { className: 'overlay', 'data-state': 'open', style: 'pointer-events:auto' }) : null,
      content);
    document.body.append(portal);
    const layer = { portal, onClose, modal };
    layers.push(layer);
    if (modal) syncHidden();
    const focusable = content.querySelector('[data-autofocus]') || content;
    focusable.focus();
    return layer;
  }
  function closeLayer(layer) {
    const i = layers.indexOf(layer);
    if (i < 0) return;
    layers.splice(i, 1);
    layer.portal.remove();
    syncHidden();
    if (layer.onClose) layer.onClose();
  }
  document.addEventListener('keydown', (e) => {
    if (e.key === 'Escape' && layers.length) { e.preventDefault(); closeLayer(layers[layers.length - 1]); }
  });
  document.addEventListener('pointerdown', (e) => {
    // Radix DropdownMenu closes on a pointerdown outside its content.
    const top = layers[layers.length - 1];
    if (top && top.kind === 'menu' && !top.portal.contains(e.target) && e.target !== top.trigger &&
        !(top.trigger && top.trigger.contains(e.target))) closeLayer(top);
  }, true);

  // ---------------------------------------------------------------- settings from the backend
  let settings = null;                     // null until /backend-api/settings/user answers
  const settingsListeners = [];
  function loadSettings() {
    return fetch('/backend-api/settings/user', { credentials: 'include', cache: 'no-store' })
      .then((r) => (r.ok ? r.json() : Promise.reject(new Error('settings ' + r.status))))
      .then((body) => { settings = Object.assign({}, body.settings || {}); settingsListeners.forEach((f) => f()); })
      .catch(() => { settingsError = true; settingsListeners.forEach((f) => f()); });
  }
  let settingsError = false;
  // The account-setting endpoint the evidence names (jmpaz/cgpt-enhancer): a PATCH, so any flip is
  // a write the replica server logs.
  function patchSetting(feature, value) {
    settings[feature] = value;
    settingsListeners.forEach((f) => f());
    return fetch(`/backend-api/settings/account_user_setting?feature=${encodeURIComponent(feature)}&value=${value}`,
      { method: 'PATCH', credentials: 'include' });
  }

  // ---------------------------------------------------------------- Radix Switch
  function radixSwitch(attrs, get, set) {
    const thumb = h('span', { className: 'thumb' });
    const btn = h('button', Object.assign({ type: 'button', role: 'switch', value: 'on', className: 'switch' }, attrs), thumb);
    const paint = () => {
      const on = !!get();
      btn.setAttribute('aria-checked', on ? 'true' : 'false');
      btn.dataset.state = on ? 'checked' : 'unchecked';
      thumb.dataset.state = btn.dataset.state;
    };
    // A native <button>: Space and Enter activate it through the browser's own click.
    btn.addEventListener('click', () => { set(!get()); paint(); });
    paint();
    btn.repaint = paint;
    return btn;
  }

  // ---------------------------------------------------------------- Radix DropdownMenu
  function dropdown(trigger, buildItems) {
    trigger.setAttribute('aria-haspopup', 'menu');
    trigger.setAttribute('aria-expanded', 'false');
    trigger.dataset.state = 'closed';
    let layer = null;
    const open = () => {
      const menuId = rid();
      const items = buildItems(() => close());
      const menu = h('div', {
        role: 'menu', id: menuId, 'aria-orientation': 'vertical', 'data-state': 'open',
        'aria-labelledby': trigger.id, tabindex: '-1', className: 'menu', 'data-radix-menu-content': '',
      }, items);
      trigger.setAttribute('aria-controls', menuId);
      trigger.setAttribute('aria-expanded', 'true');
      trigger.dataset.state = 'open';
      layer = openLayer(menu, { modal: false, onClose: () => {
        trigger.setAttribute('aria-expanded', 'false'); trigger.dataset.state = 'closed';
        trigger.removeAttribute('aria-controls'); layer = null;
      } });
      layer.kind = 'menu'; layer.trigger = trigger;
      const r = trigger.getBoundingClientRect();
      menu.style.left = `${Math.max(8, r.left)}px`;
      menu.style.bottom = `${window.innerHeight - r.top + 6}px`;
      menu.addEventListener('keydown', (e) => {
        const list = [...menu.querySelectorAll('[role=menuitem]')];
        const i = list.indexOf(document.activeElement);
        if (e.key === 'ArrowDown') { e.preventDefault(); (list[i + 1] || list[0]).focus(); }
        if (e.key === 'ArrowUp') { e.preventDefault(); (list[i - 1] || list[list.length - 1]).focus(); }
      });
    };
    const close = () => { if (layer) closeLayer(layer); };
    // Radix opens on pointerdown with the primary button, not on click.
    trigger.addEventListener('pointerdown', (e) => {
      if (e.button !== 0 || e.ctrlKey) return;
      if (layer) close(); else { open(); e.preventDefault(); }
    });
    trigger.addEventListener('keydown', (e) => {
      if (['Enter', ' ', 'ArrowDown'].includes(e.key)) {
        e.preventDefault();
        if (!layer) open();
        const first = layers[layers.length - 1].portal.querySelector('[role=menuitem]');
        if (first) first.focus();
      }
    });
  }
  function menuItem(label, onSelect, extra) {
    const item = h('div', Object.assign({ role: 'menuitem', tabindex: '-1', className: 'menu-item',
      'data-orientation': 'vertical', 'data-radix-collection-item': '' }, extra || {}), label);
    item.addEventListener('click', () => onSelect());
    item.addEventListener('keydown', (e) => { if (e.key === 'Enter' || e.key === ' ') { e.preventDefault(); onSelect(); } });
    item.addEventListener('pointermove', () => item.focus());
    return item;
  }

  // ---------------------------------------------------------------- Radix Dialog
  function dialog({ title, srOnlyTitle, className, testid }, ...body) {
    const titleId = rid();
    const el = h('div', { role: 'dialog', id: rid(), 'aria-labelledby': titleId, 'aria-describedby': undefined,
      'data-state': 'open', tabindex: '-1', className: 'dialog ' + (className || ''), 'data-testid': testid },
    h('h2', { id: titleId, className: srOnlyTitle ? 'sr-only' : 'dialog-title' }, title),
    body);
    return el;
  }

  // ---------------------------------------------------------------- Settings (current layout)
  const TABS = [
    ['General', 'General', 'general-settings'],
    ['Notifications', 'Notifications', 'notifications'],
    ['Personalization', 'Personalization', 'personalization'],
    ['Apps', 'Apps', 'apps'],
    ['Schedules', 'Schedules', 'schedules'],
    ['DataControls', 'Data controls', 'data-controls'],
    ['Security', 'Security', 'security'],
    ['ParentalControls', 'Parental controls', 'parental-controls'],
    ['Account', 'Account', 'account'],
  ];
  const kebab = (id) => (TABS.find((t) => t[0] === id) || TABS[0])[2];
  const testidOf = (id) => kebab(id).replace(/-settings$/, '') + '-tab';

  let settingsLayer = null;
  function openSettings(tabId, urlStyle) {
    if (settingsLayer) closeLayer(settingsLayer);
    const tabs = drifted ? TABS_2023 : (Replica.signedIn ? TABS : GUEST_TABS);
    if (!tabs.some((t) => t[0] === tabId)) tabId = tabs[0][0];
    const base = rid();
    const list = h('div', { role: 'tablist', 'aria-orientation': 'vertical', 'data-orientation': 'vertical',
      tabindex: '0', className: 'tablist' });
    const close = h('button', { type: 'button', 'data-testid': 'close-button', 'aria-label': 'Close',
      className: 'icon-btn', onclick: () => closeLayer(settingsLayer) }, '×');
    list.append(close);
    const panels = h('div', { className: 'panels' });
    const tabEls = {}, panelEls = {};
    let active = null;
    function activate(id) {
      if (active === id) return;
      active = id;
      for (const [tid] of tabs) {
        const on = tid === id;
        tabEls[tid].setAttribute('aria-selected', on ? 'true' : 'false');
        tabEls[tid].dataset.state = on ? 'active' : 'inactive';
        tabEls[tid].tabIndex = on ? 0 : -1;
        panelEls[tid].dataset.state = on ? 'active' : 'inactive';
        panelEls[tid].hidden = !on;
        panelEls[tid].replaceChildren(...(on ? panelFor(tid) : []));
      }
      syncUrl(id, urlStyle);
    }
    for (const [tid, label] of tabs) {
      const tab = h('button', { type: 'button', role: 'tab', 'aria-selected': 'false',
        'aria-controls': `${base}-content-${tid}`, 'data-state': 'inactive', id: `${base}-trigger-${tid}`,
        'data-orientation': 'vertical', 'data-radix-collection-item': '', tabindex: '-1',
        'data-testid': drifted ? null : testidOf(tid), className: 'tab' },
      h('div', { className: 'flex min-w-0 grow items-center gap-2.5' },
        h('span', { className: 'tab-icon', 'aria-hidden': 'true' }), h('div', { className: 'text-left' }, label)));
      // Radix Tabs: a primary-button mousedown activates; so do Enter/Space and arrow-key focus.
      tab.addEventListener('mousedown', (e) => { if (e.button === 0 && !e.ctrlKey) activate(tid); else e.preventDefault(); });
      tab.addEventListener('keydown', (e) => {
        const ids = tabs.map((t) => t[0]);
        const i = ids.indexOf(tid);
        if (e.key === 'Enter' || e.key === ' ') { e.preventDefault(); activate(tid); }
        if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
          e.preventDefault();
          const next = ids[(i + (e.key === 'ArrowDown' ? 1 : ids.length - 1)) % ids.length];
          tabEls[next].focus(); activate(next);
        }
      });
      tabEls[tid] = tab;
      list.append(tab);
      panelEls[tid] = h('div', { role: 'tabpanel', 'data-state': 'inactive', 'data-orientation': 'vertical',
        'aria-labelledby': `${base}-trigger-${tid}`, id: `${base}-content-${tid}`, tabindex: '0', hidden: true,
        className: 'panel' });
      panels.append(panelEls[tid]);
    }
    const dlg = dialog({ title: 'Settings', srOnlyTitle: !drifted, className: 'settings-dialog' },
      h('div', { className: 'settings-body', dir: 'ltr', 'data-orientation': 'vertical' }, list, panels));
    settingsLayer = openLayer(dlg, { onClose: () => { settingsLayer = null; clearUrl(urlStyle); } });
    activate(tabId);
  }

  function syncUrl(id, style) {
    if (style === 'path') history.replaceState(null, '', '/settings/' + kebab(id));
    else if (!drifted || location.hash) history.replaceState(null, '', location.pathname + location.search + '#settings/' + id);
  }
  function clearUrl(style) {
    if (style === 'path') history.replaceState(null, '', '/');
    else history.replaceState(null, '', location.pathname + location.search);
  }

  function row(label, control, desc) {
    return h('div', { className: 'row' },
      h('div', { className: 'row-main' }, h('div', { className: 'row-label' }, label), control),
      desc ? h('div', { className: 'row-desc' }, desc) : null);
  }
  const learnMore = (href) => h('a', { href, target: '_blank', rel: 'noreferrer', className: 'link' }, 'Learn more');
  const actionButton = (text, cls) => h('button', { type: 'button', className: 'btn ' + (cls || '') }, text);

  // The row that opens a modal: a <button> whose text is the label and the current value.
  function valueRow(label, testid, valueOf, openModal) {
    const value = h('div', { className: 'text-token-text-secondary flex min-h-[38px] items-center ps-3' });
    const btn = h('button', { type: 'button', className: 'value-row', 'data-testid': testid },
      h('div', { className: 'flex w-full items-center justify-between' }, h('div', {}, label), value));
    const paint = () => {
      const v = valueOf();
      if (v === undefined) {
        btn.disabled = true;
        value.replaceChildren(h('div', { className: 'skeleton', 'aria-hidden': 'true' }));
      } else {
        btn.disabled = false;
        value.replaceChildren(v ? 'On' : 'Off', chevron());
      }
    };
    btn.addEventListener('click', () => openModal());
    settingsListeners.push(paint);
    paint();
    return h('div', { className: 'row' }, btn);
  }

  function switchModal({ title, label, testid, feature, description, get, set }) {
    const labelId = rid();
    const sw = radixSwitch({ 'aria-label': label, 'data-testid': testid }, get, set);
    const done = h('button', { type: 'button', className: 'btn btn-primary', 'data-autofocus': '' }, 'Done');
    const dlg = dialog({ title, className: 'small-dialog' },
      h('div', { className: 'modal-row' }, h('div', { id: labelId, className: 'row-label' }, label), sw),
      h('p', { className: 'row-desc' }, description, ' ', learnMore('https://help.openai.com/en/articles/7730893')),
      h('div', { className: 'modal-footer' }, done));
    const layer = openLayer(dlg);
    done.addEventListener('click', () => closeLayer(layer));
    return layer;
  }

  function dataControlsPanel() {
    const get = (k) => (settings ? settings[k] : undefined);
    const rows = [h('h3', { className: 'panel-title' }, 'Data controls')];
    if (!business) {
      rows.push(valueRow('Improve the model for everyone', 'improve-model-open-modal-button',
        () => get('training_allowed'),
        () => switchModal({ title: 'Model improvement', label: 'Improve the model for everyone',
          testid: 'improve-model-toggle',
          description: 'Allow your content to be used to train our models, which makes ChatGPT better for you and everyone who uses it. We take steps to protect your privacy.',
          get: () => get('training_allowed'), set: (v) => patchSetting('training_allowed', v) })));
    }
    if (Replica.signedIn) {
      const locLabel = rid();
      const loc = h('div', { className: 'row-control' });
      const paintLoc = () => {
        loc.replaceChildren(settings
          ? radixSwitch({ 'aria-labelledby': locLabel }, () => get('location_enabled'), (v) => patchSetting('location_enabled', v))
          : h('div', { className: 'skeleton', 'aria-hidden': 'true' }));
      };
      settingsListeners.push(paintLoc); paintLoc();
      rows.push(h('div', { className: 'row' },
        h('div', { className: 'row-main' }, h('div', { id: locLabel, className: 'row-label' }, 'Location'), loc),
        h('div', { className: 'row-desc' }, 'When enabled, your location helps ChatGPT provide more relevant information, like local recommendations, news, and weather. ', learnMore('https://help.openai.com/'))));
      let remote = true;
      rows.push(valueRow('Remote browser data', 'remote-browser-data-open-modal-button', () => (settings ? remote : undefined),
        () => switchModal({ title: 'Remote browser data', label: 'Remote browser data', testid: 'remote-browser-data-toggle',
          description: 'Keep data from the remote browser between sessions.',
          get: () => remote, set: (v) => { remote = v; Replica.save({ remote_browser_data: v }); settingsListeners.forEach((f) => f()); } })));
      rows.push(row('Shared links', actionButton('Manage')));
      rows.push(row('Archived chats', actionButton('Manage')));
      rows.push(row('Archive all chats', actionButton('Archive all')));
      rows.push(row('Delete all chats', actionButton('Delete all', 'btn-danger')));
      rows.push(row('Export data', actionButton('Export')));
      rows.push(h('div', { className: 'row' }, h('a', { href: 'https://privacy.openai.com/', className: 'value-row', target: '_blank' },
        h('div', { className: 'flex w-full items-center justify-between' }, h('div', {}, 'Marketing privacy'), chevron()))));
    }
    return h('section', {}, rows);
  }

  function generalPanel() {
    const sel = h('select', { 'aria-label': 'Theme', className: 'select', onchange: (e) => Replica.save({ theme: e.target.value }) },
      h('option', { value: 'system', selected: true }, 'System'), h('option', { value: 'dark' }, 'Dark'), h('option', { value: 'light' }, 'Light'));
    return h('section', {}, h('h3', { className: 'panel-title' }, 'General'), row('Theme', sel),
      row('Language', actionButton('Auto-detect')));
  }
  function securityPanel() {
    return h('section', {}, h('h3', { className: 'panel-title' }, 'Security'),
      row('Multi-factor authentication', actionButton('Enable')),
      row('Log out of this device', actionButton('Log out')),
      row('Log out of all devices', actionButton('Log out all', 'btn-danger')));
  }
  function accountPanel() {
    return h('section', {}, h('h3', { className: 'panel-title' }, 'Account'),
      row('Name', h('span', {}, user.name)), row('Email', h('span', {}, user.email)),
      business ? row('Workspace', h('span', {}, 'Acme Inc. · Business')) : row('Plan', h('span', {}, 'ChatGPT Plus')),
      business ? null : row('Delete account', actionButton('Delete', 'btn-danger')));
  }
  function emptyPanel(title) { return h('section', {}, h('h3', { className: 'panel-title' }, title)); }
  function panelFor(id) {
    if (drifted) return [id === 'DataControls' ? dataControls2023() : general2023()];
    switch (id) {
      case 'DataControls': return [dataControlsPanel()];
      case 'General': return [generalPanel()];
      case 'Security': return [securityPanel()];
      case 'Account': return [accountPanel()];
      default: return [emptyPanel((TABS.find((t) => t[0] === id) || [0, id])[1])];
    }
  }
  // Guests (signed out) get a short settings dialog (inferred tab list).
  const GUEST_TABS = [['General', 'General', 'general-settings'], ['DataControls', 'Data controls', 'data-controls']];

  // ---------------------------------------------------------------- Settings (late-2023 layout)
  const TABS_2023 = [['General', 'General'], ['DataControls', 'Data controls']];
  function general2023() {
    const sel = h('select', { id: 'theme-2023', className: 'select', onchange: (e) => Replica.save({ theme: e.target.value }) },
      h('option', { value: 'system' }, 'System'), h('option', { value: 'dark' }, 'Dark'), h('option', { value: 'light' }, 'Light'));
    return h('div', { className: 'old-pane' },
      h('div', { className: 'row' }, h('div', { className: 'row-main' }, h('label', { for: 'theme-2023' }, 'Theme'), sel)),
      row('Clear all chats', actionButton('Clear', 'btn-danger')));
  }
  function dataControls2023() {
    const sw = radixSwitch({ 'aria-label': 'Chat History & Training' }, () => Replica.settings.training_allowed,
      (v) => { Replica.save({ training_allowed: v }); renderBanner(); });
    return h('div', { className: 'old-pane' },
      h('div', { className: 'row' },
        h('div', { className: 'row-main' }, h('div', {}, 'Chat history & training'), sw),
        h('div', { className: 'row-desc' }, 'Save new chats on this browser to your history and allow them to be used to improve our models. Unsaved chats will be deleted from our systems within 30 days. This setting does not sync across browsers or devices. ', learnMore('https://help.openai.com/en/articles/7730893'))),
      row('Shared links', actionButton('Manage')),
      row('Export data', actionButton('Export')),
      row('Delete account', actionButton('Delete', 'btn-danger')));
  }

  // ---------------------------------------------------------------- shells
  const root = document.getElementById('__next');

  function composer() {
    return h('form', { className: 'composer', onsubmit: (e) => e.preventDefault() },
      h('div', { id: 'prompt-textarea', contenteditable: 'true', role: 'textbox', 'aria-multiline': 'true',
        className: 'ProseMirror', 'aria-label': 'Message ChatGPT', 'data-placeholder': 'Ask anything' }),
      h('button', { type: 'submit', 'data-testid': 'send-button', 'aria-label': 'Send prompt', className: 'send', disabled: true }, '↑'));
  }

  function chatList() {
    return h('ol', { className: 'chat-list' }, chats.map((c) => h('li', {}, h('a', { href: `/c/${c.id}`, className: 'chat-link' }, c.title))));
  }

  function signedInShell() {
    const profileId = rid();
    const profile = h('div', { 'data-testid': 'accounts-profile-button', role: 'button', tabindex: '0', id: profileId,
      'aria-label': `${user.name} ${plan}, open profile menu`, className: 'profile' },
    h('div', { className: 'flex min-w-0 items-center gap-2' },
      h('div', { className: 'avatar', 'aria-hidden': 'true' }, user.name.split(' ').map((p) => p[0]).join('')),
      h('div', { className: 'min-w-0' }, h('div', { className: 'truncate' }, user.name), h('div', { className: 'plan' }, plan))));
    dropdown(profile, (close) => [
      h('div', { className: 'menu-email', role: 'none' }, user.email),
      business ? h('div', { className: 'menu-email', role: 'none' }, 'Acme Inc.') : menuItem('Upgrade plan', close),
      menuItem('Personalization', () => { close(); openSettings('Personalization', 'hash'); }),
      menuItem('Settings', () => { close(); openSettings('General', 'hash'); }, { 'data-testid': 'settings-menu-item' }),
      h('div', { role: 'separator', 'aria-orientation': 'horizontal', className: 'sep' }),
      menuItem('Help', close, { 'aria-haspopup': 'menu', 'aria-expanded': 'false' }),
      menuItem('Log out', () => { close(); location.assign('/auth/logout'); }, { 'data-testid': 'log-out-menu-item' }),
    ]);
    return [
      h('nav', { 'aria-label': 'Chat history', className: 'sidebar' },
        h('a', { href: '/', 'data-testid': 'create-new-chat-button', className: 'nav-link' }, 'New chat'),
        h('button', { type: 'button', className: 'nav-link' }, 'Search chats'),
        h('h2', { className: 'side-heading' }, 'Chats'), chatList(),
        h('div', { className: 'sidebar-bottom' }, profile)),
      h('main', { className: 'main' },
        h('header', { className: 'page-header' },
          h('button', { type: 'button', 'data-testid': 'model-switcher-dropdown-button', 'aria-haspopup': 'menu',
            'aria-label': 'Model selector, current model is ChatGPT', className: 'model-switch' }, 'ChatGPT')),
        h('h1', { className: 'hero' }, 'What can I help with?'), composer()),
    ];
  }

  function guestShell() {
    const help = h('button', { type: 'button', 'aria-label': 'Help', className: 'help-fab', id: rid() }, '?');
    dropdown(help, (close) => [
      menuItem('Help center', close), menuItem('Release notes', close), menuItem('Terms & policies', close),
      menuItem('Settings', () => { close(); openSettings('General', 'hash'); }),
    ]);
    const toLogin = () => location.assign('/auth/login');
    return [
      h('nav', { 'aria-label': 'Chat history', className: 'sidebar' },
        h('a', { href: '/', 'data-testid': 'create-new-chat-button', className: 'nav-link' }, 'New chat'),
        h('div', { className: 'promo' },
          h('div', { className: 'promo-title' }, 'Get responses tailored to you'),
          h('p', {}, 'Log in to get answers based on saved chats, plus create images and upload files.'),
          h('a', { href: '/auth/login', className: 'btn' }, 'Log in'))),
      h('main', { className: 'main' },
        h('header', { className: 'page-header' },
          h('span', { className: 'model-switch' }, 'ChatGPT'),
          h('div', { className: 'header-actions' },
            h('button', { type: 'button', 'data-testid': 'login-button', className: 'btn btn-primary', onclick: toLogin }, 'Log in'),
            h('button', { type: 'button', 'data-testid': 'signup-button', className: 'btn', onclick: toLogin }, 'Sign up for free'))),
        h('h1', { className: 'hero' }, 'What can I help with?'), composer(),
        h('p', { className: 'fineprint' }, 'By messaging ChatGPT, you agree to our ', h('a', { href: 'https://openai.com/policies/terms-of-use' }, 'Terms'),
          ' and have read our ', h('a', { href: 'https://openai.com/policies/privacy-policy' }, 'Privacy Policy'), '.'),
        help),
    ];
  }

  // The late-2023 shell: Headless UI menu behind "three dots" at the bottom left.
  let bannerSlot = null;
  function renderBanner() {
    if (!bannerSlot) return;
    bannerSlot.replaceChildren();
    if (!Replica.settings.training_allowed) {
      bannerSlot.append(h('div', { className: 'history-off' },
        h('p', {}, "Chat history is off. Chats won't be saved in your history or used for training our models to improve ChatGPT. Unsaved chats will be deleted from our systems within 30 days."),
        h('button', { type: 'button', className: 'btn', onclick: () => { Replica.save({ training_allowed: true }); renderBanner(); } }, 'Enable chat history')));
    }
  }
  function shell2023() {
    bannerSlot = h('div', {});
    const btnId = 'headlessui-menu-button-:r1j:';
    const button = h('button', { type: 'button', id: btnId, 'aria-haspopup': 'menu', 'aria-expanded': 'false',
      'data-headlessui-state': '', className: 'profile' },
    h('div', { className: 'avatar', 'aria-hidden': 'true' }, user.name.split(' ').map((p) => p[0]).join('')), h('div', { className: 'truncate' }, user.name),
    h('span', { 'aria-hidden': 'true' }, '⋯'));
    let menu = null;
    const close = () => { if (menu) { menu.remove(); menu = null; button.setAttribute('aria-expanded', 'false'); } };
    const item = (n, label, fn) => {
      const a = h('a', { role: 'menuitem', id: `headlessui-menu-item-:r1${n}:`, tabindex: '-1', href: '#', className: 'menu-item',
        'data-headlessui-state': '' }, label);
      a.addEventListener('click', (e) => { e.preventDefault(); close(); fn(); });
      a.addEventListener('keydown', (e) => { if (e.key === 'Enter' || e.key === ' ') { e.preventDefault(); close(); fn(); } });
      return a;
    };
    const open = () => {
      menu = h('div', { role: 'menu', 'aria-labelledby': btnId, id: 'headlessui-menu-items-:r1n:', tabindex: '0',
        'data-headlessui-state': 'open', className: 'menu old-menu' },
      item('k', 'Help & FAQ', () => {}), item('l', 'Settings', () => openSettings('General', 'hash')),
      item('m', 'Log out', () => location.assign('/auth/logout')));
      button.after(menu);
      button.setAttribute('aria-expanded', 'true');
      button.setAttribute('aria-controls', menu.id);
    };
    // Headless UI's Menu.Button toggles on click and opens on Enter/Space/ArrowDown.
    button.addEventListener('click', () => (menu ? close() : open()));
    button.addEventListener('keydown', (e) => {
      if (['Enter', ' ', 'ArrowDown'].includes(e.key)) { e.preventDefault(); if (!menu) open(); menu.querySelector('[role=menuitem]').focus(); }
    });
    renderBanner();
    return [
      h('nav', { 'aria-label': 'Chat history', className: 'sidebar old' },
        h('a', { href: '/', className: 'nav-link' }, '+ New chat'),
        Replica.settings.training_allowed ? chatList() : null,
        h('div', { className: 'sidebar-bottom' }, bannerSlot, h('div', { className: 'old-profile-wrap' }, button))),
      h('main', { className: 'main' }, h('h1', { className: 'hero' }, 'ChatGPT'), composer()),
    ];
  }

  // ---------------------------------------------------------------- Cloudflare challenge
  function challenge() {
    document.title = 'Please Wait... | Cloudflare';
    root.replaceChildren(h('div', { className: 'cf-wrapper', role: 'main' },
      h('h1', { className: 'cf-zone' }, 'chatgpt.com'),
      h('h2', { id: 'challenge-running', className: 'cf-h2' }, 'Verify you are human by completing the action below.'),
      h('div', { id: 'turnstile-wrapper', className: 'cf-turnstile' },
        h('iframe', { src: 'https://challenges.cloudflare.com/cdn-cgi/challenge-platform/h/g/turnstile/if/ov2/av0/rcv0/0/ab12c/0x4AAAAAAADnPIDROrmt1Wwj/light/fbE/normal/auto/',
          title: 'Widget containing a Cloudflare security challenge', width: '300', height: '65', style: 'border:none' })),
      h('div', { id: 'challenge-body-text', className: 'cf-msg' }, 'chatgpt.com needs to review the security of your connection before proceeding.'),
      h('div', { className: 'cf-footer' }, 'Ray ID: ', h('code', {}, '8f1c2a3b4d5e6f70'), ' · Performance & security by ', h('a', { href: 'https://www.cloudflare.com' }, 'Cloudflare'))));
  }

  // ---------------------------------------------------------------- routing
  function route() {
    const hash = decodeURIComponent(location.hash.replace(/^#/, ''));
    const m = /^settings(?:\/([A-Za-z]+))?$/.exec(hash);
    // Guests reach Settings from the "?" menu; whether a deep link opens it for them is not known,
    // so by default it does not, and the `guest_settings` state shows the case where it does.
    if (!Replica.signedIn && !Replica.has('guest_settings')) return;
    if (m) return openSettings(m[1] || 'General', 'hash');
    const p = /^\/settings(?:\/([a-z-]+))?\/?$/.exec(location.pathname);
    if (p && !drifted) {
      let slug = p[1] || 'general-settings';
      if (slug === 'apps') { slug = 'general-settings'; history.replaceState(null, '', '/settings/general-settings'); }
      const tab = TABS.find((t) => t[2] === slug);
      return openSettings(tab ? tab[0] : 'General', 'path');
    }
  }

  function boot() {
    if (Replica.has('bot_check')) return challenge();
    if (drifted) {
      root.replaceChildren(h('div', { className: 'app' }, shell2023()));
      route();
      window.addEventListener('hashchange', route);
      return;
    }
    root.replaceChildren(h('div', { className: 'app' }, Replica.signedIn ? signedInShell() : guestShell()));
    if (Replica.signedIn) loadSettings();
    else { settings = { training_allowed: true }; }  // a guest's own device setting (default on)
    route();
    window.addEventListener('hashchange', route);
  }
  Replica.whenReady(boot);
})();
