"""The step interpreter and the read-only guard, one feature per fixture."""

import pytest

from checker.results import Reason, Status

from .fixture_harness import control, run_fixture, scenario, selectors

TAB = {"kind": "navigation", "candidates": [{"role": "tab", "name": "Privacy"}]}
SWITCH = {"kind": "control", "candidates": [{"role": "switch", "name": "Use my data for training"}]}


def test_navigation_then_read(engine):
    sc = scenario([{"click": "privacy_tab"}, {"read": "training"}], [control()])
    result, mutations, _ = run_fixture(engine, "switch_in_dialog.html", sc, selectors(privacy_tab=TAB, toggle=SWITCH))
    assert result.controls[0].status == Status.off
    assert mutations == []


# The guard tests below walk as QA does (every_click): their pages show the control at once, and a
# scan would go straight to it and make no click for the guard to judge.


def test_clicking_a_switch_is_refused(engine):
    # The selector claims to be navigation, but the element on the page is a switch.
    sneaky = {"kind": "navigation", "candidates": [{"role": "switch", "name": "Use my data for training"}]}
    sc = scenario([{"click": "privacy_tab"}, {"click": "sneaky"}, {"read": "training"}], [control()])
    result, mutations, _ = run_fixture(engine, "switch_in_dialog.html", sc,
                                       selectors(privacy_tab=TAB, sneaky=sneaky, toggle=SWITCH), every_click=True)
    control_result = result.controls[0]
    assert (control_result.status, control_result.reason) == (Status.unknown, Reason.error)
    assert "refused to click 'sneaky'" in control_result.detail and "switch" in control_result.detail
    assert mutations == []


def test_clicking_accept_is_refused(engine):
    accept = {"kind": "navigation", "candidates": [{"role": "button", "name": "Accept", "exact": True}]}
    sc = scenario([{"click": "privacy_tab"}, {"click": "accept"}, {"read": "training"}], [control()])
    result, mutations, _ = run_fixture(engine, "switch_in_dialog.html", sc,
                                       selectors(privacy_tab=TAB, accept=accept, toggle=SWITCH), every_click=True)
    assert result.controls[0].status == Status.unknown
    assert "refused to click 'accept'" in result.controls[0].detail
    assert mutations == []


def test_dismiss_accepts_only_non_committal_choices(engine):
    accept = {"kind": "dismiss", "candidates": [{"role": "button", "name": "Accept", "exact": True}]}
    sc = scenario([{"click": "privacy_tab"}, {"dismiss": "accept"}, {"read": "training"}], [control()])
    result, mutations, _ = run_fixture(engine, "switch_in_dialog.html", sc,
                                       selectors(privacy_tab=TAB, accept=accept, toggle=SWITCH))
    assert "refused to dismiss" in result.controls[0].detail
    assert mutations == []
    not_now = {"kind": "dismiss", "candidates": [{"role": "button", "name": "Not now"}]}
    sc = scenario([{"click": "privacy_tab"}, {"dismiss": "not_now"}, {"read": "training"}], [control()])
    result, mutations, log = run_fixture(engine, "switch_in_dialog.html", sc,
                                          selectors(privacy_tab=TAB, not_now=not_now, toggle=SWITCH))
    assert result.controls[0].status == Status.off
    assert [r.outcome for r in log.records if r.kind == "dismiss"] == ["found"]


def test_clicking_a_label_that_wraps_a_checkbox_is_refused(engine):
    html = '<label id="row">Share my data <input type="checkbox"></label>'
    row = {"kind": "navigation", "candidates": [{"css": "#row"}]}
    box = {"kind": "control", "candidates": [{"role": "checkbox"}]}
    sc = scenario([{"click": "row"}, {"read": "training"}], [control("box", "checked")])
    result, mutations, _ = run_fixture(engine, html + "<script>document.querySelector('input').onchange=()=>fetch('/x',{method:'POST'})</script>",
                                       sc, selectors(row=row, box=box), every_click=True)
    assert "contains a switch or checkbox" in result.controls[0].detail
    assert mutations == []


