"""extension/lib/locate.js: the content script's locator behaves like the scanner's, and reads with the
shared readers (lib/read_state.js).

Runs the real file in Chromium against small pages (set_content), one context for all cases.
"""

from __future__ import annotations

import json

from checker.extension_host.extension_build import EXTENSION_DIR

PAGE = """<!doctype html><html><head><title>Improve the model for everyone</title></head><body>
<script>const strings = ['Verify you are human', 'Improve the model for everyone'];</script>
<div aria-hidden="true"><button role="switch" aria-label="Improve the model for everyone" aria-checked="false"></button></div>
<div role="dialog" aria-modal="true">
  <button role="switch" aria-label="Improve the model for everyone" aria-checked="true" id="sw"><span></span></button>
  <label><input type="checkbox" id="cb" checked> Allow your posts to be used for training</label>
  <select aria-label="Model training" id="sel"><option>On</option><option selected>Off</option></select>
  <button id="chip" aria-label="Turn off your Keep Activity setting">✓ On</button>
  <button data-testid="row-open">Chat history &amp; training <span>Off</span></button>
  <div role="tab">Data controls</div>
  <button type="button">Manage</button><button type="button" id="manage2">Manage</button>
  <label><input type="checkbox" id="mixed"> Mixed box</label>
  <input type="checkbox" role="switch" id="stale" aria-checked="false" checked aria-label="Stale">
  <label><input type="checkbox"> <span id="in-label">Share analytics</span></label>
  <button role="switch" aria-checked="false" aria-label="Inner"><span id="in-switch">x</span></button>
  <input type="checkbox" role="button" id="box-as-button" aria-label="Box">
  <form action="/settings" method="post"><button id="submit">Next</button></form>
  <button id="accept-all">Accept all</button><button id="reject-all">Reject all</button>
  <button id="icon"><svg width="8" height="8"></svg></button><button id="got-it">Got it</button>
  <a id="nav-allow" href="https://x.test/settings/grok"><div>Grok</div><div>Allow your posts to be used for training</div></a>
  <a id="hash-allow" href="#"><div>Allow</div></a>
  <p>Last seen: <b>today</b></p>
  <section aria-labelledby="card-title" id="card"><h2 id="card-title">Web &amp; App Activity</h2>
    <button aria-haspopup="menu" aria-label="Turn off" id="card-chip">✓ On</button></section>
  <section><h2>Not a region: no name</h2><button aria-label="Turn off">✓ On</button></section>
  <nav aria-label="Main"><a href="#home">Home</a></nav>
  <nav aria-label="Chats"><a href="#c1">A chat</a><button aria-haspopup="menu" id="profile">Jane</button></nav>
</div></body></html>"""

SELECTORS = {
    "switch": {"kind": "control", "candidates": [{"role": "switch", "name": "Improve the model for everyone"}]},
    "drifted_switch": {"kind": "control", "candidates": [
        {"role": "switch", "name": "Some new label"}, {"role": "switch", "name_pattern": "^improve the model"}]},
    "checkbox": {"kind": "control", "candidates": [{"label": "Allow your posts to be used for training"}]},
    "select": {"kind": "control", "candidates": [{"role": "combobox", "name": "Model training"}]},
    "chip": {"kind": "control", "candidates": [{"css": "#chip"}]},
    "row": {"kind": "navigation", "candidates": [{"test_id": "row-open"}]},
    "tab": {"kind": "navigation", "candidates": [{"role": "tab", "name": "Data controls", "exact": True}]},
    "manage": {"kind": "navigation", "candidates": [{"role": "button", "name": "Manage"}]},
    "bot_text": {"kind": "marker", "candidates": [{"text": "Verify you are human"}]},
    "today": {"kind": "marker", "candidates": [{"text": "Last seen: today"}]},
    "switch_as_nav": {"kind": "navigation", "candidates": [{"css": "#sw"}]},
    # The best candidate fits two elements, a narrower one fits one: a control is then ambiguous
    # (which of the two is the setting is not known); a navigation step may use the narrower one.
    "control_behind_two": {"kind": "control", "candidates": [{"role": "button", "name": "Manage"}, {"css": "#manage2"}]},
    "consent": {"kind": "dismiss", "candidates": [{"role": "button", "name": "Reject all"}]},
    "nav_behind_two": {"kind": "navigation", "candidates": [{"role": "button", "name": "Manage"}, {"css": "#manage2"}]},
    # A named <section> is a region (as Playwright sees it); an unnamed one is not.
    "region": {"kind": "marker", "candidates": [{"role": "region"}]},
    "chip_anywhere": {"kind": "control", "candidates": [{"role": "button", "name_pattern": "^Turn off$"}]},
    "chip_in_region": {"kind": "control", "within": "region",
                       "candidates": [{"role": "button", "name_pattern": "^Turn off$"}]},
    # Two navigations: the place is ambiguous, the button inside it is not.
    "sidebar": {"kind": "marker", "candidates": [{"role": "navigation"}]},
    "profile_in_sidebar": {"kind": "navigation", "within": "sidebar",
                           "candidates": [{"css": 'button[aria-haspopup="menu"]'}]},
}
PROVIDER = {"selectors": SELECTORS, "controls": [{"id": "c", "readings": [{"locator": "switch"}]}]}

