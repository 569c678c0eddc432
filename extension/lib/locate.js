// Find catalogue elements in a page, for both hosts. candidateElements() is every candidate kind:
// role (+ name / name_pattern), label, test_id, text, titled, css. The scan runs it as a Playwright
// selector engine (checker/engine/page_modules.py); the content script through find(): a selector's ranked
// candidates, first unique visible match wins, a lower rank is drift, more than one is ambiguous
// (for a control, more than one at a better rank already is), as checker/engine/locators.py ranks them.
// Roles and names come from lib/aria.js, which is loaded first.
var UntrainLocate = (() => {
  const norm = (s) => (s || '').replace(/\s+/g, ' ').trim();

  // Names and implicit roles by the W3C algorithms (dom-accessibility-api, lib/aria.js), as the
  // accessibility tree that Playwright's get_by_role reads has them: no home-made approximations.
  function accessibleName(el) {
    return norm(UntrainAria.computeAccessibleName(el));
  }

  function role(el) {
    const explicit = norm(el.getAttribute('role')).split(' ')[0];
    if (explicit) return explicit;
    const tag = el.localName;
    // dom-accessibility-api 0.7.1 makes every <section> a region; the accessibility tree (HTML-AAM)
    // does so only when it has a name.
    if (tag === 'section') return el.hasAttribute('aria-label') || el.hasAttribute('aria-labelledby') ? 'region' : null;
    // Chromium's native switch: <input type=checkbox switch>.
    if (tag === 'input' && el.type === 'checkbox' && el.hasAttribute('switch')) return 'switch';
    return UntrainAria.getRole(el);
  }

  // Not rendered: no box, or hidden by style. What Playwright's `visible` means.
  function rendered(el) {
    if (!el.getClientRects().length) return false;
    const style = getComputedStyle(el);
    return style.visibility !== 'hidden' && style.display !== 'none';
  }

  // Hidden from people: not rendered, or inside an aria-hidden subtree (a modal hides the rest).
  function visible(el) {
    return rendered(el) && !el.closest('[aria-hidden="true"]');
  }

  function textMatches(value, wanted, exact) {
    return exact ? norm(value) === wanted : norm(value).toLowerCase().includes(wanted.toLowerCase());
  }

  // Elements matching `css` under root, and inside every open shadow root below it, as Playwright's
  // locators see them (a web component's switch lives in its shadow root).
  function deepQuery(root, css) {
    const out = [...root.querySelectorAll(css)];
    for (const host of root.querySelectorAll('*')) {
      if (host.shadowRoot) out.push(...deepQuery(host.shadowRoot, css));
    }
    return out;
  }

  function all(root) { return deepQuery(root, '*'); }

  // A two-state setting is the same control whichever widget a UI kit draws it with (Radix a
  // switch, MUI a checkbox, a menu a menuitemcheckbox): a control candidate naming one of these
  // matches them all, and a button with aria-pressed.
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
      const scope = el.getRootNode(); // a shadow root resolves its own ids
      if (ids) names.push(ids.split(/\s+/).map((id) => (scope.getElementById(id) || {}).textContent || '').join(' '));
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

  // A setting drawn as a title beside its control with nothing tying the two (Primer's ActionMenu,
  // whose button is named by the current value). From the title, go up to the smallest part of the
  // page that holds any control; the controls there are the answer (one, or an ambiguity). A part
  // that also holds a second title like this one is a list of settings, not this setting's row:
  // a row whose own control is missing must not lend its neighbour's, so it answers nothing.
  const TITLED_CONTROLS = 'button[aria-haspopup]:not([aria-haspopup="false"]), select, input[type=checkbox], '
    + '[role=switch], [role=checkbox], [role=combobox], [role=menuitemcheckbox]';
  const POPUPS = '[role=menu], [role=listbox], [popover]';
  function titled(root, title, exact) {
    const out = new Set();
    for (const heading of byText(root, { text: title, exact }).filter(visible)) {
      let box = heading.parentElement;
      while (box && !box.querySelector(TITLED_CONTROLS)) box = box.parentElement;
      if (!box) continue;
      const likeIt = [...box.querySelectorAll(heading.localName)]
        .filter((el) => !el.closest(TITLED_CONTROLS) && !el.closest(POPUPS) && norm(el.textContent));
      if (likeIt.length !== 1) continue;
      for (const control of box.querySelectorAll(TITLED_CONTROLS)) out.add(control);
    }
    return [...out];
  }

  function candidateElements(root, c, control) {
    let found;
    if (c.role) found = byRole(root, c, control);
    else if (c.label) found = byLabel(root, c);
    else if (c.test_id) found = deepQuery(root, `[${c.test_id_attribute || 'data-testid'}="${CSS.escape(c.test_id)}"]`);
    else if (c.text) found = byText(root, c);
    else if (c.titled) found = titled(root, c.titled, c.exact);
    else found = deepQuery(root, c.css);
    // As the scan's locators see it: a role is looked up in the accessibility tree, which an
    // aria-hidden subtree leaves (Playwright's get_by_role), while a label, test id, text, title or
    // CSS match needs only to be rendered. A signed-out page behind a guest's settings dialog is
    // still signed out.
    return found.filter(c.role ? visible : rendered);
  }

  // Every visible element any candidate of the named selector fits.
  function placeElements(provider, name, doc) {
    const place = provider.selectors[name];
    if (!place) return [];
    return [...new Set(place.candidates.flatMap((c) => {
      try { return candidateElements(doc, c, place.kind === 'control'); } catch (e) { return []; }
    }))];
  }

  const oneDestination = (els) => els.every((el) => el.localName === 'a' && !!el.href && el.href === els[0].href);

  // {found: {el, rank, candidate, name}} | {ambiguous: {count, candidate, name}} | null
  function find(provider, name, doc) {
    const selector = provider.selectors[name];
    if (!selector) return null;
    const doc_ = doc || document;
    // `within`: inside anything that fits the place's description (checker/engine/locators.py says why).
    const roots = selector.within ? placeElements(provider, selector.within, doc_) : [doc_];
    let ambiguous = null;
    for (let rank = 0; rank < selector.candidates.length; rank += 1) {
      const candidate = selector.candidates[rank];
      let els;
      try {
        els = [...new Set(roots.flatMap((root) => candidateElements(root, candidate, selector.kind === 'control')))];
      } catch (e) { els = []; }
      if (els.length === 1) return { found: { el: els[0], rank, candidate, name } };
      // Links that all lead to one address (a menu entry and a card) are one way on (checker/engine/locators.py).
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

  // Elements a guided click must never touch: anything a control locator matches. The rest of the
  // read-only rule (roles, labels, forms, names) is lib/guard.js, the scan's own.
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

  // Why a guided click on `el` as the selector `name` could change a setting, or null.
  function clickRefusal(provider, name, el) {
    const kind = provider.selectors[name] && provider.selectors[name].kind;
    if (kind !== 'navigation' && kind !== 'dismiss') return `refused to click '${name}': it is a ${kind} selector`;
    const facts = UntrainGuard.facts(el);
    const refusal = UntrainGuard.refusal(facts, name, kind === 'dismiss');
    if (refusal) return refusal;
    const controls = controlElements(provider);
    if (controls.some((c) => el.contains(c) || c.contains(el))) {
      return `refused to click '${name}' (${facts.role} '${facts.name}'): it is a training control`;
    }
    return null;
  }

  // What a step can point at: the widgets a person clicks or reads, and headings. A drifted step's
  // suggestions (checker/qa/suggest.py) are chosen from these; places (a list, a region, a dialog)
  // are not things to click.
  const TARGET_ROLES = new Set(['button', 'link', 'checkbox', 'radio', 'switch', 'tab', 'menuitem',
    'menuitemcheckbox', 'menuitemradio', 'option', 'combobox', 'listbox', 'textbox', 'searchbox',
    'slider', 'spinbutton', 'treeitem', 'heading']);

  // Every element a person can see with a target role and a name, with its box.
  function namedElements(root) {
    const out = [];
    for (const el of all(root || document)) {
      const r = role(el);
      if (!TARGET_ROLES.has(r) || !visible(el)) continue;
      const name = accessibleName(el).slice(0, 200);
      if (!name) continue;
      const box = el.getBoundingClientRect();
      out.push({ role: r, name, x: box.x, y: box.y, width: box.width, height: box.height });
    }
    return out;
  }

  return {
    find, candidateElements, controlElements, namedElements, oneDestination, accessibleName, role, visible,
    clickRefusal,
  };
})();