def test_the_mutation_log_catches_a_flip(engine):
    # Proves the fixture log can fail: a page that flips its own switch on load is seen.
    html = """<button role="switch" aria-checked="false" aria-label="Use my data for training" id="sw"></button>
    <script>fetch('/flip', {method: 'POST'})</script>"""
    sc = scenario([{"read": "training"}], [control()])
    _, mutations, _ = run_fixture(engine, html, sc, selectors(toggle=SWITCH))
    assert mutations == ["POST https://fixture.test/flip"]


def test_a_click_whose_purpose_is_met_is_skipped(engine):
    # The deep link (or an older layout) already shows the switch: no scenario flag is needed.
    html = '<div role="tab" aria-label="Privacy">Privacy</div><button role="switch" aria-checked="true" aria-label="Use my data for training"></button>'
    sc = scenario([{"click": "privacy_tab"}, {"read": "training"}], [control()])
    result, _, log = run_fixture(engine, html, sc, selectors(privacy_tab=TAB, toggle=SWITCH))
    assert result.controls[0].status == Status.on
    assert [(r.kind, r.outcome) for r in log.records[1:]] == [("click", "skipped"), ("read", "found")]
    assert log.records[1].detail == "already there ('Use my data for training' shows)"


def test_the_walk_goes_to_the_furthest_step_whose_target_shows(engine):
    # A layout that shows the Data tab at once: the two clicks before it have nothing to do, and
    # the tab itself is still clicked to reach the switch.
    html = """<div role="tab" aria-label="Data" id="data">Data</div>
      <div id="panel" hidden><button role="switch" aria-checked="false" aria-label="Use my data for training"></button></div>
      <script>document.getElementById('data').onclick = () => document.getElementById('panel').hidden = false</script>"""
    menu = {"kind": "navigation", "candidates": [{"role": "button", "name": "Account"}]}
    settings = {"kind": "navigation", "candidates": [{"role": "menuitem", "name": "Settings"}]}
    data = {"kind": "navigation", "candidates": [{"role": "tab", "name": "Data"}]}
    sc = scenario([{"click": "menu"}, {"click": "settings"}, {"click": "data"}, {"read": "training"}], [control()])
    result, mutations, log = run_fixture(engine, html, sc, selectors(menu=menu, settings=settings, data=data, toggle=SWITCH))
    assert result.controls[0].status == Status.off
    assert [(r.target, r.outcome) for r in log.records[1:]] == [
        ("menu", "skipped"), ("settings", "skipped"), ("data", "found"), ("toggle", "found")]
    assert mutations == []


def test_a_missing_click_names_its_own_target_not_the_steps_after_it(engine):
    menu = {"kind": "navigation", "candidates": [{"role": "button", "name": "Account"}]}
    sc = scenario([{"click": "menu"}, {"read": "training"}], [control()])
    result, _, _ = run_fixture(engine, "<p>Nothing here</p>", sc, selectors(menu=menu, toggle=SWITCH), timeout=0.5)
    assert (result.controls[0].status, result.controls[0].reason) == (Status.unknown, Reason.path_missing)
    assert result.controls[0].detail.startswith("'Account' not found after 0.5s")


def test_clicking_any_match_of_a_control_locator_is_refused(engine):
    # A Google-style chip is a plain button, so only its control locator can protect it. The
    # locator matches two chips; the click targets the second one.
    html = """<button class="chip" aria-haspopup="menu">Web activity On</button>
              <button class="chip" id="keep" aria-haspopup="menu">Keep activity On</button>
              <script>document.querySelectorAll('.chip').forEach(b => b.onclick = () => fetch('/menu', {method: 'POST'}))</script>"""
    chips = {"kind": "control", "candidates": [{"css": "button.chip"}]}
    keep = {"kind": "navigation", "candidates": [{"css": "#keep"}]}
    sc = scenario([{"click": "keep"}, {"read": "training"}], [control("chips", "state_text", ["On"], ["Off"])])
    result, mutations, _ = run_fixture(engine, html, sc, selectors(keep=keep, chips=chips))
    assert "it is a training control" in result.controls[0].detail
    assert mutations == []


