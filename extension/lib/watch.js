// The settle watch, once for both hosts: a control is watched from the moment it is found, and its
// reading counts only once it held still. The content script's lib/settle.js and the scan's
// checker/engine/settle.py each add their own view of the network around it (a service worker's counts,
// Playwright's request events); what happens inside the page is this file.
//
// A tracker, kept on the control's element until it is released or its lifetime ends, reads the
// control every pollMs and on every mutation of it; `since` is when its reading (or its markup) last
// changed. Polling is needed besides the observer: a native checkbox's `checked` changes without a
// mutation.
//
// watch(el, read, {holdMs, waitMs, maxMs, pollMs, lifeMs}) starts the tracker (or finds it already
// running, and renews its lifetime), then resolves
//   {held: true, reading, changes}   once the document has loaded, the reading held for holdMs and
//                                    waitMs have passed since this call;
//   {held: false, reading, changes}  at maxMs if it never did (maxMs 0: at once, with what it reads
//                                    now: a watch started ahead of its read step);
//   {gone: true}                     if the control left the page or hid (the tracker is stopped);
//   {error: message}                 if the reader cannot read it.
// release(el) stops the tracker and says what it last read: {gone, reading}.
// `read(el)` returns [what was read, raw value] (lib/read_state.js).
var UntrainWatch = (() => {
  const KEY = Symbol.for('untrain.watch');

  // Our own callout and highlight (the content script's) are not the page changing.
  const OURS = '#untrain-callout';
  function ownNode(node) {
    const el = node && (node.nodeType === 1 ? node : node.parentElement);
    return !!(el && (el.matches(OURS) || el.closest(OURS)));
  }
  function pageChange(record) {
    if (record.type === 'attributes' && record.attributeName === 'data-untrain-highlight') return false;
    if (record.type === 'childList') {
      const nodes = [...record.addedNodes, ...record.removedNodes];
      if (nodes.length && nodes.every(ownNode)) return false;
    }
    return !ownNode(record.target);
  }

  const shown = (el) => el.isConnected && el.getClientRects().length > 0 && getComputedStyle(el).visibility !== 'hidden';
  const message = (e) => String((e && e.message) || e);

  // The running tracker on `el`, or a new one. Throws what the reader throws.
  function tracker(el, read, pollMs) {
    const running = el[KEY];
    if (running && !running.stopped) return running;
    const t = { since: performance.now(), changes: 0, stopped: false, gone: false, error: null };
    t.reading = read(el);
    const look = () => {
      if (t.stopped) return;
      if (!shown(el)) { t.gone = true; return; }
      let now;
      try { now = read(el); } catch (e) { t.error = message(e); return; }
      if (now[0] !== t.reading[0] || now[1] !== t.reading[1]) { t.reading = now; t.since = performance.now(); t.changes += 1; }
    };
    const observer = new MutationObserver((records) => {
      if (records.some(pageChange)) { t.since = performance.now(); t.changes += 1; look(); }
    });
    observer.observe(el, { subtree: true, childList: true, attributes: true, characterData: true });
    const timer = setInterval(look, pollMs);
    t.stop = () => { t.stopped = true; observer.disconnect(); clearInterval(timer); clearTimeout(t.life); delete el[KEY]; };
    el[KEY] = t;
    return t;
  }

  function watch(el, read, { holdMs, waitMs, maxMs, pollMs, lifeMs }) {
    let t;
    try { t = tracker(el, read, pollMs); } catch (e) { return Promise.resolve({ error: message(e) }); }
    // Its lifetime runs from the latest call, so a watch started ahead of its read step (and the
    // last look right after a hold) never finds it gone on its own.
    clearTimeout(t.life);
    t.life = setTimeout(t.stop, lifeMs);
    if (maxMs <= 0) return Promise.resolve({ held: false, reading: t.reading, changes: t.changes });
    const started = performance.now();
    return new Promise((resolve) => {
      const check = () => {
        if (t.gone || !shown(el)) { t.stop(); return resolve({ gone: true }); }
        if (t.error) { t.stop(); return resolve({ error: t.error }); }
        const now = performance.now();
        const held = now - t.since;
        if (document.readyState === 'complete' && held >= holdMs && now - started >= waitMs) {
          return resolve({ held: true, reading: t.reading, changes: t.changes });
        }
        if (now - started >= maxMs) { t.stop(); return resolve({ held: false, reading: t.reading, changes: t.changes }); }
        setTimeout(check, Math.max(4, Math.min(pollMs, holdMs - held, maxMs - (now - started))));
      };
      check();
    });
  }

  function release(el) {
    const t = el[KEY];
    const outcome = { gone: !t || t.gone || !el.isConnected, reading: t ? t.reading : null };
    if (t) t.stop();
    return outcome;
  }

  return { watch, release };
})();
