// The popup: every catalogue provider with its last known status, what needs attention first.
// It paints at once from the last status the service worker kept (chrome.storage.local,
// `lastStatus`), marked "as of" its time, and never waits on the native host; the current answer
// replaces that paint when it comes. The list comes from the bundled catalogue, so it renders even
// when the native host is missing.
(function () {
  // When the popup's own code starts: before it, the browser made the page and loaded its files.
  performance.mark('untrain:popup-script');
  const CATALOG = globalThis.UNTRAIN_CATALOG;
  const S = globalThis.UntrainStatus;
  const list = document.getElementById('providers');
  const settled = document.getElementById('settled');
  const noSwitch = document.getElementById('no-switch');
  const summary = document.getElementById('summary');
  const asOf = document.getElementById('as-of');
  const hint = document.getElementById('hint');
  const hostError = document.getElementById('host-error');
  // Providers whose path is unfolded: the list is rendered anew when statuses arrive or a scan
  // ends, and a path the person opened must stay open under them. Likewise an unfolded fix.
  const openPaths = new Set();
  const openFixes = new Set();
  // Scans under way, and why the last one of a provider failed: a re-render keeps both, so the
  // button says "Scanning…" until the scan has ended, and then the row says how.
  const scanning = new Set();
  const scanErrors = new Map();
  // Why "Go to setting" could not open a provider: shown in its row until the person clicks that
  // button again, through any re-render.
  const openErrors = new Map();
  // Kinds with nothing to read: they go in the folded "No switch to check" section.
  const NO_SWITCH_KINDS = new Set(['advice', 'no_opt_out', 'not_trained']);
  // Kinds a scan reads (a page in a browser, a local tool's settings files).
  const SCANNED_KINDS = new Set(['page', 'local']);

  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v === null || v === undefined || v === false) continue;
      if (k === 'text') node.textContent = v; else node.setAttribute(k, v);
    }
    for (const child of children) if (child) node.append(child);
    return node;
  }

  // A time as words. `short` (a row's reading): the time alone if it is today, else the day; the
  // whole date and time are in its tooltip and datetime.
  function when(iso, short) {
    if (!iso) return null;
    const date = new Date(iso);
    if (Number.isNaN(date.getTime())) return null;
    const full = date.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
    const today = date.toDateString() === new Date().toDateString();
    const shown = !short ? full : today ? date.toLocaleTimeString(undefined, { timeStyle: 'short' })
      : date.toLocaleDateString(undefined, { month: 'short', day: 'numeric' });
    return el('time', { datetime: date.toISOString(), title: full, text: shown });
  }

  // A status's words. A paint from the last known state never shows "Off" as a current fact: it
  // says when it was last checked, in a neutral tone, until a current answer comes.
  function describe(status, reason, meaning, stale) {
    const d = S.describe(status, reason, meaning);
    if (stale && status === 'off') return { ...d, text: 'Off when last checked', tone: 'neutral' };
    return d;
  }

  function chip(ps, stale) {
    const d = describe(ps.status, ps.reason, ps.meaning, stale);
    // The icon is decoration for sighted users; the words carry the meaning for everyone.
    return el('span', { class: 'status', 'data-status': ps.status, 'data-tone': d.tone },
      el('span', { 'aria-hidden': 'true', text: d.icon }), el('span', { class: 'status-text', text: d.text }));
  }

  function sourceWord(source) {
    return { extension: 'read in the page', scan: 'scan', demo: 'demo scan', har: 'recorded page' }[source] || source;
  }

  const MEANING_ORDER = ['training', 'human_review', 'ads', 'telemetry'];

  // For a provider with several controls, the ones that need attention (on, or not verified), one
  // line per meaning and status, training first: "Ads personalisation on: Personalised ads". A
  // provider with one control has its chip only.
  function controlLines(provider, mine, stale) {
    if (mine.length < 2) return null;
    const meaningOf = (s) => S.meaningOf(CATALOG, s);
    const order = (m) => { const i = MEANING_ORDER.indexOf(m); return i < 0 ? MEANING_ORDER.length : i; };
    const lines = new Map(); // "meaning|status|reason" -> {meaning, status, reason, labels}
    for (const s of mine.filter((x) => x.status === 'on' || x.status === 'unknown')) {
      const k = `${meaningOf(s)}|${s.status}|${s.reason || ''}`;
      if (!lines.has(k)) lines.set(k, { meaning: meaningOf(s), status: s.status, reason: s.reason, labels: [], controls: [] });
      const known = (provider.controls || []).find((c) => c.id === s.control);
      lines.get(k).labels.push(s.label || (known && known.label) || s.control);
      lines.get(k).controls.push(s.control);
    }
    // A line that only repeats the chip (the provider's one counted control, on) says nothing new.
    const counted = mine.filter((x) => S.isTraining(CATALOG, x));
    for (const [k, line] of lines) {
      if (counted.length === 1 && line.controls[0] === counted[0].control && line.status === 'on') lines.delete(k);
    }
    if (!lines.size) return null;
    const ul = el('ul', { class: 'controls' });
    for (const line of [...lines.values()].sort((a, b) => order(a.meaning) - order(b.meaning))) {
      const d = describe(line.status, line.reason, line.meaning, stale);
      const words = line.status === 'unknown' && S.MEANING[line.meaning]
        ? `${S.MEANING[line.meaning].name}: ${d.text.toLowerCase()}` : d.text;
      const text = `${words}: ${line.labels.join(', ')}`;
      ul.append(el('li', { 'data-controls': line.controls.join(' '), 'data-meaning': line.meaning, 'data-tone': d.tone, title: text },
        el('span', { 'aria-hidden': 'true', text: `${d.icon} ` }), document.createTextNode(text)));
    }
    return ul;
  }

  // A local tool's fix: the exact JSON to paste into the named file, ready to copy. One block per
  // distinct snippet, for the controls not verified off. Untrain never edits the file itself.
  function fixBlock(provider, mine) {
    const offIds = new Set(mine.filter((s) => s.status === 'off').map((s) => s.control));
    const fixes = new Map(); // snippet -> {path, labels}
    for (const c of provider.controls || []) {
      if (!c.fix_snippet || offIds.has(c.id)) continue;
      const fix = fixes.get(c.fix_snippet) || { path: c.fix_path, labels: [] };
      fix.labels.push(c.label || c.id);
      fixes.set(c.fix_snippet, fix);
    }
    if (!fixes.size) return null;
    const block = el('details', { class: 'fix' }, el('summary', { text: 'Show the fix' }));
    block.open = openFixes.has(provider.id);
    block.addEventListener('toggle', () => (block.open ? openFixes.add(provider.id) : openFixes.delete(provider.id)));
    for (const [snippet, fix] of fixes) {
      const pre = el('pre', { class: 'snippet' }, el('code', { text: snippet }));
      const what = fixes.size > 1 ? `: ${provider.name}, ${fix.labels.join(', ')}` : `: ${provider.name}`;
      const copy = el('button', { type: 'button', class: 'copy', text: 'Copy', 'aria-label': `Copy fix${what}` });
      const note = el('p', { class: 'copy-note', role: 'status' });
      copy.addEventListener('click', () => copySnippet(snippet, pre, note));
      // fix_path says where, in words ("Add … to the env block of ~/.claude/settings.json").
      block.append(el('p', { class: 'advice', text: fix.path || 'Add this to the tool\'s settings file:' }), pre, copy, note);
    }
    return block;
  }

  // The clipboard API first; where it is refused, the old copy command on the selected text; where
  // that fails too, the text stays selected and the note says to copy it by hand.
  async function copySnippet(snippet, pre, note) {
    note.textContent = '';
    try {
      await navigator.clipboard.writeText(snippet);
      Object.assign(note.dataset, { ok: 'true', how: 'clipboard' });
      note.textContent = 'Copied.';
      return;
    } catch (e) { /* refused (no focus, a policy): fall back below */ }
    window.getSelection().selectAllChildren(pre);
    let copied = false;
    try { copied = document.execCommand('copy'); } catch (e) { copied = false; }
    Object.assign(note.dataset, { ok: String(copied), how: copied ? 'command' : 'selected' });
    note.textContent = copied ? 'Copied.' : 'Could not copy: the text is selected, press Ctrl+C (⌘C on a Mac).';
  }

  // A row: the name and status, the controls that need attention when there are several, then
  // the actions (Go to setting, or a local tool's fix; Scan now; the path in words) with the time
  // of the reading at the end of that line.
  function providerRow(provider, ps, mine, state) {
    const stale = !!state.stale;
    const li = el('li', { class: 'provider', 'data-provider': provider.id, 'data-status': ps.status, 'data-kind': provider.kind,
      'data-rank': S.rank(ps) });
    li.append(el('div', { class: 'row' }, el('h2', { text: provider.name }), chip(ps, stale)));
    const lines = controlLines(provider, mine, stale);
    if (lines) li.append(lines);
    const path = el('details', { class: 'path' }, el('summary', { text: provider.deep_link ? 'Steps' : 'What to do' }),
      el('ol', {}, ...provider.documented_path.map((step) => el('li', { text: step }))),
      provider.kind !== 'page' && provider.advice ? el('p', { class: 'advice', text: provider.advice }) : null);
    path.open = openPaths.has(provider.id);
    path.addEventListener('toggle', () => (path.open ? openPaths.add(provider.id) : openPaths.delete(provider.id)));
    const actions = el('div', { class: 'actions' });
    // A local tool has no page to go to: its fix is the JSON to paste, shown in place of the button.
    const fix = provider.kind === 'local' ? fixBlock(provider, mine) : null;
    if (fix) actions.append(fix);
    else if (provider.deep_link) actions.append(goButton(provider, path));
    if (state.connected && SCANNED_KINDS.has(provider.kind)) actions.append(scanButton(provider));
    actions.append(path);
    const latest = mine.slice().sort((a, b) => String(a.at).localeCompare(String(b.at))).pop();
    if (latest) {
      actions.append(el('span', { class: 'meta' }, document.createTextNode(`${sourceWord(latest.source)} · `), when(latest.at, true)));
    }
    li.append(actions);
    if (openErrors.has(provider.id)) li.append(openErrorLine(provider));
    if (scanErrors.has(provider.id)) {
      li.append(el('p', { class: 'scan-error', role: 'status', text: `Scan failed: ${scanErrors.get(provider.id)}` }));
    }
    return li;
  }

  function goButton(provider, path) {
    // Many "Go to setting" buttons sound alike in a screen reader's list of buttons: the name says
    // whose setting, and starts with the visible words (so voice control finds it too).
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
    return go;
  }

  // Every provider in its place: what needs attention first in the open list (a counted control
  // on, then not verified, then ads or telemetry on, then not scanned), then the folded sections
  // for what is off or settled, and for what has no switch to check (advice, no opt-out, not
  // trained). Within a place, the catalogue's order.
  function render(state) {
    const stale = !!state.stale;
    const states = S.mergeStates(state.states || []);
    const rows = CATALOG.providers.map((provider, index) => {
      const ps = state.pending ? { status: 'checking', reason: null, at: null, meaning: null }
        : S.providerStatus(CATALOG, provider.id, states);
      return { provider, ps, index, mine: states.filter((s) => s.provider === provider.id) };
    });
    const place = (r) => (NO_SWITCH_KINDS.has(r.provider.kind) && !r.mine.length ? 'none' : S.rank(r.ps) >= 4 ? 'settled' : 'open');
    rows.sort((a, b) => S.rank(a.ps) - S.rank(b.ps) || a.index - b.index);
    const lists = { open: list, settled: settled.querySelector('ul'), none: noSwitch.querySelector('ul') };
    for (const ul of Object.values(lists)) ul.textContent = '';
    for (const r of rows) lists[place(r)].append(providerRow(r.provider, r.ps, r.mine, state));
    for (const group of [settled, noSwitch]) {
      const n = group.querySelector('ul').children.length;
      group.hidden = n === 0;
      group.querySelector('.count').textContent = `(${n})`;
    }
    document.body.dataset.fresh = String(!stale && !state.pending);
    list.setAttribute('aria-busy', String(stale || !!state.pending));
    asOf.hidden = !stale;
    if (stale) asOf.querySelector('time').replaceWith(when(state.at) || el('time', { text: 'an unknown time' }));
    hint.hidden = stale || !!state.pending || !!state.connected || !!state.hostError;
    hostError.hidden = !state.hostError;
    hostError.querySelector('span').textContent = state.hostError ? state.error : '';
    summary.textContent = state.pending ? 'Loading…' : summaryText(state, states);
  }

  function openErrorLine(provider) {
    return el('p', { class: 'open-error', role: 'status', text: `Could not open ${provider.name}: ${openErrors.get(provider.id)}` });
  }

  // The provider's row as it is now (a re-render may have replaced the one that was clicked).
  function showOpenError(provider) {
    const li = document.querySelector(`li.provider[data-provider="${provider.id}"]`);
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

  // One line that never reads as "all clear" unless every current reading says so, and says why
  // there is no current answer when the app failed (the badge shows "!" then).
  function summaryText(state, states) {
    const plural = (n) => (n === 1 ? '' : 's');
    const on = S.countOn(CATALOG, states);
    const unverified = S.countUnverified(CATALOG, states);
    if (state.hostError) return 'No current status: the Untrain app answered with a problem';
    if (!states.length) return `${CATALOG.providers.length} assistants · not scanned yet`;
    if (on) return `${on} training control${plural(on)} still on`;
    if (unverified) return `${unverified} training control${plural(unverified)} could not be verified`;
    // A last known state is not a current one: no all-clear until the app has answered.
    if (state.stale) return 'No training control was on when last checked';
    return 'No training control read as on';
  }

  // Performance marks (read by tests/extension/test_popup.py and bench/popup.py): when the first
  // statuses, and the first current ones, reach the screen, from the popup's navigation start.
  const painted = new Set();
  function markPaint(name, detail) {
    if (painted.has(name)) return;
    painted.add(name);
    requestAnimationFrame(() => {
      performance.mark(name, { detail });
      performance.measure(`${name}:from-start`, { start: 0, end: name });
    });
  }

  let current = false; // a current answer has been painted: the last known state is not wanted now

  // The service worker keeps the last status in chrome.storage.local (`lastStatus`), but reading
  // it takes a round trip to the browser. The popup also keeps a copy of the last current answer it
  // painted in its own localStorage, which a page reads at once: the list is painted in the same
  // task as this script, before the first frame. Whichever copy is newer is shown.
  const COPY = 'untrain:lastStatus';

  function keptCopy() {
    try {
      const kept = JSON.parse(localStorage.getItem(COPY));
      return kept && Array.isArray(kept.states) ? kept : null;
    } catch (e) { return null; }
  }

  function keepCopy(state) {
    const { connected, error, hostError, states, on } = state;
    try {
      localStorage.setItem(COPY, JSON.stringify({ connected, error, hostError, states, on, at: new Date().toISOString() }));
    } catch (e) { /* storage refused: the next popup reads the service worker's copy instead */ }
  }

  let shownAt = null; // the time of the last known state on screen

  function paintKept(kept, via) {
    shownAt = kept.at;
    render({ ...kept, stale: true });
    markPaint('untrain:first-status-paint', { from: 'last-known', via, statuses: kept.states.length, current: false });
  }

  async function load() {
    let state = { connected: false, states: [] };
    try {
      const reply = await chrome.runtime.sendMessage({ cmd: 'status' });
      if (reply && reply.ok) state = reply;
    } catch (e) { /* the service worker is starting; the bundled catalogue is enough */ }
    current = true;
    render(state);
    if (state.ok) keepCopy(state);
    markPaint('untrain:first-status-paint', { from: 'app', statuses: (state.states || []).length, current: true });
    markPaint('untrain:current-status-paint', { from: 'app', statuses: (state.states || []).length });
  }

  // The service worker's copy, if it is newer than the popup's own (a scheduled scan, an in-page
  // reading since the popup was last open). With no copy at all (the very first opening), the list
  // says "Checking…" rather than claim anything.
  async function paintStored() {
    let last = null;
    try { last = (await chrome.storage.local.get('lastStatus')).lastStatus || null; } catch (e) { last = null; }
    if (current) return;
    if (last && Array.isArray(last.states)) {
      if (!shownAt || Date.parse(last.at) > Date.parse(shownAt)) paintKept(last, 'storage');
    } else if (!shownAt) {
      render({ pending: true, states: [] });
      markPaint('untrain:first-status-paint', { from: 'nothing', statuses: 0, current: false });
    }
  }

  chrome.runtime.onMessage.addListener((message) => {
    if (message && message.event === 'scan' && message.stage === 'done') {
      scanEnded(message.provider, message.ok === false ? String(message.error || 'the scan failed') : null);
    }
  });
  const kept = keptCopy();
  if (kept) paintKept(kept, 'popup');
  paintStored();
  load();
})();