def test_clicking_a_row_that_holds_a_control_match_is_refused(engine):
    # The chip is a plain button inside a clickable row: only the control locator knows it is one.
    html = """<div role="button" id="row" tabindex="0">Keep activity <button class="chip">On</button></div>
              <script>document.getElementById('row').onclick = () => fetch('/menu', {method: 'POST'})</script>"""
    chips = {"kind": "control", "candidates": [{"css": "button.chip"}]}
    row = {"kind": "navigation", "candidates": [{"css": "#row"}]}
    sc = scenario([{"click": "row"}, {"read": "training"}], [control("chips", "state_text", ["On"], ["Off"])])
    result, mutations, _ = run_fixture(engine, html, sc, selectors(row=row, chips=chips), every_click=True)
    assert "it is a training control" in result.controls[0].detail
    assert mutations == []


# A click lands on the element and bubbles to everything around it; a label passes it on to its
# control, a submit button to its form. Each page below turns such a click into a POST; the
# navigation selector points at something that looks harmless on its own.
POST_ON_CHANGE = "<script>document.querySelectorAll('input').forEach(i => i.onchange = () => fetch('/flip', {method: 'POST'}))</script>"
POST_ON_CLICK = "<script>document.querySelectorAll('[role=switch],.chip').forEach(s => s.onclick = () => fetch('/flip', {method: 'POST'}))</script>"


@pytest.mark.parametrize("html, nav, refusal", [
    # The row's title, a span inside a label that holds the checkbox: clicking it ticks the box.
    ('<label><span>Data controls</span> <input type="checkbox"></label>' + POST_ON_CHANGE,
     {"text": "Data controls", "exact": True}, "checkbox"),
    # A label elsewhere on the page, tied to the checkbox by `for`.
    ('<label for="cb">Data controls</label><p>…</p><input type="checkbox" id="cb" aria-label="Share">' + POST_ON_CHANGE,
     {"text": "Data controls", "exact": True}, "checkbox"),
    # Text inside the switch itself.
    ('<button role="switch" aria-checked="false"><span>Data controls</span></button>' + POST_ON_CLICK,
     {"text": "Data controls", "exact": True}, "switch"),
    # Text inside a chip that only the control locator knows to be a control.
    ('<button class="chip" aria-haspopup="menu"><span>Data controls</span> <span>On</span></button>' + POST_ON_CLICK,
     {"text": "Data controls", "exact": True}, "training control"),
    # A native checkbox whose role attribute says "button".
    ('<input type="checkbox" role="button" aria-label="Data controls">' + POST_ON_CHANGE,
     {"role": "button", "name": "Data controls"}, "checkbox"),
    # A button that submits the settings form.
    ('<form method="post" action="/settings"><input type="hidden" name="training" value="off">'
     '<button>Data controls</button></form>',
     {"role": "button", "name": "Data controls"}, "form"),
])
def test_a_click_that_would_reach_a_control_or_a_form_is_refused(engine, html, nav, refusal):
    chips = {"kind": "control", "candidates": [{"css": ".chip"}]}  # so the others are judged by what they are
    sc = scenario([{"click": "nav"}, {"read": "training"}], [control("chips", "state_text", ["On"], ["Off"])])
    result, mutations, _ = run_fixture(engine, html, sc, selectors(nav={"kind": "navigation", "candidates": [nav]},
                                                                   chips=chips), every_click=True)
    detail = result.controls[0].detail
    assert mutations == []
    assert result.controls[0].status == Status.unknown
    assert "refused to click 'nav'" in detail and refusal in detail, detail


@pytest.mark.parametrize("button", ["Done", "Close and accept", "Skip and turn on"])
def test_a_dismiss_that_commits_is_refused(engine, button):
    # A terms pop-up whose switch defaults to on: "Done" confirms what it shows, and a name that
    # starts like a refusal can still accept.
    html = f"""<div role="dialog" aria-label="Updates to our terms">
      <button role="switch" aria-checked="true" aria-label="You can help improve the model"></button>
      <button id="choice">{button}</button></div>
      <script>document.getElementById('choice').onclick = () => fetch('/terms/accept', {{method: 'POST'}})</script>"""
    choice = {"kind": "dismiss", "candidates": [{"role": "button", "name": button, "exact": True}]}
    sc = scenario([{"dismiss": "choice"}, {"read": "training"}], [control()])
    result, mutations, _ = run_fixture(engine, html, sc, selectors(choice=choice, toggle=SWITCH))
    assert mutations == []
    assert "refused to dismiss" in result.controls[0].detail or "refused to click" in result.controls[0].detail