PROBE = """provider => {
  const L = globalThis.UntrainLocate;
  const out = {};
  for (const name of Object.keys(provider.selectors)) {
    const r = L.find(provider, name);
    out[name] = !r ? null : r.ambiguous ? {ambiguous: r.ambiguous.count}
      : {rank: r.found.rank, id: r.found.el.id || r.found.el.tagName.toLowerCase()};
  }
  const el = (id) => document.getElementById(id);
  out.readings = {
    aria_checked: UntrainRead.read(el('sw'), 'aria_checked'),
    checked: UntrainRead.read(el('cb'), 'checked'),
    selected_option: UntrainRead.read(el('sel'), 'selected_option'),
    shown_text: UntrainRead.read(el('chip'), 'shown_text'),
    state_text: UntrainRead.read(document.querySelector('[data-testid=row-open]'), 'state_text'),
  };
  try { UntrainRead.read(el('sel'), 'checked'); out.wrongReader = 'read'; } catch (e) { out.wrongReader = e.message; }
  el('mixed').indeterminate = true;
  out.mixed = UntrainRead.read(el('mixed'), 'checked');
  try { out.stale = UntrainRead.read(el('stale'), 'aria_checked'); } catch (e) { out.stale = e.message; }
  out.refusals = {
    row: L.clickRefusal(provider, 'row', document.querySelector('[data-testid=row-open]')),
    control: L.clickRefusal(provider, 'switch', el('sw')),
    switch_as_nav: L.clickRefusal(provider, 'switch_as_nav', el('sw')),
    dialog: L.clickRefusal(provider, 'row', document.querySelector('[role=dialog]')),
    in_label: L.clickRefusal(provider, 'row', el('in-label')),
    in_switch: L.clickRefusal(provider, 'row', el('in-switch')),
    box_as_button: L.clickRefusal(provider, 'row', el('box-as-button')),
    submit: L.clickRefusal(provider, 'row', el('submit')),
    in_control: L.clickRefusal(provider, 'row', el('sw').firstElementChild),
    dismiss_reject: L.clickRefusal(provider, 'consent', el('reject-all')),
    dismiss_accept: L.clickRefusal(provider, 'consent', el('accept-all')),
    dismiss_icon: L.clickRefusal(provider, 'consent', el('icon')),
    nav_got_it: L.clickRefusal(provider, 'row', el('got-it')),
    link_described_allow: L.clickRefusal(provider, 'row', el('nav-allow')),
    hash_link_allow: L.clickRefusal(provider, 'row', el('hash-allow')),
  };
  return out;
}"""


