// The popup: every catalogue provider with its last known status, and "Go to setting".
// The list comes from the bundled catalogue, so it renders even when the native host is missing.
(function () {
  const CATALOG = globalThis.UNTRAIN_CATALOG;
  const S = globalThis.UntrainStatus;
  const list = document.getElementById('providers');
  const summary = document.getElementById('summary');
  const hint = document.getElementById('hint');
  const hostError = document.getElementById('host-error');
  // Providers whose path is unfolded: the list is rendered anew when statuses arrive or a scan
  // ends, and a path the person opened must stay open under them.
  const openPaths = new Set();
  // Scans under way, and why the last one of a provider failed: a re-render keeps both, so the
  // button says "Scanning…" until the scan has ended, and then the row says how.
  const scanning = new Set();
  const scanErrors = new Map();
  // Why "Go to setting" could not open a provider: shown in its row until the person clicks that
  // button again, through any re-render (it used to go into the summary, which the next render
  // overwrote at once).
  const openErrors = new Map();

  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v === null || v === undefined || v === false) continue;
      if (k === 'text') node.textContent = v; else node.setAttribute(k, v);
    }
    for (const child of children) if (child) node.append(child);
    return node;
  }

  function when(iso) {
    if (!iso) return null;
    const date = new Date(iso);
    if (Number.isNaN(date.getTime())) return null;
    const shown = date.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
    return el('time', { datetime: date.toISOString(), text: shown });
  }

  function chip(status, reason) {
    const d = S.describe(status, reason);
    // The icon is decoration for sighted users; the words carry the meaning for everyone.
    return el('span', { class: 'status', 'data-status': status, 'data-tone': d.tone },
      el('span', { 'aria-hidden': 'true', text: d.icon }), el('span', { class: 'status-text', text: d.text }));
  }

  function sourceWord(source) {
    return { extension: 'read in the page', scan: 'scan', demo: 'demo scan', har: 'recorded page' }[source] || source;
  }

  function render(state) {
    const states = state.states || [];
    list.textContent = '';
    for (const provider of CATALOG.providers) {
      const ps = S.providerStatus(CATALOG, provider.id, states);
      const mine = states.filter((s) => s.provider === provider.id);
      const li = el('li', { class: 'provider', 'data-provider': provider.id, 'data-status': ps.status });
      li.append(el('div', { class: 'row' }, el('h2', { text: provider.name }), chip(ps.status, ps.reason)));
      const latest = mine.slice().sort((a, b) => String(a.at).localeCompare(String(b.at))).pop();
      if (latest) {
        li.append(el('p', { class: 'meta' }, document.createTextNode(`${sourceWord(latest.source)} · `), when(latest.at)));
      }
      if (mine.length) {
        const ul = el('ul', { class: 'controls' });
        for (const s of mine) {
          const d = S.describe(s.status, s.reason);
          ul.append(el('li', { 'data-control': s.control, text: `${s.label || s.control}: ${d.icon} ${d.text}` }));
        }
        li.append(ul);
      }
      const path = el('details', { class: 'path' }, el('summary', { text: provider.deep_link ? 'How to get there' : 'What to do' }),
        el('ol', {}, ...provider.documented_path.map((step) => el('li', { text: step }))),
        provider.kind !== 'page' && provider.advice ? el('p', { class: 'advice', text: provider.advice }) : null);
      path.open = openPaths.has(provider.id);
      path.addEventListener('toggle', () => (path.open ? openPaths.add(provider.id) : openPaths.delete(provider.id)));
      const actions = el('div', { class: 'actions' });
      if (provider.deep_link) {
        // Nine "Go to setting" buttons sound alike in a screen reader's list of buttons: the name
        // says whose setting, and starts with the visible words (so voice control finds it too).
        const go = el('button', { type: 'button', class: 'go', text: 'Go to setting', 'aria-label': `Go to setting: ${provider.name}` });
        go.addEventListener('click', async () => {
          openPaths.add(provider.id);
          path.open = true; // the path in words, in case the page has moved things around
          openErrors.delete(provider.id);
          showOpenError(provider);
          let reply = null;
          try { reply = await chrome.runtime.sendMessage({ cmd: 'open', provider: provider.id }); } catch (e) { reply = { error: e.message }; }
          if (reply && reply.ok) return;
          openErrors.set(provider.id, (reply && reply.error) || 'no reply from the extension');
          showOpenError(provider);
        });
        actions.append(go);
      }
      if (state.connected && provider.kind === 'page') actions.append(scanButton(provider));
      li.append(actions, path);
      if (openErrors.has(provider.id)) li.append(openErrorLine(provider));
      if (scanErrors.has(provider.id)) {
        li.append(el('p', { class: 'scan-error', role: 'status', text: `Scan failed: ${scanErrors.get(provider.id)}` }));
      }
      list.append(li);
    }
    hint.hidden = !!state.connected || !!state.hostError;
    hostError.hidden = !state.hostError;
    hostError.querySelector('span').textContent = state.hostError ? state.error : '';
    summary.textContent = summaryText(state, states);
  }

  function openErrorLine(provider) {
    return el('p', { class: 'open-error', role: 'status', text: `Could not open ${provider.name}: ${openErrors.get(provider.id)}` });
  }

  // The provider's row as it is now (a re-render may have replaced the one that was clicked).
  function showOpenError(provider) {
    const li = list.querySelector(`li.provider[data-provider="${provider.id}"]`);
    if (!li) return;
    const earlier = li.querySelector('.open-error');
    if (earlier) earlier.remove();
    if (!openErrors.has(provider.id)) return;
    const scanError = li.querySelector('.scan-error');
    li.insertBefore(openErrorLine(provider), scanError);
  }

  function showScanning(button, provider, busy) {
    button.disabled = busy;
    button.textContent = busy ? 'Scanning…' : 'Scan now';
    button.setAttribute('aria-label', `${busy ? 'Scanning' : 'Scan now'}: ${provider.name}`);
  }

  function scanButton(provider) {
    const scan = el('button', { type: 'button', class: 'secondary scan' });
    showScanning(scan, provider, scanning.has(provider.id));
    scan.addEventListener('click', async () => {
      scanning.add(provider.id);
      scanErrors.delete(provider.id);
      const earlier = scan.closest('li.provider').querySelector('.scan-error');
      if (earlier) earlier.remove();
      showScanning(scan, provider, true);
      let reply = null;
      try { reply = await chrome.runtime.sendMessage({ cmd: 'scan', provider: provider.id }); } catch (e) { reply = { error: e.message }; }
      if (!reply || !reply.ok) scanEnded(provider.id, (reply && reply.error) || 'no reply from the extension');
    });
    return scan;
  }

  // The service worker says "done" once per scan, however it ended; then the statuses are fetched anew.
  function scanEnded(providerId, error) {
    scanning.delete(providerId);
    if (error) scanErrors.set(providerId, error); else scanErrors.delete(providerId);
    load();
  }

  // One line that never reads as "all clear" unless every reading says so, and says why there is
  // no current answer when the app failed (the badge shows "!" then).
  function summaryText(state, states) {
    const plural = (n) => (n === 1 ? '' : 's');
    const unverified = S.countUnverified(CATALOG, states);
    if (state.hostError) return 'No current status: the Untrain app answered with a problem';
    if (!states.length) return `${CATALOG.providers.length} assistants · not scanned yet`;
    if (state.on) return `${state.on} training control${plural(state.on)} still on`;
    if (unverified) return `${unverified} training control${plural(unverified)} could not be verified`;
    return 'No training control read as on';
  }

  async function load() {
    let state = { connected: false, states: [] };
    try {
      const reply = await chrome.runtime.sendMessage({ cmd: 'status' });
      if (reply && reply.ok) state = reply;
    } catch (e) { /* the service worker is starting; the bundled catalogue is enough */ }
    render(state);
  }

  chrome.runtime.onMessage.addListener((message) => {
    if (message && message.event === 'scan' && message.stage === 'done') {
      scanEnded(message.provider, message.ok === false ? String(message.error || 'the scan failed') : null);
    }
  });
  render({ connected: false, states: [] }); // the list first, statuses a moment later
  hint.hidden = true;
  summary.textContent = 'Loading…';
  load();
})();