def test_a_dismiss_with_no_name_is_refused(engine):
    # An icon button with no accessible name may be the pop-up's "accept": a dismiss must say what it does.
    html = """<div role="dialog" aria-label="Updates to our terms">
      <button role="switch" aria-checked="true" aria-label="You can help improve the model"></button>
      <button id="choice"><svg width="10" height="10"><path d="M0 0h10v10z"/></svg></button></div>
      <script>document.getElementById('choice').onclick = () => fetch('/terms/accept', {method: 'POST'})</script>"""
    choice = {"kind": "dismiss", "candidates": [{"css": "#choice"}]}
    sc = scenario([{"dismiss": "choice"}, {"read": "training"}], [control()])
    result, mutations, _ = run_fixture(engine, html, sc, selectors(choice=choice, toggle=SWITCH))
    assert mutations == []
    assert "refused to dismiss" in result.controls[0].detail


@pytest.mark.parametrize("kind", ["navigation", "control", "marker"])
def test_a_consent_wall_is_passed_only_with_a_dismiss_selector(engine, kind):
    # The catalogue lint refuses this; the engine checks it again when it clicks, as it does for
    # every other click (a scenario can reach the engine without the lint, as this one does).
    html = """<div id="wall" role="dialog" aria-label="Before you continue">
        <button id="reject">Reject all</button></div>
      <button role="switch" aria-checked="false" aria-label="Use my data for training"></button>
      <script>document.getElementById('reject').onclick = () => {
        fetch('/consent', {method: 'POST'}); document.getElementById('wall').remove(); }</script>"""
    wall = {"kind": "marker", "candidates": [{"role": "dialog", "name": "Before you continue"}]}
    reject = {"kind": kind, "candidates": [{"role": "button", "name": "Reject all"}]}
    detect = {"consent_walls": [{"marker": "wall", "pass_with": "reject", "note": "passed the wall"}]}
    sc = scenario([{"read": "training"}], [control()], detect=detect)
    result, mutations, _ = run_fixture(engine, html, sc, selectors(wall=wall, reject=reject, toggle=SWITCH))
    assert mutations == []
    assert result.controls[0].status == Status.unknown
    assert f"refused to click 'reject': it is a {kind} selector, not dismiss" in result.controls[0].detail


def test_a_consent_wall_is_passed_with_its_dismiss_selector(engine):
    html = """<div id="wall" role="dialog" aria-label="Before you continue">
        <button id="reject">Reject all</button></div>
      <button role="switch" aria-checked="false" aria-label="Use my data for training"></button>
      <script>document.getElementById('reject').onclick = () => document.getElementById('wall').remove()</script>"""
    wall = {"kind": "marker", "candidates": [{"role": "dialog", "name": "Before you continue"}]}
    reject = {"kind": "dismiss", "candidates": [{"role": "button", "name": "Reject all"}]}
    detect = {"consent_walls": [{"marker": "wall", "pass_with": "reject", "note": "passed the wall"}]}
    sc = scenario([{"read": "training"}], [control()], detect=detect)
    result, mutations, _ = run_fixture(engine, html, sc, selectors(wall=wall, reject=reject, toggle=SWITCH))
    assert mutations == []
    assert result.controls[0].status == Status.off
    assert result.notes == ["passed the wall"]


ONE_PLACE_TWICE = """<nav><a href="#improve" id="menu-entry">Manage your data</a></nav>
  <main><a href="{card}" id="card">Manage your data</a></main>
  <section id="improve" hidden><button role="switch" aria-checked="true" aria-label="Use my data for training"></button></section>
  <script>addEventListener('hashchange', () => document.getElementById('improve').hidden = false)</script>"""
