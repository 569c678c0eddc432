// When an in-page reading counts: the rules of checker/engine/settle.py, for the content script. A switch
// painted at first load can still change (the page hydrating the person's real setting from a
// request, a re-render swapping the element, a broken page flickering), so a value counts only when
//   1. its data arrived: none of the tab's documents, scripts or same-site data requests (fetch,
//      XHR) is in flight, and none of those data requests failed, was aborted or answered 4xx/5xx.
//      Only the service worker can see them (chrome.webRequest); it counts them, keeps the paths
//      of the failed ones, tells streams apart by their response type (never by age), and tells us
//      on request. A failed one is `error` naming its path; one still open at the timeout is
//      `timeout`. If the service worker cannot answer, or did not watch the page from its first
//      request (it started, or restarted, while the page loaded), rule 1 is unknown: then a
//      reading never counts;
//   2. the document has loaded, and its own status was not 4xx or 5xx;
//   3. the control held still (lib/watch.js, the scan's watch too): the same reading, with no
//      mutation of it seen and none by polling, for HOLD_MS, watched from the moment it was found
//      (so the hold overlaps the wait for data), and the last request ended at least
//      AFTER_DATA_MS before the window closed. One that keeps changing until the timeout is
//      `timeout` ("would not settle"); one that leaves or hides is re-found, or the reading is
//      `error`; one whose reading differs at the last look is `timeout`, as in the scan;
//   4. no unlisted modal is over it (lib/modal.js): settledRead returns it for content.js to judge.
// A request's start reaches the service worker on another path than our question, a moment later
// (about 1 ms here, more on a loaded machine), so rule 1 is asked again EVENT_LAG_MS after the hold
// before a value counts. Of the scan's second witness (a settings request's answer) the extension
// checks only that the request was answered (content.js unwitnessed): webRequest never shows a body.
(function () {
  const HOLD_MS = 1200;
  const AFTER_DATA_MS = 100;
  const POLL_MS = 20;
  const NETWORK_POLL_MS = 50;
  const EVENT_LAG_MS = 150;
  const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

  class SettleError extends Error {
    constructor(reason, message) { super(message); this.reason = reason; }
  }

  // {pending, changes, failed, pendingPath, documentStatus, sinceEndMs, at} for this tab from the
  // service worker, or null if it cannot tell.
  async function network() {
    const at = Date.now();
    try {
      const reply = await chrome.runtime.sendMessage({ cmd: 'network' });
      return reply && reply.ok ? { ...reply, at } : null;
    } catch (e) { return null; }
  }

  // The page's own record of its finished fetch and XHR calls to this site that failed: a second
  // source, since the service worker misses requests made before it woke (a first page load).
  function failedInPage() {
    const site = (host) => host.split('.').slice(-2).join('.');
    return performance.getEntriesByType('resource')
      .filter((e) => (e.initiatorType === 'fetch' || e.initiatorType === 'xmlhttprequest') && e.responseStatus >= 400)
      .filter((e) => { try { return site(new URL(e.name).hostname) === site(location.hostname); } catch (err) { return false; } })
      .map((e) => `${new URL(e.name).pathname} (it answered ${e.responseStatus})`);
  }

  function judge(state) {
    if (!state) throw new SettleError('error', "the extension could not tell whether the page's data had arrived");
    if (!state.seen) {
      // Its counts start after the page's own requests did: "nothing pending" would be a guess.
      throw new SettleError('error', 'the extension began watching after this page had started loading, '
        + "so it cannot tell whether the page's data arrived: reload the page");
    }
    if (!(state.failed && state.failed.length)) state.failed = failedInPage();
    if (state.failed && state.failed.length) {
      throw new SettleError('error', `the page's data request ${failedWords(state.failed)} failed, so the control may show a placeholder, not your setting`);
    }
  }

  // Nothing in flight: that state. Throws for a failure, or at `until` with the open request.
  async function waitData(until, timeoutMs) {
    for (;;) {
      const state = await network();
      judge(state);
      if (!state.pending) return state;
      if (Date.now() >= until) {
        throw new SettleError('timeout', `the page was still loading ${state.pendingPath || 'a request'} after ${timeoutMs / 1000}s`);
      }
      await sleep(NETWORK_POLL_MS);
    }
  }

  // lib/watch.js, with this host's timings. `maxMs` 0 starts the watch and answers at once.
  function watch(el, read, waitMs, maxMs, timeoutMs) {
    return globalThis.UntrainWatch.watch(el, read, {
      holdMs: HOLD_MS, waitMs, maxMs: Math.max(0, maxMs), pollMs: POLL_MS, lifeMs: timeoutMs });
  }

  // The control's reading once the page around it is done, and any unlisted modal over it:
  // {reading: [attribute, value], modal}. `found.el` is the control; `refind()` puts a re-rendered
  // replacement into `found` or throws. Throws (with a `reason`) if it never settles.
  async function settledRead(found, read, refind, timeoutMs) {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const el = found.el;
      // Start watching at once: the hold then runs while we wait for the page's data.
      let outcome = await watch(el, read, 0, 0, timeoutMs);
      try {
        if (!outcome.gone && !outcome.error) {
          let state = await waitData(deadline, timeoutMs);
          for (;;) {
            const waitMs = Math.max(0, AFTER_DATA_MS - (state.sinceEndMs == null ? Infinity : state.sinceEndMs));
            outcome = await watch(el, read, waitMs, deadline - Date.now(), timeoutMs);
            if (!outcome.held) break;
            const lag = EVENT_LAG_MS - (Date.now() - state.at);
            if (lag > 0) await sleep(lag);
            const after = await network();
            judge(after);
            if (after.changes === state.changes && !after.pending) break;
            state = await waitData(deadline, timeoutMs); // a request started or ended: wait, hold again
          }
        }
      } catch (e) {
        globalThis.UntrainWatch.release(el);
        throw e;
      }
      if (outcome.error) throw new Error(outcome.error);
      if (outcome.gone) {
        refind();
        if (Date.now() < deadline) continue;
        throw new SettleError('timeout', 'the control kept being replaced by new elements');
      }
      if (!outcome.held) {
        globalThis.UntrainWatch.release(el);
        throw new SettleError('timeout', outcome.changes
          ? `the control's state kept changing (${outcome.changes} changes) and would not settle within ${timeoutMs / 1000}s`
          : `the control had not held still for ${HOLD_MS / 1000}s when ${timeoutMs / 1000}s ran out`);
      }
      let last;
      try {
        last = await network();
        judge(last);
      } catch (e) {
        globalThis.UntrainWatch.release(el);
        throw e;
      }
      // The last look, as the scan's: still there, still the same reading, nothing unlisted over it.
      const looked = globalThis.UntrainWatch.release(el);
      if (last.documentStatus >= 400) {
        throw new SettleError('error', `the page itself answered ${last.documentStatus}, so it is not your settings page`);
      }
      if (looked.gone) throw new SettleError('error', 'the control disappeared while it was being read');
      if (looked.reading[0] !== outcome.reading[0] || looked.reading[1] !== outcome.reading[1]) {
        throw new SettleError('timeout', 'the control changed as its reading was taken');
      }
      return { reading: outcome.reading, modal: globalThis.UntrainModal.unlistedModal(el) };
    }
  }

  // The page's data requests that failed, as the scan's walk counts them (checker/engine/steps.py
  // _explain_missing): a step whose target never showed after one is an error, not drift.
  // "/api/settings (it answered 500) and 2 more", as the scan words it (settle.py NetworkActivity.failures).
  function failedWords(failed) {
    return failed[0] + (failed.length > 1 ? ` and ${failed.length - 1} more` : '');
  }

  async function failedRequests() {
    const state = await network();
    return (state && state.failed && state.failed.length) ? state.failed : failedInPage();
  }

  globalThis.UntrainSettle = { settledRead, failedRequests, failedWords, HOLD_MS, SettleError };
})();
