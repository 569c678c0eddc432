// Find catalogue elements in a page the way checker/locators.py does: a selector's ranked
// candidates, first unique visible match wins, a lower rank is drift, more than one is ambiguous
// (for a control, more than one at a better rank already is).
// Candidate kinds: role (+ name / name_pattern), label, test_id, text, css. Role matching is
// pragmatic: an explicit role attribute, or the implicit role of common elements.
(function () {
  const norm = (s) => (s || '').replace(/\s+/g, ' ').trim();

  // Mirrors ACCESSIBLE_NAME_JS in checker/locators.py, so both sides compare the same names.
  function accessibleName(el) {
    const byIds = (ids) => ids.split(/\s+/).map((id) => (document.getElementById(id) || {}).textContent || '').join(' ');
    const raw = el.getAttribute('aria-label')
      || (el.getAttribute('aria-labelledby') && byIds(el.getAttribute('aria-labelledby')))
      || (el.labels && el.labels[0] && el.labels[0].textContent) || el.textContent || el.value || '';
    return norm(raw);
  }

  function implicitRole(el) {
    const tag = el.tagName.toLowerCase();
    if (tag === 'button') return 'button';
    if (tag === 'a' && el.hasAttribute('href')) return 'link';
    if (tag === 'select') return el.multiple ? 'listbox' : 'combobox';
    if (tag === 'option') return 'option';
    if (tag === 'textarea') return 'textbox';
    if (tag === 'dialog') return 'dialog';
    if (/^h[1-6]$/.test(tag)) return 'heading';
    // A <section> is a region only when it has a name, as in the accessibility tree Playwright reads.
    if (tag === 'section') return el.hasAttribute('aria-label') || el.hasAttribute('aria-labelledby') ? 'region' : null;
    if (tag === 'input') {
      const type = (el.getAttribute('type') || 'text').toLowerCase();
      if (type === 'checkbox') return el.hasAttribute('switch') ? 'switch' : 'checkbox';
      if (type === 'radio') return 'radio';
      if (['button', 'submit', 'reset', 'image'].includes(type)) return 'button';
      if (type === 'range') return 'slider';
      return 'textbox';
    }
    return null;
  }

  function role(el) {
    const explicit = norm(el.getAttribute('role')).split(' ')[0];
    return explicit || implicitRole(el);
  }

  // Hidden from people: not rendered, or inside an aria-hidden subtree (a modal hides the rest).
  function visible(el) {
    if (!el.getClientRects().length) return false;
    const style = getComputedStyle(el);
    if (style.visibility === 'hidden' || style.display === 'none') return false;
    return !el.closest('[aria-hidden="true"]');
  }

  function textMatches(value, wanted, exact) {
    return exact ? norm(value) === wanted : norm(value).toLowerCase().includes(wanted.toLowerCase());
  }

  function all(root) { return [...root.querySelectorAll('*')]; }

  // A two-state setting is the same control whichever widget a UI kit draws it with (checker/
  // locators.py TWO_STATE_ROLES): a control candidate naming one of these matches them all, and a
  // button with aria-pressed.
  const TWO_STATE_ROLES = new Set(['switch', 'checkbox', 'menuitemcheckbox']);
  function roleFits(el, wanted, control) {
    const actual = role(el);
    if (!(control && TWO_STATE_ROLES.has(wanted))) return actual === wanted;
    return TWO_STATE_ROLES.has(actual) || (actual === 'button' && el.hasAttribute('aria-pressed'));
  }

  function byRole(root, c, control) {
    const pattern = c.name_pattern ? new RegExp(c.name_pattern, 'i') : null;
    return all(root).filter((el) => {
      if (!roleFits(el, c.role, control)) return false;
      if (pattern) return pattern.test(accessibleName(el));
      if (c.name) return textMatches(accessibleName(el), c.name, c.exact);
      return true;
    });
  }

  function byLabel(root, c) {
    return all(root).filter((el) => {
      const names = [el.getAttribute('aria-label')];
      if (el.labels) names.push(...[...el.labels].map((l) => l.textContent));
      const ids = el.getAttribute('aria-labelledby');
      if (ids) names.push(ids.split(/\s+/).map((id) => (document.getElementById(id) || {}).textContent || '').join(' '));
      return names.some((n) => n && textMatches(n, c.label, c.exact));
    });
  }

  const NO_TEXT = new Set(['SCRIPT', 'STYLE', 'NOSCRIPT', 'TEMPLATE', 'HEAD', 'TITLE']);

  function byText(root, c) {
    // The innermost elements whose text holds the words, as a person would point at them.
    // An element holding a script would match the script's source (the page's own JS often
    // contains its UI strings), so only elements without code inside count.
    const hits = all(root).filter((el) => !NO_TEXT.has(el.tagName) && textMatches(el.textContent, c.text, c.exact)
      && !el.querySelector('script, style, noscript, template'));
    return hits.filter((el) => !hits.some((other) => other !== el && el.contains(other)));
  }

  function candidateElements(root, c, control) {
    let found;
    if (c.role) found = byRole(root, c, control);
    else if (c.label) found = byLabel(root, c);
    else if (c.test_id) found = [...root.querySelectorAll(`[${c.test_id_attribute || 'data-testid'}="${CSS.escape(c.test_id)}"]`)];
    else if (c.text) found = byText(root, c);
    else found = [...root.querySelectorAll(c.css)];
    return found.filter(visible);
  }

  const oneDestination = (els) => els.every((el) => el.localName === 'a' && !!el.href && el.href === els[0].href);

  // {found: {el, rank, candidate, name}} | {ambiguous: {count, candidate, name}} | null
  function find(provider, name, doc) {
    const selector = provider.selectors[name];
    if (!selector) return null;
    let root = doc || document;
    if (selector.within) {
      const parent = find(provider, selector.within, doc);
      if (!parent || !parent.found) return null;
      root = parent.found.el;
    }
    let ambiguous = null;
    for (let rank = 0; rank < selector.candidates.length; rank += 1) {
      const candidate = selector.candidates[rank];
      let els;
      try { els = candidateElements(root, candidate, selector.kind === 'control'); } catch (e) { els = []; }
      if (els.length === 1) return { found: { el: els[0], rank, candidate, name } };
      // Links that all lead to one address (a menu entry and a card) are one way on (checker/locators.py).
      if (els.length > 1 && selector.kind === 'navigation' && oneDestination(els)) {
        return { found: { el: els[0], rank, candidate, name } };
      }
      if (els.length > 1 && !ambiguous) {
        ambiguous = { count: els.length, candidate, name };
        // A narrower candidate would pick one of several controls without knowing which is the setting.
        if (selector.kind === 'control') break;
      }
    }
    return ambiguous ? { ambiguous } : null;
  }

  // Elements a guided click must never touch: anything a control locator matches, and any
  // element whose role is a toggle. This is the read-only rule, enforced in the page too.
  const TOGGLE_ROLES = new Set(['switch', 'checkbox', 'radio', 'option', 'menuitemcheckbox', 'menuitemradio']);

  function controlElements(provider, doc) {
    const names = new Set(provider.controls.flatMap((c) => c.readings.map((r) => r.locator)));
    const out = [];
    for (const name of names) {
      for (const candidate of provider.selectors[name].candidates) {
        try { out.push(...candidateElements(doc || document, candidate, true)); } catch (e) { /* bad css */ }
      }
    }
    return out;
  }

  const NATIVE_TOGGLES = { checkbox: 'checkbox', radio: 'radio', range: 'slider' };
  const TOGGLE_CSS = [...TOGGLE_ROLES].map((r) => `[role=${r}]`)
    .concat(['input[type=checkbox]', 'input[type=radio]', 'input[type=range]', 'option']).join(', ');

  // A native checkbox toggles when clicked, whatever role attribute it wears.
  function toggleRole(el) {
    return (el instanceof HTMLInputElement && NATIVE_TOGGLES[el.type]) || role(el);
  }

  // checker/guard.py's words: what commits to something, and the only ways out of a pop-up.
  const COMMITTING = /\b(accept|agree|allow|continue|confirm|enable|turn (on|off)|opt.?in|save|submit|yes|ok|got it|done)\b/i;
  const NON_COMMITTAL = /^(not now|reject all|cancel|close|no,? thanks|skip|maybe later|dismiss)\b/i;

  // The same questions as checker/guard.py: a click reaches more than its element. It bubbles to a
  // switch around it, a label passes it to its control, a submit button posts its form. And what
  // the element is called: a dismiss must say it refuses, nothing may say it accepts.
  function clickRefusal(provider, name, el) {
    const kind = provider.selectors[name] && provider.selectors[name].kind;
    if (kind !== 'navigation' && kind !== 'dismiss') return `${name} is a ${kind} selector`;
    if (TOGGLE_ROLES.has(toggleRole(el)) || toggleRole(el) === 'slider') return `${name} has role ${toggleRole(el)}`;
    const around = el.parentElement && el.parentElement.closest(TOGGLE_CSS);
    if (around) return `${name} is inside a ${toggleRole(around)}`;
    const label = el.closest('label');
    if (label && label.control && label.control.matches(TOGGLE_CSS)) return `${name} is part of the label of a ${toggleRole(label.control)}`;
    const button = el.closest('button, input');
    if (kind === 'navigation' && button && button.form && ['submit', 'image', 'reset'].includes(button.type)) {
      return `${name} would submit or reset a form`;
    }
    const controls = controlElements(provider);
    if (controls.some((c) => el.contains(c))) return `${name} is or holds a control`;
    if (controls.some((c) => c.contains(el))) return `${name} is inside a control`;
    const called = accessibleName(el);
    if (kind === 'dismiss' && !NON_COMMITTAL.test(called)) {
      return `${name} ("${called}") is not 'Not now', 'Reject all', 'Cancel' or Close`;
    }
    if (COMMITTING.test(called)) return `${name} ("${called}") would accept or change something`;
    return null;
  }

  globalThis.UntrainLocate = {
    find, accessibleName, role, visible, clickRefusal,
    words: { committing: COMMITTING.source, nonCommittal: NON_COMMITTAL.source },
  };
})();
