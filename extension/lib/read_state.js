// How a control's state is read. One file for both hosts: the extension's content script loads it,
// and the scan (checker/engine/readers.py) sends this very file into the page with every reading. It needs
// UntrainAria (lib/aria.js: the W3C role and accessible-name algorithms), loaded before it.
//
// Each reader takes the control's element and returns [what was read, raw value], or throws an Error
// saying why it cannot. The catalogue maps raw values to on/off; any other value reads unknown.
var UntrainRead = (() => {
  const norm = (s) => (s || '').replace(/\s+/g, ' ').trim();
  const words = (s) => s.split(/[^\p{L}]+/u).filter(Boolean);
  // By tag name, not instanceof: an element in a same-origin iframe belongs to another window, whose
  // HTMLInputElement is not this one.
  const isNativeBox = (el) => el.localName === 'input' && (el.type === 'checkbox' || el.type === 'radio');
  const isSelect = (el) => el.localName === 'select';
  // The roles whose aria-checked the accessibility tree exposes as the control's checked state.
  const CHECKABLE_ROLES = new Set(['switch', 'checkbox', 'radio', 'menuitemcheckbox', 'menuitemradio']);

  // A menu button named by its value (Primer's ActionMenu: "Enabled ▾"): the value it shows, and
  // the checked item of the menu it controls when that menu is in the page. A popup of another kind
  // (a dialog, a tree) holds no value.
  const VALUE_POPUPS = new Set(['true', 'menu', 'listbox']);
  function menuButtonValues(el) {
    const values = [['menu button', norm(el.innerText || el.textContent)]];
    const scope = el.getRootNode();
    for (const id of norm(el.getAttribute('aria-controls')).split(' ').filter(Boolean)) {
      const menu = scope.getElementById(id);
      const checked = menu && menu.querySelector('[role=menuitemradio][aria-checked=true], [role=option][aria-selected=true]');
      if (checked) values.push(['its menu\'s checked item', norm(checked.textContent)]);
    }
    return values;
  }

  function selectedOption(el) {
    const chosen = el.selectedOptions[0];
    return ['selected option', norm(chosen ? chosen.textContent : '')];
  }

  // The default reading: the checked, pressed or selected state a screen reader would announce,
  // whichever attribute or property the UI kit uses to carry it. A native box is read by `checked`
  // whatever role it wears (Fluent's <input type=checkbox role=switch> has no aria-checked); a
  // button switch by aria-checked (Radix, shadcn); a toggle button by aria-pressed; a <select> by its
  // selected option; a menu button named by its value by that value. Two sources that disagree are
  // not a reading.
  function state(el) {
    const role = UntrainAria.getRole(el) || 'none';
    const found = [];
    if (isNativeBox(el)) found.push(['checked', el.indeterminate ? 'mixed' : String(el.checked)]);
    const ariaChecked = el.getAttribute('aria-checked');
    if (ariaChecked !== null && (CHECKABLE_ROLES.has(role) || isNativeBox(el))) found.push(['aria-checked', ariaChecked]);
    const pressed = el.getAttribute('aria-pressed');
    if (pressed !== null && role === 'button') found.push(['aria-pressed', pressed]);
    if (isSelect(el) && !el.multiple) found.push(selectedOption(el));
    if (role === 'button' && pressed === null && VALUE_POPUPS.has(el.getAttribute('aria-haspopup'))) {
      found.push(...menuButtonValues(el));
    }
    if (!found.length) throw new Error(`the control (role ${role}) exposes no checked, pressed or selected state`);
    const disagreeing = new Set(found.map(([, value]) => value));
    if (disagreeing.size > 1) {
      throw new Error(`the control's states disagree (${found.map(([what, value]) => `${what} ${value}`).join(', ')})`);
    }
    return found[0];
  }

  // The overrides a catalogue names when the default cannot see the state.
  const READERS = {
    state,
    aria_checked(el) {
      const value = el.getAttribute('aria-checked');
      if (value === null) throw new Error('the control has no aria-checked attribute');
      // On a native checkbox the browser shows (and announces) the box, not the attribute.
      if (isNativeBox(el)) {
        const box = el.indeterminate ? 'mixed' : String(el.checked);
        if (box !== value) throw new Error(`aria-checked="${value}" and the box (${box}) disagree`);
      }
      return ['aria-checked', value];
    },
    checked(el) {
      if (!isNativeBox(el)) throw new Error('the control is not a native checkbox');
      // An indeterminate box shows the mixed state whatever `checked` says: report it as such.
      return ['checked', el.indeterminate ? 'mixed' : String(el.checked)];
    },
    selected_option(el) {
      if (isSelect(el)) return selectedOption(el);
      return ['selected option', norm(el.getAttribute('aria-valuetext') || el.textContent)];
    },
    // The state word is the last word of the accessible name ("Improve the model for everyone Off").
    state_text(el) {
      const name = words(UntrainAria.computeAccessibleName(el));
      if (!name.length) throw new Error('the control has no text');
      return ['state text', name[name.length - 1]];
    },
    // innerText, not the accessible name: a Google chip is NAMED by what a click would do ("Turn off
    // your Keep Activity setting") but SHOWS its state ("✓ On").
    shown_text(el) {
      const shown = words(el.innerText || el.textContent || '');
      if (!shown.length) throw new Error('the control shows no state word');
      return ['shown text', shown[shown.length - 1]];
    },
    // A button named only by what a click would do (Google's "Turn off" beside an "✓ On" status):
    // the whole action, which the catalogue maps to the state it implies ("Turn off" means on).
    // The whole name, never its last word: "off" alone would read a switched-on card as off.
    action_name(el) {
      const name = norm(UntrainAria.computeAccessibleName(el));
      if (!name) throw new Error('the control has no name');
      return ['action', name];
    },
  };

  function read(el, reader) {
    const fn = READERS[reader];
    if (!fn) throw new Error(`unknown reader ${reader}`);
    return fn(el);
  }

  return { read, readers: Object.keys(READERS) };
})();
