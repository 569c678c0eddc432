// Content script, on the providers' settings hosts only (see manifest host matches).
// On a provider's settings page (a deep link, or a tab opened by "Go to setting") it follows the
// navigation steps still needed, never clicking the control itself, then scrolls the control into
// view, highlights it, explains what to set and why in a polite live region, reads its state with
// the catalogue's locator data, and reports the reading to the backend through the service worker.
// On any other page of the provider it clicks nothing, and reads a switch once the person opens it.
(function () {
  if (globalThis.__untrainContent) return; // injected once per page
  globalThis.__untrainContent = true;

  const CATALOG = globalThis.UNTRAIN_CATALOG;
  // Only training and human review count (the catalogue's counted_meanings, as in the scan and the
  // badge); ads and telemetry switches are shown for information, and read only when already shown.
  const COUNTED = (CATALOG && CATALOG.counted_meanings) || ['training', 'human_review'];
  const counts = (control) => COUNTED.includes(control.meaning);
  const L = globalThis.UntrainLocate;
  const provider = globalThis.UntrainPageProvider(CATALOG, location.href);
  if (!provider) return;

  const WAIT_MS = 10000;
  const POLL_MS = 150;
  const OPTIONAL_MS = 2000;
  const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

  class Stop extends Error {
    constructor(reason, message) { super(message); this.reason = reason; }
  }

  // On a settings page: the path, every query parameter and the hash of one of the provider's deep
  // links. A deep link that is just the home page never counts (only a guided tab does there).
  function onDeepLink() {
    const here = new URL(location.href);
    const trim = (p) => p.replace(/\/$/, '') || '/';
    return provider.deep_links.some(({ url }) => {
      const link = new URL(url);
      if (link.origin !== here.origin || trim(link.pathname) !== trim(here.pathname)) return false;
      if (trim(link.pathname) === '/' && !link.search && !link.hash) return false;
      if (link.hash && link.hash !== here.hash) return false;
      return [...link.searchParams].every(([k, v]) => here.searchParams.get(k) === v);
    });
  }

  // A wall stops the walk and is explained in the page. Only a terms pop-up is also recorded (see
  // guide()): it is about the person's account. A sign-in or bot wall says nothing about the
  // account's setting, and a signed-out browser may not even be the account a scan used.
  // Which wall shows, and in what order they are checked, is lib/walls.js, the scan's too.
  // A consent wall with a refusing choice (a first-visit tour's "Skip Tour", "Reject all") is
  // passed as the scan passes it, on a guided walk only (`pass`): its choice is clicked once, by the
  // guard's dismiss rules, and checkWalls answers true while the wall is still going away. One that
  // stays up, or has no such choice, is `blocked`: never accepted.
  const passedWalls = new Map(); // marker -> when its choice was clicked
  function checkWalls({ pass = true } = {}) {
    const shown = globalThis.UntrainWalls.showing(provider);
    if (!shown) return false;
    switch (shown.kind) {
      case 'blocked':
        throw new Stop('blocked', 'A bot check is showing. Complete it, then open the setting again.');
      case 'consent_wall': {
        const { wall } = shown;
        const clicked = passedWalls.get(wall.marker);
        if (clicked !== undefined && Date.now() - clicked < WAIT_MS) return true; // going away
        if (clicked !== undefined || !pass) {
          throw new Stop('blocked', `A pop-up covers the page ("${label(wall.marker)}")${clicked !== undefined ? ` and stayed after "${label(wall.pass_with)}"` : ''}. Untrain never accepts it: close it, then open the setting again.`);
        }
        const choice = L.find(provider, wall.pass_with);
        if (!choice || !choice.found) {
          throw new Stop('blocked', `A pop-up covers the page ("${label(wall.marker)}") and its "${label(wall.pass_with)}" choice was not found. Untrain never accepts it.`);
        }
        passedWalls.set(wall.marker, Date.now());
        click(choice.found);
        return true;
      }
      case 'pending_consent':
        throw new Stop('pending_consent', 'A terms pop-up or first-run screen is waiting, and its default may opt you in. Switch training off there first, then decide.');
      case 'signed_out':
        throw new Stop('signed_out', `Sign in to ${provider.name} first; then click "Go to setting" again.`);
      default: // not_applicable: the page says the setting is not offered to this account (a plan, a region)
        throw new Stop('not_applicable', provider.selectors[shown.marker].description || shown.marker);
    }
  }

  function label(name) {
    const c = provider.selectors[name].candidates[0];
    return c.shows_label || c.name || c.label || c.text || name;
  }

  async function waitFor(names, ms = WAIT_MS) {
    const deadline = Date.now() + ms;
    let last = null;
    for (;;) {
      if (checkWalls()) { await sleep(POLL_MS); continue; } // a consent wall is going away
      for (const name of names) {
        const r = L.find(provider, name);
        if (r && r.found) return r.found;
        if (r && r.ambiguous) last = r.ambiguous;
      }
      if (Date.now() >= deadline) break;
      await sleep(POLL_MS);
    }
    if (last) throw new Stop('ambiguous', `${last.count} elements match "${label(last.name)}"; Untrain will not guess which.`);
    throw new Stop('path_missing', `"${names.map(label).join('" or "')}" was not found. The page may have changed.`);
  }

  function leadsHere(el) {
    const link = el.closest('a[href]');
    if (!link) return false;
    try {
      const to = new URL(link.href, location.href);
      return to.origin === location.origin && to.pathname === location.pathname && to.search === location.search
        && to.hash === location.hash; // another hash is a way on in a single-page app
    } catch (e) { return false; }
  }

  // Playwright's click waits for its element to be enabled, and so does the walk: a settings row
  // stays disabled until the page has loaded the setting, and a click on it then does nothing.
  // A re-render meanwhile is followed (found again by name).
  async function whenEnabled(found) {
    const deadline = Date.now() + WAIT_MS;
    let current = found;
    while (current.el.disabled || current.el.getAttribute('aria-disabled') === 'true') {
      if (Date.now() >= deadline) throw new Stop('timeout', `"${label(found.name)}" stayed disabled.`);
      await sleep(POLL_MS);
      const again = L.find(provider, found.name);
      if (again && again.found) current = again.found;
    }
    return current;
  }

  // Radix-style menus and tabs open on pointerdown/mousedown; plain buttons on click.
  function click(found) {
    const refusal = L.clickRefusal(provider, found.name, found.el);
    if (refusal) throw new Stop('error', `Untrain refused to click: ${refusal}.`);
    const opts = { bubbles: true, cancelable: true, button: 0, view: window };
    found.el.dispatchEvent(new PointerEvent('pointerdown', { ...opts, pointerType: 'mouse', isPrimary: true }));
    found.el.dispatchEvent(new MouseEvent('mousedown', opts));
    found.el.dispatchEvent(new PointerEvent('pointerup', { ...opts, pointerType: 'mouse', isPrimary: true }));
    found.el.dispatchEvent(new MouseEvent('mouseup', opts));
    found.el.click();
  }

  // {reading, modal}, once the page around the control is done (lib/settle.js, the rules of
  // checker/engine/settle.py). A framework re-render may replace the control with a new element
  // meanwhile: then the locator must find exactly one again, and `found` is updated in place to it
  // (the caller highlights and watches `found.el`). Throws with a `reason` if it never settles.
  function settledRead(found, reader) {
    const refind = () => {
      const again = L.find(provider, found.name);
      if (!again || !again.found) throw new Error('the control disappeared while it was being read');
      Object.assign(found, again.found);
    };
    return globalThis.UntrainSettle.settledRead(found, (el) => UntrainRead.read(el, reader), refind, WAIT_MS);
  }

  // A value read from the page goes into the reading's detail, and so into the history: keep only
  // enough to recognise it. Page text has no place there, and the host refuses a detail over 500
  // characters, which would lose the whole (unknown) reading.
  const SHOWN_VALUE_CHARS = 40;
  function shortValue(value) {
    const text = String(value);
    return text.length > SHOWN_VALUE_CHARS ? `${text.slice(0, SHOWN_VALUE_CHARS)}…` : text;
  }

  // A reading's second witness, as far as the extension can see it: the page's own settings
  // request (the catalogue's path, a glob as in checker/engine/settle.py) answered 2xx in this document.
  // Without it the switch may be a placeholder painted before the real setting arrived (the scan
  // says the same). The answer's value is the scan's to check: webRequest never shows a body.
  async function unwitnessed(reading) {
    if (!reading.witness) return null;
    const glob = new RegExp(`^${reading.witness.request.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`);
    let answered = [];
    try { answered = (await chrome.runtime.sendMessage({ cmd: 'network' })).answered || []; } catch (e) { answered = []; }
    if (answered.some((path) => glob.test(path))) return null;
    return `the page never loaded its settings from ${reading.witness.request}, so the reading has no second witness and may be a placeholder`;
  }

  function classify(reading, value) {
    if (reading.training_allowed.includes(value)) return 'on';
    if (reading.training_disabled.includes(value)) return 'off';
    return null;
  }

  // Why an "off" read from `el` is not "safe": a training-like switch the catalogue does not know
  // is on beside it (lib/neighbours.js, which the scan runs too). Null when there is none.
  function unlistedBeside(control, status, el) {
    if (status !== 'off' || !counts(control)) return null;
    const found = globalThis.UntrainNeighbours.onButUnlisted(provider, el);
    return found.length ? globalThis.UntrainNeighbours.describe(found) : null;
  }

  // ---------------------------------------------------------------- callout (what to set, why)

  let callout = null;

  function placeCallout(anchor) {
    if (!callout) {
      callout = document.createElement('div');
      callout.id = 'untrain-callout';
      callout.className = 'untrain-callout';
      // A polite live region: screen readers announce it without moving focus.
      callout.setAttribute('role', 'status');
      callout.setAttribute('aria-live', 'polite');
      callout.setAttribute('aria-atomic', 'true');
      callout.dataset.verdict = JSON.stringify(verdict);
    }
    // Inside the control's modal dialog if there is one: content outside an aria-modal dialog
    // is hidden from assistive technology, so it would never be announced.
    const host = (anchor && anchor.closest('[role=dialog], [aria-modal=true], dialog')) || document.body;
    if (callout.parentElement !== host) host.appendChild(callout);
    if (anchor) {
      const rect = anchor.getBoundingClientRect();
      const below = rect.bottom + 12 + 140 < window.innerHeight;
      callout.style.top = `${Math.max(8, below ? rect.bottom + 12 : rect.top - 12 - 140)}px`;
      callout.style.left = `${Math.max(8, Math.min(rect.left, window.innerWidth - 340))}px`;
      callout.classList.add('untrain-anchored');
    }
    return callout;
  }

  function say(anchor, tone, title, lines) {
    const box = placeCallout(anchor);
    box.dataset.tone = tone;
    // Filled a moment after insertion, so the live region is registered before its text changes.
    setTimeout(() => {
      box.textContent = '';
      const head = document.createElement('strong');
      head.textContent = `Untrain: ${title}`;
      box.appendChild(head);
      for (const line of lines.filter(Boolean)) {
        const p = document.createElement('p');
        p.textContent = line;
        box.appendChild(p);
      }
      const close = document.createElement('button');
      close.type = 'button';
      close.className = 'untrain-close';
      close.setAttribute('aria-label', 'Dismiss the Untrain hint');
      close.textContent = '×';
      close.addEventListener('click', () => box.remove());
      box.appendChild(close);
    }, 50);
  }

  // One callout for the page, covering every control read here; controls still on come first,
  // and the callout sits by the first of them.
  const shown = new Map(); // control id -> {control, status, reason, why, el}

  // `why`: what the person must know beyond the reason, when there is something to check by hand.
  function explain(control, status, reason, anchor, why) {
    shown.set(control.id, { control, status, reason, why, el: anchor });
    const items = [...shown.values()];
    // Ads and telemetry switches are named "for your information" and never make the callout ask
    // for a change, nor warn when they could not be read.
    const training = (i) => counts(i.control);
    const on = items.filter((i) => i.status === 'on' && training(i));
    const unread = items.filter((i) => i.status === 'unknown' && training(i));
    const line = (i) => (!training(i) && i.status !== 'unknown' ? `ℹ "${i.control.label}" is ${i.status} (for your information).`
      : i.status === 'on' ? `⚠ "${i.control.label}" is ON: set it to Off.`
      : i.status === 'off' ? `✓ "${i.control.label}" is off.`
        : i.why ? `? "${i.control.label}": ${i.why}`
          : `? "${i.control.label}": could not read it (${i.reason}). Make sure it is off: ${i.control.fix_path}`);
    const lines = [...on, ...unread, ...items.filter((i) => !on.includes(i) && !unread.includes(i))].map(line);
    if (on.length) {
      const title = on.length === 1 ? `turn "${on[0].control.label}" off` : `turn ${on.length} settings off`;
      lines.push(`Why: ${on[0].control.risk || 'your conversations may be used for training.'}`,
        'Untrain never flips a setting for you.');
      say(on[0].el, 'bad', title, lines);
    } else if (unread.length) {
      say(unread[0].el || anchor, 'warn', unread.length === 1 ? `check "${unread[0].control.label}"` : 'check these settings', lines);
    } else {
      const title = items.length === 1 ? `"${items[0].control.label}" is off` : 'these settings are off';
      say(items[items.length - 1].el || anchor, 'good', title,
        [...lines, 'Training on your conversations is disabled here. Nothing to do.']);
    }
  }

  function highlight(el, controlId) {
    el.setAttribute('data-untrain-highlight', controlId);
    const reduce = window.matchMedia && window.matchMedia('(prefers-reduced-motion: reduce)').matches;
    el.scrollIntoView({ block: 'center', inline: 'nearest', behavior: reduce ? 'auto' : 'smooth' });
  }

  // What the page concluded, per control, as the callout says it: {control id: [status, reason]}.
  // It sits on the callout as data-verdict, for machines (the scan-vs-extension differential test,
  // a person's devtools); a sign-in or bot wall is in it too, though it is never recorded.
  const verdict = {};
  function conclude(control, status, reason) {
    verdict[control.id] = [status, reason || null];
    if (callout) callout.dataset.verdict = JSON.stringify(verdict);
  }

  function report(control, status, reason, detail) {
    try {
      chrome.runtime.sendMessage({
        cmd: 'reading', provider: provider.id, control: control.id, status,
        reason: reason || null, detail: detail || null,
      }).catch(() => {}); // no URL: the service worker takes the page from the sender, without its query
    } catch (e) { /* the extension was reloaded; nothing to report to */ }
  }

  // When the person flips the switch themselves, re-read it and report the new state.
  function watch(found, control, reading) {
    let last = null;
    let busy = false;
    const observer = new MutationObserver(() => recheck());
    async function recheck() {
      if (!found.el.isConnected) { observer.disconnect(); return; }
      if (busy) return;
      busy = true;
      try {
        const { reading: [, value], modal } = await settledRead(found, reading.reader);
        if (modal) return; // something unlisted is over it now: keep the last reading
        const read = classify(reading, value);
        const beside = unlistedBeside(control, read, found.el);
        const [status, reason] = beside ? ['unknown', 'ambiguous'] : [read, null];
        if (status && status !== last) {
          last = status;
          explain(control, status, reason, found.el, beside);
          conclude(control, status, reason);
          report(control, status, reason, beside);
        }
      } catch (e) { /* keep the last reading */ } finally { busy = false; }
    }
    observer.observe(found.el, { attributes: true, attributeFilter: ['aria-checked', 'checked', 'data-state', 'aria-valuetext'] });
    // A native checkbox's `checked` property changes without an attribute mutation.
    found.el.addEventListener('change', recheck);
    return (status) => { last = status; };
  }

  // ---------------------------------------------------------------- the walk

  // Why a walk stopped that is recorded as the control's reading (unknown, with this reason).
  const RECORDED_STOPS = new Set(['ambiguous', 'pending_consent']);

  async function guide() {
    const readings = {};
    let lastControlEl = null;
    let stopped = null;
    // The walk points at the switches that count: once the last of them is read it clicks nothing
    // more (it never leads the person away from that switch), and an uncounted switch further on
    // is read only if it is already on the page.
    const lastCounted = provider.steps.reduce((last, step, i) => (step.type === 'read'
      && counts(provider.controls.find((c) => c.id === step.target)) ? i : last), -1);
    try {
      // A click step may jump ahead (`next`): the step loop goes by index, not for…of.
      for (let index = 0, next = 1; index < provider.steps.length; index = next, next = index + 1) {
        const step = provider.steps[index];
        if (step.type === 'goto' || step.type === 'press') continue; // we are on the page; leave it open
        if (index > lastCounted && step.type !== 'read') continue;
        if (step.type === 'click') {
          // The scan's rule (checker/engine/steps.py): when a later step's target already shows, go there.
          const ahead = step.ahead || [];
          const names = [...new Set([...ahead.map(([, name]) => name).reverse(), step.target])];
          let first = null;
          try { first = await waitFor(names, step.optional ? OPTIONAL_MS : WAIT_MS); } catch (e) {
            if (step.optional && e.reason === 'path_missing') continue;
            if (e.reason === 'path_missing') throw new Stop('path_missing', `"${label(step.target)}" was not found. The page may have changed.`);
            throw e;
          }
          if (first.name !== step.target) {
            next = Math.max(...ahead.filter(([, name]) => name === first.name).map(([later]) => later));
            continue;
          }
          // A link to the very page we are on (GitHub's "Features" in its own side menu) is a step
          // already taken: following it would reload the tab and start the walk over, in a loop.
          if (leadsHere(first.el)) continue;
          click(await whenEnabled(first));
        } else if (step.type === 'wait') {
          await waitFor([step.target]);
        } else if (step.type === 'dismiss') {
          let found = null;
          try { found = await waitFor([step.target], OPTIONAL_MS); } catch (e) { if (e.reason !== 'path_missing') throw e; }
          if (found) click(found);
        } else if (step.type === 'read') {
          const control = provider.controls.find((c) => c.id === step.target);
          const done = (readings[control.id] = readings[control.id] || []);
          const reading = control.readings[done.length];
          let found = null;
          if (counts(control)) {
            found = await waitFor([reading.locator]);
          } else {
            // One look, no wait: the counted switches' reports must not wait on it.
            try { found = await waitFor([reading.locator], 0); } catch (e) { if (e.reason !== 'path_missing') throw e; }
            if (!found) continue; // not on this page: say nothing about it
          }
          highlight(found.el, control.id);
          lastControlEl = found.el;
          let status = null;
          let reason = null;
          let detail = null;
          let modal = null;
          let why = null;
          try {
            const settled = await settledRead(found, found.candidate.reader || reading.reader);
            const [attribute, value] = settled.reading;
            modal = settled.modal;
            if (found.el !== lastControlEl) { highlight(found.el, control.id); lastControlEl = found.el; } // re-rendered meanwhile
            status = modal ? null : classify(reading, value);
            if (!status && !modal) { reason = 'error'; detail = `unexpected ${attribute} value "${shortValue(value)}"`; }
            const missing = status && await unwitnessed(reading);
            if (missing) { status = null; reason = 'error'; detail = missing; }
            const beside = unlistedBeside(control, status, found.el);
            if (beside) { status = null; reason = 'ambiguous'; detail = beside; why = beside; }
          } catch (e) { reason = e.reason || 'error'; detail = e.message; }
          // An unlisted modal is a stop sign (lib/modal.js): never clicked, never read past.
          if (modal && modal.consent) {
            throw new Stop('pending_consent', `A dialog Untrain does not know ("${modal.title}") covers the page and offers to accept. Its default may opt you in: switch training off first, then decide.`);
          }
          if (modal) { reason = 'error'; detail = `a dialog Untrain does not know ("${modal.title}") covers the control`; }
          done.push({ status: status || 'unknown', reason, detail, why, found, reading: { ...reading, reader: found.candidate.reader || reading.reader } });
        }
      }
    } catch (e) {
      if (!(e instanceof Stop)) throw e;
      stopped = e;
    }
    if (stopped && stopped.reason === 'path_missing') {
      // As the scan (checker/engine/steps.py _explain_missing): a security check in the page's place
      // is `blocked`; a data request of the page's own that failed is `error`, not a changed page.
      const check = globalThis.UntrainModal.challenge();
      const failed = check ? [] : await globalThis.UntrainSettle.failedRequests();
      if (check) {
        stopped = new Stop('blocked', `A security check shows instead (${check}). Complete it, then open the setting again.`);
      } else if (failed.length) {
        const words = globalThis.UntrainSettle.failedWords(failed);
        stopped = new Stop('error', `${stopped.message} The page's data request ${words} failed first, so it may not have loaded what it would show.`);
      }
    }
    const unread = provider.controls.filter((c) => !(readings[c.id] || []).length);
    if (stopped && stopped.reason === 'not_applicable') {
      // Recorded as the scan records it: settled, nothing to switch off on this account.
      say(lastControlEl, 'good', 'this setting does not apply to your account',
        [`The page says: ${stopped.message}.`, 'Nothing to do here.']);
      for (const control of unread) {
        conclude(control, 'not_applicable', null);
        report(control, 'not_applicable', null, stopped.message);
      }
      return;
    }
    if (stopped && unread.length === provider.controls.length) {
      say(lastControlEl, 'warn', stopped.reason === 'signed_out' ? 'sign in first' : 'could not reach the setting', [
        stopped.message, `Documented path: ${provider.documented_path.join(' → ')}`,
      ]);
    }
    for (const control of provider.controls) {
      const done = readings[control.id];
      if (!done || !done.length) {
        if (!stopped) continue;
        // An ambiguous control is still a reading: record it, so nobody mistakes silence for "off".
        // So is a terms pop-up whose default opts in (the scanner records it the same way): an
        // earlier "off" must not stay on the badge while the page warns. A missing control is only
        // shown: the person may simply have closed the dialog.
        if (unread.length < provider.controls.length) explain(control, 'unknown', stopped.reason, null);
        conclude(control, 'unknown', stopped.reason);
        if (RECORDED_STOPS.has(stopped.reason)) report(control, 'unknown', stopped.reason, stopped.message);
        continue;
      }
      const statuses = new Set(done.map((r) => r.status));
      const agreed = statuses.size === 1 ? done[0] : { status: 'unknown', reason: 'ambiguous', detail: 'the readings disagree' };
      const anchor = done[done.length - 1].found ? done[done.length - 1].found.el : null;
      explain(control, agreed.status, agreed.reason, anchor, agreed.why);
      conclude(control, agreed.status, agreed.reason);
      report(control, agreed.status, agreed.reason, agreed.detail);
      const last = done[done.length - 1];
      if (last.found && done.length === 1) watch(last.found, control, last.reading)(agreed.status);
    }
  }

  // A walk's click may load a new page, where the walk begins again. On a page it cannot read that
  // can loop: GitHub's "Your Copilot" link is itself a deep link, and a walk that did not recognise
  // the control reloaded the person's tab 400 times in 20 s. So the walks that began on a full page
  // load and left it by a click are counted in the tab (sessionStorage lives as long as the tab),
  // and after MAX_WALK_LOADS in a row the walk stops and says so. A walk that ends on its page
  // breaks the chain; so does a pause of CHAIN_MS between loads.
  const MAX_WALK_LOADS = 3;
  const CHAIN_MS = 30000;
  const CHAIN_KEY = 'untrain-walk-chain';

  function chainedWalks() {
    try {
      const chain = JSON.parse(sessionStorage.getItem(CHAIN_KEY) || 'null');
      const count = chain && Date.now() - chain.at < CHAIN_MS ? chain.count + 1 : 1;
      sessionStorage.setItem(CHAIN_KEY, JSON.stringify({ count, at: Date.now() }));
      return count;
    } catch (e) { return 1; } // no storage for this page: nothing to count with
  }

  function endChain() {
    try { sessionStorage.removeItem(CHAIN_KEY); } catch (e) { /* nothing was stored */ }
  }

  let guidedUrl = null;
  let walking = false;
  let firstLook = true; // this document's own load, not a hash or history change inside it
  async function maybeGuide() {
    // Our own navigation clicks change the hash; one walk at a time, or it would click twice.
    if (walking || guidedUrl === location.href) return;
    const onLoad = firstLook;
    firstLook = false;
    let guided = onDeepLink();
    if (!guided) {
      try { guided = !!(await chrome.runtime.sendMessage({ cmd: 'guided?' })).guided; } catch (e) { guided = false; }
    }
    if (!guided) { readInPlace(); return; } // a page reached by hand: click nothing, only read
    guidedUrl = location.href;
    if (onLoad && chainedWalks() > MAX_WALK_LOADS) {
      endChain();
      say(null, 'warn', 'stopped looking for the setting', [
        `The page changed ${MAX_WALK_LOADS} times while Untrain looked for the switch, so it stopped rather than reload your tab again.`,
        `Documented path: ${provider.documented_path.join(' → ')}`,
      ]);
      walked();
      return;
    }
    walking = true;
    guide().catch((e) => {
      // A fault of ours (or a page we cannot handle) must not leave the person with silence: say so,
      // and conclude unknown (error), as the scan does. Like a missing switch, it is not recorded.
      console.warn('Untrain:', e);
      const unread = provider.controls.filter((c) => counts(c) && !verdict[c.id]);
      say(null, 'warn', 'could not read the setting', [
        `Something went wrong while Untrain looked for it (${e && e.message}).`,
        `Check it yourself: ${provider.documented_path.join(' → ')}`,
      ]);
      for (const control of unread) conclude(control, 'unknown', 'error');
    }).finally(() => {
      walking = false;
      guidedUrl = location.href;
      endChain();
      walked();
    });
  }

  // A page the person reached by hand, with or without a deep link (Copilot has none): nothing is
  // clicked and nothing is said while the switch is not in view. Once a counted switch shows, alone
  // and with no wall or unlisted dialog over it, it is read as a guided walk reads it, reported,
  // and watched. A control read twice on its path needs the walk, so it is left to "Go to setting".
  const IN_PLACE_DEBOUNCE_MS = 300;
  const IN_PLACE_RETRY_MS = 1000;
  const IN_PLACE_RETRIES = 30;
  let readingInPlace = false;
  function readInPlace() {
    if (readingInPlace) return;
    readingInPlace = true;
    const pending = provider.controls.filter((c) => counts(c) && c.readings.length === 1);
    let busy = false;
    let timer = null;
    let retries = 0;
    const observer = new MutationObserver(() => { clearTimeout(timer); timer = setTimeout(look, IN_PLACE_DEBOUNCE_MS); });
    async function look() {
      if (busy || walking) return;
      busy = true;
      const read = [];
      let unsettled = false;
      try {
        try { if (checkWalls({ pass: false })) return; } catch (e) { if (e instanceof Stop) return; throw e; }
        // Read every switch on screen first, then point at them: the callout is not on the page yet
        // while the next one is read (as in guide()).
        for (const control of pending) {
          const reading = control.readings[0];
          const result = L.find(provider, reading.locator);
          if (!result || !result.found) continue; // not shown, or not alone: say nothing
          const found = result.found;
          const reader = found.candidate.reader || reading.reader;
          let settled;
          try { settled = await settledRead(found, reader); } catch (e) { unsettled = true; continue; }
          const status = settled.modal || await unwitnessed(reading) ? null : classify(reading, settled.reading[1]);
          const beside = unlistedBeside(control, status, found.el);
          if (beside) read.push({ control, found, status: 'unknown', reason: 'ambiguous', detail: beside, reading: { ...reading, reader } });
          else if (status) read.push({ control, found, status, reason: null, detail: null, reading: { ...reading, reader } });
          else unsettled = true; // a dialog over it, or a value the catalogue does not list
        }
      } finally {
        busy = false;
      }
      for (const { control, found, status, reason, detail, reading } of read) {
        pending.splice(pending.indexOf(control), 1);
        highlight(found.el, control.id);
        explain(control, status, reason, found.el, detail);
        conclude(control, status, reason);
        report(control, status, reason, detail);
        watch(found, control, reading)(status);
      }
      if (!pending.length) observer.disconnect();
      // Shown but not readable yet (still loading, or covered): look again even if nothing changes.
      else if (unsettled && retries < IN_PLACE_RETRIES) { retries += 1; timer = setTimeout(look, IN_PLACE_RETRY_MS); }
    }
    if (!pending.length) return;
    observer.observe(document.documentElement, { subtree: true, childList: true, attributes: true });
    look();
  }

  // The walk has answered (found the control, or stopped with a reason): a tab "Go to setting"
  // opened is an ordinary tab from now on, so the person's later pages in it are left alone. A
  // walk cut short by a full page load never gets here, so the next page goes on with it.
  function walked() {
    try {
      chrome.runtime.sendMessage({ cmd: 'walked' }).catch(() => {});
    } catch (e) { /* the extension was reloaded; there is no flag left to clear */ }
  }

  // Single-page apps change the hash or path without reloading.
  window.addEventListener('hashchange', maybeGuide);
  window.addEventListener('popstate', maybeGuide);
  maybeGuide();
})();