def test_locate_js_matches_the_scanner_rules(engine):
    async def body():
        context = await engine.browser.new_context()
        try:
            page = await context.new_page()
            await page.set_content(PAGE)
            for module in ("aria.js", "guard.js", "read_state.js", "locate.js"):  # the content script's order
                await page.add_script_tag(path=str(EXTENSION_DIR / "lib" / module))
            return await page.evaluate(PROBE, json.loads(json.dumps(PROVIDER)))
        finally:
            await context.close()

    out = engine.run(body())
    # The switch hidden behind the modal (aria-hidden) does not count, so the visible one is unique.
    assert out["switch"] == {"rank": 0, "id": "sw"}
    assert out["drifted_switch"] == {"rank": 1, "id": "sw"}  # a lower rank: drift, still found
    assert out["checkbox"] == {"rank": 0, "id": "cb"}
    assert out["select"] == {"rank": 0, "id": "sel"}
    assert out["chip"] == {"rank": 0, "id": "chip"}
    assert out["row"]["rank"] == 0 and out["tab"]["rank"] == 0
    assert out["manage"] == {"ambiguous": 2}  # two matches is never a guess
    assert out["control_behind_two"] == {"ambiguous": 2}
    assert out["nav_behind_two"] == {"rank": 1, "id": "manage2"}
    assert out["region"] == {"rank": 0, "id": "card"}
    assert out["chip_anywhere"] == {"ambiguous": 2}
    assert out["chip_in_region"] == {"rank": 0, "id": "card-chip"}  # `within` narrows it to one
    # `within` looks inside anything that fits the place (here, either of two navs).
    assert out["sidebar"] == {"ambiguous": 2}
    assert out["profile_in_sidebar"] == {"rank": 0, "id": "profile"}
    assert out["mixed"] == ["checked", "mixed"]  # shows neither on nor off: no answer
    assert out["stale"] == 'aria-checked="false" and the box (true) disagree'
    assert out["bot_text"] is None  # words inside a <script> are not on the page
    assert out["today"] == {"rank": 0, "id": "p"}  # text split across elements, innermost holder
    assert out["readings"] == {
        "aria_checked": ["aria-checked", "true"],
        "checked": ["checked", "true"],
        "selected_option": ["selected option", "Off"],
        "shown_text": ["shown text", "On"],
        "state_text": ["state text", "Off"],
    }
    assert out["wrongReader"] == "the control is not a native checkbox"
    assert out["refusals"]["row"] is None
    assert "control selector" in out["refusals"]["control"]
    assert "it is a switch" in out["refusals"]["switch_as_nav"]
    assert "contains a switch or checkbox" in out["refusals"]["dialog"]
    # A click reaches more than its element (lib/guard.js, the rules the scan runs too).
    assert "part of the label of a checkbox" in out["refusals"]["in_label"]
    assert "inside a switch" in out["refusals"]["in_switch"]
    assert "it is a checkbox" in out["refusals"]["box_as_button"]
    assert "submit or reset a form" in out["refusals"]["submit"]
    assert "inside a switch" in out["refusals"]["in_control"]
    # And by name: a dismiss only refuses; nothing that accepts is clicked (lib/guard.js, the scan's rules).
    assert out["refusals"]["dismiss_reject"] is None
    assert "only 'Not now'" in out["refusals"]["dismiss_accept"]
    assert "only 'Not now'" in out["refusals"]["dismiss_icon"]  # no name: may be the accept
    assert "would accept or change something" in out["refusals"]["nav_got_it"]
    # A link to another page whose description says "Allow" (X's Grok row) is followed, not accepted;
    # a link to '#' is a button in disguise. The W3C name keeps the words apart ("Grok Allow …").
    assert out["refusals"]["link_described_allow"] is None
    assert "would accept or change something" in out["refusals"]["hash_link_allow"]


