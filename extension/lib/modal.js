// An unlisted modal is a stop sign. Before a control's reading counts, nothing the scenario did not
// open may sit over the page: a terms pop-up ("We updated our Terms", with Accept) over a switch
// means the switch may not be the account's last word. One copy for both hosts: the content script
// loads this file, and the scan (checker/engine/settle.py) injects the same text into the page.
//
// unlistedModal(el) -> null, or {title, consent} for the first modal or overlay that does not hold
// the control `el`:
//   - a visible role=dialog or role=alertdialog with aria-modal="true", not hidden from assistive
//     technology (a dialog a newer modal has set aria-hidden on is behind it, not over it);
//   - a <dialog> opened with showModal() (it sits in the top layer and makes the rest inert);
//   - an overlay that takes the pointer over the control: the element at the control's centre is
//     neither the control nor inside it, and belongs to a fixed-position or viewport-covering layer
//     that does not hold the control (a visually hidden checkbox under its own styled track is fine).
// `consent` is true when it offers an accept, agree or continue choice. Nothing here clicks.
//
// challenge() -> null, or what shows of a security check (a captcha) in place of the page.
var UntrainModal = (() => {
  const CONSENT = /\b(accept|agree|continue)\b/i;
  const MODALS = '[role=dialog][aria-modal=true], [role=alertdialog][aria-modal=true], dialog';
  const CHOICES = 'button, [role=button], a[href], input[type=submit], input[type=button]';
  const TITLE_CHARS = 80;

  // Up through shadow roots too: a control inside a web component is still inside the page's dialog.
  const parentOf = (node) => node.parentNode || (node instanceof ShadowRoot ? node.host : null);
  function holds(outer, inner) {
    for (let node = inner; node; node = parentOf(node)) if (node === outer) return true;
    return false;
  }

  function shown(el) {
    if (!el.getClientRects().length) return false;
    return getComputedStyle(el).visibility !== 'hidden';
  }

  function modal(el) {
    if (el.localName === 'dialog') return el.matches(':modal');
    // aria-hidden or inert: a dialog another modal opened over it has pushed it behind.
    return !el.closest('[aria-hidden=true], [inert]');
  }

  const words = (text) => (text || '').split(/\s+/).filter(Boolean).join(' ');
  const short = (text) => (text.length > TITLE_CHARS ? `${text.slice(0, TITLE_CHARS - 1)}…` : text);

  function title(box) {
    const dialog = box.matches('[role=dialog], [role=alertdialog], dialog') ? box
      : box.querySelector('[role=dialog], [role=alertdialog], dialog') || box;
    const labelled = (dialog.getAttribute('aria-labelledby') || '').split(/\s+/)
      .map((id) => id && document.getElementById(id)).filter(Boolean).map((n) => n.textContent).join(' ');
    const heading = dialog.querySelector('h1, h2, h3, h4, h5, h6, [role=heading]');
    return short(words(dialog.getAttribute('aria-label')) || words(labelled)
      || words(heading && heading.textContent) || words(dialog.textContent) || 'an untitled dialog');
  }

  function consent(box) {
    return [...box.querySelectorAll(CHOICES)].some((choice) => shown(choice) && CONSENT.test(
      words(choice.getAttribute('aria-label')) || words(choice.textContent) || words(choice.value)));
  }

  const found = (box) => ({ title: title(box), consent: consent(box) });

  // The element the pointer would reach at (x, y), through open shadow roots.
  function hitAt(x, y) {
    let hit = document.elementFromPoint(x, y);
    while (hit && hit.shadowRoot) {
      const inner = hit.shadowRoot.elementFromPoint(x, y);
      if (!inner || inner === hit) break;
      hit = inner;
    }
    return hit;
  }

  // The layer over the control at its centre, or null when the pointer reaches the control.
  function overlayOver(el) {
    let rect = el.getBoundingClientRect();
    if (!rect.width || !rect.height) return null;
    const inView = (r) => r.top >= 0 && r.left >= 0 && r.bottom <= innerHeight && r.right <= innerWidth;
    if (!inView(rect)) {
      el.scrollIntoView({ block: 'center', inline: 'nearest' }); // as a click would; nothing is clicked
      rect = el.getBoundingClientRect();
    }
    const hit = hitAt(rect.left + rect.width / 2, rect.top + rect.height / 2);
    if (!hit || holds(el, hit) || holds(hit, el)) return null;
    for (let node = hit; node; node = parentOf(node)) {
      if (node.nodeType !== 1) continue; // a shadow root: go on to its host
      if (holds(node, el)) break; // the layer the control itself is in
      if (isLayer(node)) return wholeLayer(node, el);
    }
    return null; // a sibling in the control's own widget (a styled track over a hidden checkbox)
  }

  function isLayer(node) {
    const r = node.getBoundingClientRect();
    const covers = r.width >= innerWidth * 0.9 && r.height >= innerHeight * 0.9;
    return getComputedStyle(node).position === 'fixed' || covers;
  }

  // A backdrop is a layer beside the dialog it dims (MUI's Modal: backdrop and dialog side by side
  // in one fixed root): the whole layer, whose title and choices count, is its outermost layer
  // ancestor that does not hold the control.
  function wholeLayer(node, el) {
    for (let up = parentOf(node); up && up.nodeType === 1 && !holds(up, el) && isLayer(up); up = parentOf(up)) node = up;
    return node;
  }

  function unlistedModal(el) {
    for (const box of document.querySelectorAll(MODALS)) {
      if (shown(box) && modal(box) && !holds(box, el)) return found(box);
    }
    const over = overlayOver(el);
    return over ? found(over) : null;
  }

  // A security check the catalogue does not list, shown in place of the page: asked only once a
  // step's target never showed, to say why (`blocked`: pass it, then look again) rather than blame
  // a changed page. It never voids a reading. The signs are the challenge widgets' own: an iframe
  // titled or sourced as a captcha, challenge or verification (Cloudflare's "Widget containing a
  // Cloudflare security challenge", settings-pages.md §1), a captcha form field, or the words
  // blocked pages use ("verify you are human", "unusual traffic", "unusual activity").
  const CHALLENGE_FRAME = /captcha|challenge|verification/i;
  const CAPTCHA = /captcha/i;
  const CHALLENGE_WORDS = /verify (that )?you are (a )?human|not a robot|unusual (traffic|activity)/i;
  function challenge() {
    for (const frame of document.querySelectorAll('iframe')) {
      if (shown(frame) && (CHALLENGE_FRAME.test(frame.title) || CAPTCHA.test(`${frame.id} ${frame.src}`))) {
        return short(words(frame.title) || 'a captcha');
      }
    }
    for (const field of document.querySelectorAll('input, form')) {
      if (shown(field) && CAPTCHA.test(`${field.id} ${field.name} ${field.getAttribute('action') || ''}`)) return 'a captcha';
    }
    const said = ((document.body && document.body.innerText) || '').match(CHALLENGE_WORDS);
    return said ? short(`“${said[0]}”`) : null;
  }

  return { unlistedModal, challenge };
})();
