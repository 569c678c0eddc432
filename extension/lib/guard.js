// The read-only rule at click time, once for both hosts: what a click on an element would reach,
// and whether that is safe. The content script asks before each guided click (locate.js
// clickRefusal); the scan asks before its click and again inside the click's own events
// (checker/engine/guard.py). Whether the element is, holds or sits in a catalogue control is asked by each
// host with its own locators, on top of this. Uses lib/aria.js for names and roles.
var UntrainGuard = (() => {
  const CONTROL_ROLES = ['switch', 'checkbox', 'radio', 'option', 'menuitemcheckbox', 'menuitemradio', 'slider'];
  const CONTROL_CSS = CONTROL_ROLES.map((r) => `[role=${r}]`)
    .concat(['input[type=checkbox]', 'input[type=radio]', 'input[type=range]', 'option']).join(', ');
  // Words that commit to something: accepting terms, opting in, saving a change. "Done" confirms
  // whatever a dialog shows, a terms pop-up's switch at its default included.
  const COMMITTING = /\b(accept|agree|allow|continue|confirm|enable|turn (on|off)|opt.?in|save|submit|yes|ok|got it|done)\b/i;
  // The only ways out of a pop-up a scan may take.
  const NON_COMMITTAL = /^(not now|reject all|cancel|close|no,? thanks|skip|maybe later|dismiss)\b/i;
  const NATIVE = { checkbox: 'checkbox', radio: 'radio', range: 'slider' };

  // Native checkboxes, radios and ranges are named by their type first: a click toggles them
  // whatever role attribute they wear. The tag name is checked, not instanceof, which is false for
  // an element of a same-origin iframe.
  function role(el) {
    if (el.localName === 'input' && NATIVE[el.type]) return NATIVE[el.type];
    const explicit = (el.getAttribute('role') || '').trim().split(/\s+/)[0];
    return explicit || UntrainAria.getRole(el) || el.localName;
  }

  // The accessible name as a person hears it (the W3C algorithm), spaces folded.
  function name(el) {
    return UntrainAria.computeAccessibleName(el).replace(/\s+/g, ' ').trim();
  }

  // A click does more than reach its element: it bubbles to every ancestor (a switch around a span
  // flips), and a label passes it to its control, wrapped or tied by `for`. Says which, or null.
  function reaches(el) {
    const around = el.parentElement && el.parentElement.closest(CONTROL_CSS);
    if (around) return `it is inside a ${role(around)}`;
    const label = el.closest('label');
    if (label && label.control && label.control.matches(CONTROL_CSS)) return `it is part of the label of a ${role(label.control)}`;
    return null;
  }

  // A submit or reset button (or anything inside one) acts on its form when clicked.
  function submits(el) {
    const button = el.closest('button, input');
    return !!(button && button.form && ['submit', 'image', 'reset'].includes(button.type));
  }

  // A link to another page of the site: following it is a GET of that page, which accepts nothing.
  // Its name is often its title and its description ("… Allow your posts to be used for training"),
  // so the words of a commitment in it say nothing of the click. A link to '#' or a script is a
  // button in disguise and gets no such pass.
  function navigates(el) {
    const link = el.closest('a[href]');
    if (!link) return false;
    try {
      const to = new URL(link.href, location.href);
      return /^https?:$/.test(to.protocol) && (to.origin !== location.origin || to.pathname !== location.pathname
        || to.search !== location.search);
    } catch (e) { return false; }
  }

  // What the guard judges of one element, from the DOM alone.
  function facts(el) {
    return {
      count: 1, role: role(el), name: name(el), wraps: !!el.querySelector(CONTROL_CSS),
      reaches: reaches(el), submits: submits(el), navigates: navigates(el),
    };
  }

  // Why clicking what `f` describes could change a setting, or null when it is safe. `dismiss`: the
  // click is a pop-up's way out, which may post a form or wrap a box but must say it refuses.
  function refusal(f, selector, dismiss) {
    if (f.count !== 1) return `refused to click '${selector}': it matched ${f.count} elements when it was about to be clicked`;
    const what = `'${selector}' (${f.role} '${f.name}')`;
    if (CONTROL_ROLES.includes(f.role)) return `refused to click ${what}: it is a ${f.role}, and a scan never changes a setting`;
    // A row that wraps its switch would flip it when clicked.
    if (f.wraps && !dismiss) return `refused to click ${what}: it contains a switch or checkbox`;
    if (f.reaches) return `refused to click ${what}: ${f.reaches}`;
    // Navigation never posts a form. A dismiss may: Google's "Reject all" is a form submit, and
    // the name checks below keep a dismiss to its non-committal choice.
    if (f.submits && !dismiss) return `refused to click ${what}: it would submit or reset a form`;
    // A nameless icon may well be the "accept".
    if (dismiss && !NON_COMMITTAL.test(f.name)) return `refused to dismiss with ${what}: only 'Not now', 'Reject all', 'Cancel' or Esc`;
    // Even after a refusing start: "Close and accept". A link to another page is followed, not
    // accepted (navigates, above).
    if (COMMITTING.test(f.name) && !f.navigates) return `refused to click ${what}: it would accept or change something`;
    return null;
  }

  // A host that clicks with real (trusted) input, as the scan does through Playwright, cannot
  // judge and click in one step: the page may re-render between the two. arm() installs, just
  // before such a click, a window listener in the capture phase (before any of the page's own)
  // that judges `el` again as each of the click's events is dispatched, and swallows that event and
  // every later one if it is no longer safe. The page cannot change the element between this
  // judgement and the event reaching it: the check runs inside the event's own dispatch. disarm()
  // removes it and says what it refused: null, {refusal}, or {replaced} when something else took
  // the element's place before any event reached it. (The content script dispatches its own
  // events synchronously after clickRefusal, so it needs no arming: untrusted events pass.)
  const ARMED = Symbol.for('untrain.click-guard');
  const CLICK_EVENTS = ['pointerdown', 'mousedown', 'pointerup', 'mouseup', 'click', 'auxclick', 'dblclick', 'contextmenu'];

  function arm(el, selector, dismiss) {
    disarm(); // a guard left behind by a click that failed
    let delivered = false; let refused = null; let done = false;
    // contains(), across shadow roots: a web component's click lands on a node of its own shadow tree.
    const holds = (node) => { for (let n = node; n; n = n.parentNode || n.host) if (n === el) return true; return false; };
    const judge = (target) => {
      if (!el.isConnected || !(target instanceof Node) || !holds(target)) {
        // Before any event reached it: something else took its place. After: the page reacted to
        // the click (a menu that closes on pointerdown); the rest of the gesture would land on
        // whatever is there now, so it is dropped, and the click counts as done.
        if (delivered) done = true;
        return delivered ? null : { replaced: true };
      }
      const now = facts(el);
      const why = refusal(now, selector, dismiss);
      if (why) return { refusal: why };
      const hit = target instanceof Element && target.closest(CONTROL_CSS);
      return hit ? { refusal: refusal({ ...now, reaches: `it would land on the ${role(hit)} inside it` }, selector, dismiss) } : null;
    };
    const listener = (event) => {
      if (!event.isTrusted) return; // the page's own synthetic events are its business
      if (!refused && !done) refused = judge(event.composedPath()[0] || event.target);
      if (refused || done) {
        event.preventDefault();
        event.stopImmediatePropagation();
      } else {
        delivered = true;
      }
    };
    for (const type of CLICK_EVENTS) window.addEventListener(type, listener, { capture: true });
    window[ARMED] = () => {
      for (const type of CLICK_EVENTS) window.removeEventListener(type, listener, { capture: true });
      delete window[ARMED];
      return refused;
    };
  }

  function disarm() {
    return window[ARMED] ? window[ARMED]() : null;
  }

  return { CONTROL_CSS, facts, refusal, role, name, arm, disarm };
})();
