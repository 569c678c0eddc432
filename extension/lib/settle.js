// When an in-page reading counts: the rule of checker/settle.py, for the content script. A switch
// painted at first load can still change (the page hydrating the person's real setting from a
// request, a re-render swapping the element), so a value counts only once
//   1. none of the tab's requests that could change what it shows (a document, script, fetch or
//      XHR) is in flight, and none started or ended while we watched. Only the service worker can
//      see them (chrome.webRequest); it counts them and tells us on request;
//   2. the document has finished loading; and
//   3. the whole document, the control in it, has stood still for QUIET_MS.
// A page that never stands still gets MAX_QUIET_MS; after that the control alone must hold still
// for HOLD_MS. If the service worker cannot answer, rule 1 is unknown, so the hold applies too.
// A request's start reaches the service worker on another path than our question, a moment later
// (about 1 ms here, more on a loaded machine), so rule 1 is asked again EVENT_LAG_MS after the first
// answer before a value counts.
(function () {
  const QUIET_MS = 50;
  const MAX_QUIET_MS = 2000;
  const HOLD_MS = 250;
  const POLL_MS = 50;
  const EVENT_LAG_MS = 150;
  const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

  // Our own callout and highlight are not the page changing.
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

  // Watch `scope` ('document', or the control alone) until it has not changed for quietMs, or
  // maxMs pass. -> {outcome: 'quiet' | 'restless' | 'gone', reading}
  async function watch(el, read, scope, quietMs, maxMs) {
    const started = performance.now();
    const left = () => maxMs - (performance.now() - started);
    if (scope === 'document' && document.readyState !== 'complete') {
      await new Promise((done) => { addEventListener('load', done, { once: true }); setTimeout(done, Math.max(0, left())); });
    }
    if (!el.isConnected) return { outcome: 'gone' };
    let reading = read(el);
    return new Promise((resolve, reject) => {
      let last = performance.now();
      const observer = new MutationObserver((records) => { if (records.some(pageChange)) last = performance.now(); });
      observer.observe(scope === 'document' ? document : el, { subtree: true, childList: true, attributes: true, characterData: true });
      const finish = (outcome) => { observer.disconnect(); resolve(outcome); };
      const check = () => {
        if (!el.isConnected) return finish({ outcome: 'gone' });
        let now;
        try { now = read(el); } catch (e) { observer.disconnect(); return reject(e); }
        if (now[0] !== reading[0] || now[1] !== reading[1]) { reading = now; last = performance.now(); }
        const still = performance.now() - last;
        const loaded = scope !== 'document' || document.readyState === 'complete';
        if (still >= quietMs && loaded) return finish({ outcome: 'quiet', reading });
        if (left() <= 0) return finish({ outcome: 'restless', reading });
        return setTimeout(check, Math.max(4, Math.min(quietMs - still, left())));
      };
      setTimeout(check, quietMs);
    });
  }

  // {pending, changes, at} for this tab from the service worker, or null if it cannot tell.
  async function network() {
    const at = Date.now();
    try {
      const reply = await chrome.runtime.sendMessage({ cmd: 'network' });
      return reply && reply.ok ? { ...reply, at } : null;
    } catch (e) { return null; }
  }

  // Nothing in flight: that state; still busy at `until`: false; unknown: null.
  async function waitIdle(until) {
    for (;;) {
      const state = await network();
      if (!state || !state.pending) return state;
      if (Date.now() >= until) return false;
      await sleep(POLL_MS);
    }
  }

  // The control's [attribute, value] once the page around it is done. `found.el` is the control;
  // `refind()` puts a re-rendered replacement into `found` or throws. Throws if it never settles.
  async function settledRead(found, read, refind, timeoutMs) {
    const started = Date.now();
    const quietUntil = started + Math.min(MAX_QUIET_MS, timeoutMs);
    const deadline = started + timeoutMs;
    while (Date.now() < quietUntil) {
      const idle = await waitIdle(quietUntil);
      if (idle === false) break;
      const { outcome, reading } = await watch(found.el, read, 'document', QUIET_MS, quietUntil - Date.now());
      if (outcome === 'gone') { refind(); continue; }
      if (outcome === 'restless' || idle === null) break;
      const lag = EVENT_LAG_MS - (Date.now() - idle.at);
      if (lag > 0) await sleep(lag);
      const after = await network();
      if (!found.el.isConnected) continue;
      const now = read(found.el);
      if (after && after.changes === idle.changes && now[0] === reading[0] && now[1] === reading[1]) return reading;
      // A request started or ended, or the value changed, while we watched: the page is not done yet.
    }
    for (;;) {
      const { outcome, reading } = await watch(found.el, read, 'control', HOLD_MS, deadline - Date.now());
      if (outcome === 'quiet') return reading;
      if (outcome === 'gone') {
        refind();
        if (Date.now() < deadline) continue;
        throw new Error('the control kept being replaced by new elements');
      }
      throw new Error("the control's state kept changing");
    }
  }

  globalThis.UntrainSettle = { settledRead, QUIET_MS, MAX_QUIET_MS, HOLD_MS };
})();
