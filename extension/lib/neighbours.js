// Training-like switches beside a control that the catalogue does not know. One file for both
// hosts: the content script loads it, and the scan (checker/engine/steps.py) sends this very file
// into the page. It needs lib/aria.js, lib/read_state.js and lib/locate.js, loaded before it.
//
// Why: a page may carry a second training switch that no source describes (Alexa's 2019 "Use
// Messages to Improve Transcriptions", one per person). Reading the known switch "off" there and
// saying "you're safe" would be a false off. So an "off" counts only when no other switch on the
// same panel looks like a training switch and is on. What looks like one is told by the words every
// training switch in the catalogue uses ("Improve the model for everyone", "Help improve Claude",
// "Model training on text", "Allow GitHub to use my data for AI model training"), in the switch's
// own name or the name of the group it sits in (Alexa's names each switch by the person only).
var UntrainNeighbours = (() => {
  const TRAINING_WORDS = /\b(improv|train)/i;
  // The nearest of these around the control is its panel: the rest of the page is another topic.
  const PANEL = '[role=tabpanel], [role=dialog], [role=alertdialog], dialog, [role=main], main';
  const TWO_STATE_ROLES = new Set(['switch', 'checkbox', 'menuitemcheckbox']);
  // Every element that can be one: only a native checkbox has such a role without saying so. A
  // query, not a role computed for each element of the panel: this runs after every "off".
  const MAYBE_TWO_STATE = '[role], input[type=checkbox], [aria-pressed]';
  const GROUP_ROLES = new Set(['group', 'radiogroup', 'region']);

  function twoState(el) {
    const role = UntrainLocate.role(el);
    return TWO_STATE_ROLES.has(role) || (role === 'button' && el.hasAttribute('aria-pressed'))
      || (el.localName === 'input' && el.type === 'checkbox');
  }

  // The switch's name and the names of the groups it sits in, up to the panel.
  function names(el, panel) {
    const out = [UntrainLocate.accessibleName(el)];
    for (let up = el.parentElement; up && up !== panel; up = up.parentElement) {
      if (GROUP_ROLES.has(UntrainLocate.role(up))) out.push(UntrainLocate.accessibleName(up));
    }
    return out.filter(Boolean);
  }

  // [{name, value}] of each visible training-like switch on `el`'s panel that no control locator of
  // `provider` matches and that does not read off ("false"); one that cannot be read counts too.
  function onButUnlisted(provider, el) {
    const panel = el.closest(PANEL) || el.ownerDocument.body;
    const out = [];
    let known = null; // the catalogue's own controls, found only once a stranger is in sight
    for (const other of panel.querySelectorAll(MAYBE_TWO_STATE)) {
      if (other === el || !twoState(other) || !UntrainLocate.visible(other)) continue;
      // Only the names that carry the words: a group names the switch, the switch may name a person.
      const said = names(other, panel).filter((n) => TRAINING_WORDS.test(n));
      if (!said.length) continue;
      known = known || UntrainLocate.controlElements(provider, el.ownerDocument);
      if (known.some((k) => k === other || k.contains(other) || other.contains(k))) continue;
      let value;
      try { [, value] = UntrainRead.read(other, 'state'); } catch (e) { value = 'unreadable'; }
      if (value !== 'false') out.push({ name: said[0].slice(0, 120), value });
    }
    return out;
  }

  // The reading's detail, in the same words in both hosts.
  function describe(found) {
    const list = found.map((f) => `“${f.name}” (${f.value === 'true' ? 'on' : f.value})`).join(', ');
    return `a switch beside it that looks like a training switch, ${list}, is not in Untrain's catalogue: `
      + 'check it yourself. Until then Untrain does not call this setting off.';
  }

  return { onButUnlisted, describe };
})();