def test_locate_js_finds_a_control_by_the_title_beside_it(engine):
    # The scan's own cases (tests/engine/test_steps_and_guard.py ROWS), in the extension's host.
    from tests.engine.test_steps_and_guard import ROWS, TITLED, TRAINING_MENU

    provider = {"selectors": {"toggle": TITLED}, "controls": [{"id": "c", "readings": [{"locator": "toggle"}]}]}
    probe = """provider => {
      const r = UntrainLocate.find(provider, 'toggle');
      return !r ? null : r.ambiguous ? 'ambiguous' : UntrainRead.read(r.found.el, 'state');
    }"""

    async def body():
        context = await engine.browser.new_context()
        try:
            out = []
            for control in (TRAINING_MENU, ""):
                page = await context.new_page()
                await page.set_content(ROWS.format(control=control))
                for module in ("aria.js", "read_state.js", "locate.js"):
                    await page.add_script_tag(path=str(EXTENSION_DIR / "lib" / module))
                out.append(await page.evaluate(probe, provider))
            return out
        finally:
            await context.close()

    found, missing = engine.run(body())
    assert found == ["menu button", "Enabled"]
    assert missing is None  # never the neighbouring row's "Disabled"


def test_the_scan_ranks_candidates_as_the_content_script_does(engine):
    # Both hosts find a candidate's elements with the same file (locate.js; the scan runs it as a
    # Playwright selector engine). Ranking them is each host's own: first unique match wins, a lower
    # rank is drift, two matches are ambiguous (a control's at once), `within` looks inside any
    # fitting place, links to one address are one way on. Same page, same catalogue, same answers.
    from checker.engine.page_modules import page_selectors
    from checker.engine.locators import Ambiguous, find
    from checker.catalogue.models import SelectorFile

    selectors = SelectorFile(provider="parity", selectors=SELECTORS)
    provider = {"selectors": page_selectors(selectors), "controls": PROVIDER["controls"]}
    in_content_script = """provider => {
      const out = {};
      for (const name of Object.keys(provider.selectors)) {
        const r = UntrainLocate.find(provider, name);
        out[name] = !r ? null : r.ambiguous ? {ambiguous: r.ambiguous.count}
          : {rank: r.found.rank, id: r.found.el.id || r.found.el.localName};
      }
      return out;
    }"""

    async def body():
        context = await engine.browser.new_context()
        try:
            page = await context.new_page()
            await page.set_content(PAGE)
            for module in ("aria.js", "guard.js", "read_state.js", "locate.js"):
                await page.add_script_tag(path=str(EXTENSION_DIR / "lib" / module))
            extension = await page.evaluate(in_content_script, provider)
            scan = {}
            for name in SELECTORS:
                result = await find(page, selectors, name)
                scan[name] = (None if result is None else {"ambiguous": result.count} if isinstance(result, Ambiguous)
                              else {"rank": result.rank, "id": await result.locator.evaluate("el => el.id || el.localName")})
            return extension, scan
        finally:
            await context.close()

    extension, scan = engine.run(body())
    assert scan == extension
    # Not agreement on nothing: the page has finds, drift and ambiguities, and `within`.
    assert scan["drifted_switch"] == {"rank": 1, "id": "sw"} and scan["manage"] == {"ambiguous": 2}
    assert scan["profile_in_sidebar"] == {"rank": 0, "id": "profile"}


def test_every_catalogue_candidate_is_found_by_the_extensions_file(engine):
    # The scan's locators are all locate.js run as a selector engine (tests/extension/test_build.py
    # checks the engine's script is the shipped file): no candidate kind takes another way.
    from checker.engine import page_modules
    from checker.catalogue.catalog import load_catalog
    from checker.engine.locators import candidate_locator

    catalog = load_catalog()

    async def body():
        context = await engine.browser.new_context()
        try:
            page = await context.new_page()
            return [(entry.scenario.id, name, repr(candidate_locator(page, c, sel.kind.value == "control")))
                    for entry in catalog.entries.values() if entry.selectors
                    for name, sel in entry.selectors.selectors.items() for c in sel.candidates]
        finally:
            await context.close()

    locators = engine.run(body())
    assert len(locators) > 100  # the whole catalogue, every kind
    strays = [(p, n, r) for p, n, r in locators if f"selector='{page_modules.CANDIDATE_ENGINE}=" not in r]
    assert strays == []
