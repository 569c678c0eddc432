// Which wall covers the page, for both hosts: the scan's Walk.check_page (checker/engine/steps.py)
// and the extension's content script ask this, and each only acts on the answer (the scan raises
// or clicks through its guard, the extension explains in the page).
// The order is the product's: a bot check first (nothing under it can be trusted), then a consent
// wall (passed with its non-committal choice), a terms pop-up whose default may opt the person in,
// a sign-in page, and last a page that says the setting is not offered to this account.
// A marker is there when anything fits it: two "Log in" buttons are still a sign-in page.
var UntrainWalls = (function () {
  const L = UntrainLocate;

  const KINDS = [
    ['blocked', (d) => d.blocked],
    ['consent_wall', (d) => (d.consent_walls || []).map((w) => w.marker)],
    ['pending_consent', (d) => d.pending_consent || []],
    ['signed_out', (d) => d.signed_out],
    ['not_applicable', (d) => d.not_applicable || []],
  ];

  function there(provider, name, doc) {
    const r = L.find(provider, name, doc);
    return !!(r && (r.found || r.ambiguous));
  }

  // {kind, marker} of the first wall showing, or null. A consent wall's `wall` is its catalogue
  // entry (marker, pass_with, note).
  function showing(provider, doc) {
    const detect = provider.detect;
    for (const [kind, markers] of KINDS) {
      const marker = markers(detect).find((name) => there(provider, name, doc));
      if (marker === undefined) continue;
      const wall = kind === 'consent_wall' ? detect.consent_walls.find((w) => w.marker === marker) : undefined;
      return { kind, marker, ...(wall ? { wall } : {}) };
    }
    return null;
  }

  return { showing };
})();