MANAGE = {"kind": "navigation", "candidates": [{"role": "link", "name": "Manage your data"}]}


def test_two_links_to_one_address_are_one_way_on(engine):
    # A menu entry and a card both lead to the section: either click is the documented step.
    sc = scenario([{"click": "manage"}, {"read": "training"}], [control()])
    result, mutations, log = run_fixture(engine, ONE_PLACE_TWICE.format(card="#improve"), sc,
                                          selectors(manage=MANAGE, toggle=SWITCH))
    assert (result.controls[0].status, result.controls[0].reason) == (Status.on, None), result.controls[0].detail
    assert mutations == []


def test_two_links_to_two_addresses_are_still_ambiguous(engine):
    sc = scenario([{"click": "manage"}, {"read": "training"}], [control()])
    result, _, _ = run_fixture(engine, ONE_PLACE_TWICE.format(card="#elsewhere"), sc,
                               selectors(manage=MANAGE, toggle=SWITCH))
    assert (result.controls[0].status, result.controls[0].reason) == (Status.unknown, Reason.ambiguous)


# Two navigations, the person's menu button in the second: "the menu button in the sidebar" is one
# element, though the place fits two.
SIDEBARS = """<nav aria-label="Main"><a href="#home">Home</a><button aria-haspopup="menu" hidden>More</button></nav>
  <nav aria-label="Chats"><a href="#c1">A chat</a>
    <button aria-haspopup="menu" onclick="document.getElementById('s').hidden = false">Jane Doe</button></nav>
  <section id="s" hidden><button role="switch" aria-checked="false" aria-label="Use my data for training"></button></section>"""
SIDEBAR = {"kind": "marker", "candidates": [{"role": "navigation"}]}
PROFILE = {"kind": "navigation", "within": "sidebar", "candidates": [{"css": 'button[aria-haspopup="menu"]'}]}


def test_within_looks_inside_every_element_that_fits_the_place(engine):
    sc = scenario([{"click": "profile"}, {"read": "training"}], [control()])
    result, mutations, log = run_fixture(engine, SIDEBARS, sc, selectors(sidebar=SIDEBAR, profile=PROFILE, toggle=SWITCH))
    assert (result.controls[0].status, result.controls[0].reason) == (Status.off, None), result.controls[0].detail
    assert [r.outcome for r in log.records if r.kind == "click"] == ["found"]
    assert mutations == []


def test_within_still_needs_the_element_itself_to_be_unique(engine):
    two = SIDEBARS.replace("<button aria-haspopup=\"menu\" hidden>More</button>", "<button aria-haspopup=\"menu\">More</button>")
    assert two != SIDEBARS
    sc = scenario([{"click": "profile"}, {"read": "training"}], [control()])
    result, _, _ = run_fixture(engine, two, sc, selectors(sidebar=SIDEBAR, profile=PROFILE, toggle=SWITCH))
    assert (result.controls[0].status, result.controls[0].reason) == (Status.unknown, Reason.ambiguous)


# Primer's ActionMenu rows: a title, and beside it a menu button named by the current value, with
# nothing tying the two. The neighbouring row's value is the opposite one.
ROWS = """<div class="box">
  <div class="row"><div><h3>Allow us to use my data for product improvements</h3><p>Not training.</p></div>
    <button aria-haspopup="true" aria-controls="m1">Disabled</button>
    <ul role="menu" id="m1" hidden><li role="menuitemradio" aria-checked="false">Enabled</li>
      <li role="menuitemradio" aria-checked="true">Disabled</li></ul></div>
  <div class="row"><div><h3>Use my data for training</h3><p>Training.</p></div>{control}</div>
</div>"""
TRAINING_MENU = """<button aria-haspopup="true" aria-controls="m2">Enabled</button>
  <ul role="menu" id="m2" hidden><li role="menuitemradio" aria-checked="true">Enabled</li>
    <li role="menuitemradio" aria-checked="false">Disabled</li></ul>"""
TITLED = {"kind": "control", "candidates": [{"titled": "Use my data for training"}]}


def test_a_menu_button_named_by_its_value_is_found_by_the_title_beside_it(engine):
    sc = scenario([{"read": "training"}], [control(reader=None, allowed=("Enabled",), disabled=("Disabled",))])
    result, mutations, _ = run_fixture(engine, ROWS.format(control=TRAINING_MENU), sc, selectors(toggle=TITLED))
    reading = result.controls[0]
    assert (reading.status, reading.reason) == (Status.on, None), reading.detail
    assert (reading.evidence[0].attribute, reading.evidence[0].value) == ("menu button", "Enabled")
    assert mutations == []


def test_a_row_without_its_control_never_lends_its_neighbours(engine):
    # The training row lost its menu: the smallest part holding the title and a control is the
    # whole list, which holds the other row's "Disabled". That must not read as off.
    sc = scenario([{"read": "training"}], [control(reader=None, allowed=("Enabled",), disabled=("Disabled",))])
    result, mutations, _ = run_fixture(engine, ROWS.format(control=""), sc, selectors(toggle=TITLED))
    assert (result.controls[0].status, result.controls[0].reason) == (Status.unknown, Reason.path_missing)
    assert mutations == []


# A menu item found by a lower-ranked candidate (drift) that the menu removes once clicked.
CLOSING_MENU = """<button aria-haspopup="menu" onclick="document.getElementById('m').hidden = false">Profile</button>
  <div role="menu" id="m" hidden><div role="menuitem" tabindex="-1"
    onclick="this.parentNode.remove(); document.getElementById('s').hidden = false">Privacy</div></div>
  <section id="s" hidden><button role="switch" aria-checked="true" aria-label="Use my data for training"></button></section>"""
PROFILE_MENU = {"kind": "navigation", "candidates": [{"role": "button", "name": "Profile", "exact": True}]}
PRIVACY = {"kind": "navigation", "candidates": [{"role": "tab", "name": "Privacy", "exact": True},
                                                {"role": "menuitem", "name": "Privacy", "exact": True}]}


def test_drift_on_an_element_the_click_takes_away_is_still_reported(engine):
    sc = scenario([{"click": "profile"}, {"click": "privacy"}, {"read": "training"}], [control()])
    result, mutations, log = run_fixture(engine, CLOSING_MENU, sc,
                                          selectors(profile=PROFILE_MENU, privacy=PRIVACY, toggle=SWITCH))
    assert (result.controls[0].status, result.controls[0].reason) == (Status.on, None), result.controls[0].detail
    assert [(d.locator, d.found_label) for d in log.drift] == [("privacy", "Privacy")]
    assert mutations == []


# A menu button under a layer the catalogue does not list: a backdrop beside its dialog, as MUI's
# Modal draws them (one fixed root holding both), so the click never lands.
COVERED = """<button aria-haspopup="menu" onclick="fetch('/opened', {{method: 'POST'}})">Profile menu</button>
<div style="position:fixed;inset:0;z-index:9">
  <div aria-hidden="true" style="position:fixed;inset:0;background:rgba(0,0,0,.5)"></div>
  <div style="position:relative;display:flex;justify-content:center;margin-top:40vh;pointer-events:none">
    <div role="dialog" aria-labelledby="t" style="pointer-events:auto;background:#fff">
      <h2 id="t">We've updated our Terms</h2><button onclick="fetch('/accept', {{method: 'POST'}})">{choice}</button>
    </div>
  </div>
</div>"""


@pytest.mark.parametrize("choice, reason", [("Accept", Reason.pending_consent), ("Close", Reason.blocked)])
def test_a_click_under_an_unlisted_dialog_says_what_covers_it(engine, choice, reason):
    menu = {"kind": "navigation", "candidates": [{"role": "button", "name": "Profile menu"}]}
    sc = scenario([{"click": "menu"}, {"read": "training"}], [control()])
    result, mutations, _ = run_fixture(engine, COVERED.format(choice=choice), sc, selectors(menu=menu, toggle=SWITCH),
                                       timeout=1.0)
    c = result.controls[0]
    assert (c.status, c.reason) == (Status.unknown, reason), c.detail
    assert "We've updated our Terms" in c.detail
    assert mutations == []  # neither the button under it nor the dialog's choice was clicked
