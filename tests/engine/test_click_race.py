"""The guard judges an element, then the click lands a moment later: the page must not be able to
turn the element into something else in between.

Each page changes what is about to be clicked at the last moment a page can: on the pointer's
arrival (`pointerover`, sent by the click itself before the button goes down) or on `focus` (the
button's own mousedown gives it). No timers: the change happens inside the click, every time.
"""

import pytest

from checker.results import Status

from .fixture_harness import control, run_fixture, scenario, selectors

TAB = {"kind": "navigation", "candidates": [{"role": "tab", "name": "Privacy"}]}
SWITCH = {"kind": "control", "candidates": [{"role": "switch", "name": "Use my data for training"}]}
THE_SETTING = '<button role="switch" aria-checked="false" aria-label="Use my data for training"></button>'
# Shown only once something is clicked, as a real tab shows its panel: were it on screen at once,
# the walk would go straight to it and make no click for the guard to judge.
SETTING_BEHIND_A_CLICK = ('<div id="panel" hidden>' + THE_SETTING + '</div>'
                          '<script>document.addEventListener("click", () => { panel.hidden = false; })</script>')
FLIP = "fetch('/flip', {method: 'POST'})"


def _html(change: str, on: str = "pointerover") -> str:
    return f"""<div role="tab" id="row" tabindex="0">Privacy</div>{SETTING_BEHIND_A_CLICK}
    <script>
      const row = document.getElementById('row');
      row.addEventListener('{on}', () => {{ {change} }}, {{once: true}});
      // Only a click that reaches a control changes anything: a switch, a row holding one, a checkbox.
      document.addEventListener('click', event => {{
        if (event.target.closest('[role=switch]') || event.target.querySelector('[role=switch]')) {FLIP};
      }});
      document.addEventListener('change', () => {FLIP});
    </script>"""


BECOMES_A_SWITCH = "row.setAttribute('role', 'switch'); row.setAttribute('aria-checked', 'false');"
WRAPS_A_SWITCH = "row.insertAdjacentHTML('beforeend', ' <span role=\"switch\" aria-checked=\"false\">o</span>');"
BECOMES_ITS_LABEL = ("const box = document.createElement('input'); box.type = 'checkbox'; box.id = 'box';"
                     "document.body.append(box); const label = document.createElement('label'); label.htmlFor = 'box';"
                     "row.replaceWith(label); label.append(row);")
RENAMED_TO_ACCEPT = "row.textContent = 'Accept'; row.addEventListener('click', () => fetch('/terms/accept', {method: 'POST'}));"


@pytest.mark.parametrize("change, on, refusal", [
    (BECOMES_A_SWITCH, "pointerover", "it is a switch"),
    (WRAPS_A_SWITCH, "pointerover", "contains a switch or checkbox"),
    (BECOMES_ITS_LABEL, "pointerover", "label of a checkbox"),
    (RENAMED_TO_ACCEPT, "pointerover", "would accept"),
    # Too late for the pointer's arrival: the element changes once the button is already down.
    (BECOMES_A_SWITCH, "focus", "it is a switch"),
], ids=["becomes-a-switch", "wraps-a-switch", "becomes-a-label", "renamed-accept", "becomes-a-switch-on-focus"])
def test_a_click_is_judged_again_when_it_lands(engine, change, on, refusal):
    sc = scenario([{"click": "privacy_tab"}, {"read": "training"}], [control()])
    result, mutations, _ = run_fixture(engine, _html(change, on), sc, selectors(privacy_tab=TAB, toggle=SWITCH))
    assert mutations == []
    detail = result.controls[0].detail
    assert result.controls[0].status == Status.unknown
    assert "refused to click 'privacy_tab'" in detail and refusal in detail, detail


def test_a_reused_look_is_judged_again_when_it_lands(engine):
    # The first step's look (the later step's target shows) is what the second step clicks: its
    # facts are older.
    sc = scenario([{"click": "elsewhere"}, {"click": "privacy_tab"},
                   {"read": "training"}], [control()])
    elsewhere = {"kind": "navigation", "candidates": [{"role": "link", "name": "Elsewhere"}]}
    result, mutations, log = run_fixture(engine, _html(BECOMES_A_SWITCH), sc,
                                          selectors(privacy_tab=TAB, elsewhere=elsewhere, toggle=SWITCH))
    assert log.records[1].outcome == "skipped"  # so the second step clicked with that look
    assert mutations == []
    assert "refused to click 'privacy_tab'" in result.controls[0].detail


def test_an_element_swapped_for_accept_is_not_clicked(engine):
    # A terms pop-up puts its "Accept" where the matched element was, under the same CSS.
    html = f"""<div role="dialog"><button class="primary" id="first">Privacy settings</button></div>{SETTING_BEHIND_A_CLICK}
    <script>
      document.getElementById('first').addEventListener('pointerover', event => {{
        const accept = document.createElement('button');
        accept.className = 'primary';
        accept.textContent = 'Accept';
        accept.onclick = () => fetch('/terms/accept', {{method: 'POST'}});
        event.target.replaceWith(accept);
      }}, {{once: true}});
    </script>"""
    primary = {"kind": "navigation", "candidates": [{"css": "button.primary"}]}
    sc = scenario([{"click": "primary"}, {"read": "training"}], [control()])
    result, mutations, _ = run_fixture(engine, html, sc, selectors(primary=primary, toggle=SWITCH))
    assert mutations == []
    assert result.controls[0].status == Status.unknown
    assert "refused to click 'primary'" in result.controls[0].detail and "accept" in result.controls[0].detail


def test_a_harmless_change_under_the_click_still_clicks(engine):
    # A re-render that leaves a plain tab a plain tab (a hover style, a new node for the same tab)
    # must not cost the reading.
    html = f"""<div role="tab" id="row" tabindex="0">Privacy</div><div id="panel"></div>
    <script>
      const row = document.getElementById('row');
      row.addEventListener('pointerover', () => {{
        const fresh = row.cloneNode(true);
        fresh.onclick = () => document.getElementById('panel').innerHTML = '{THE_SETTING}';
        row.replaceWith(fresh);
      }}, {{once: true}});
    </script>"""
    sc = scenario([{"click": "privacy_tab"}, {"read": "training"}], [control()])
    result, mutations, _ = run_fixture(engine, html, sc, selectors(privacy_tab=TAB, toggle=SWITCH))
    assert mutations == []
    assert result.controls[0].status == Status.off, result.controls[0].detail


def test_the_rest_of_a_click_does_not_land_on_what_the_page_put_under_it(engine):
    # A menu item that acts on pointerdown and closes its menu; a dialog opens with its switch right
    # under the pointer. The button's release and its click belong to the menu item, not the switch.
    html = """<div role="menuitem" id="item" style="position:absolute; left:0; top:0; width:200px; height:40px">Privacy</div>
    <script>
      const item = document.getElementById('item');
      item.addEventListener('pointerdown', () => {
        item.remove();
        document.body.insertAdjacentHTML('beforeend', '<button role="switch" aria-checked="false" '
          + 'aria-label="Use my data for training" style="position:absolute; left:0; top:0; width:200px; height:40px"></button>');
        const sw = document.querySelector('[role=switch]');
        sw.addEventListener('pointerup', () => fetch('/flip', {method: 'POST'}));
      });
    </script>"""
    item = {"kind": "navigation", "candidates": [{"role": "menuitem", "name": "Privacy"}]}
    sc = scenario([{"click": "item"}, {"read": "training"}], [control()])
    result, mutations, _ = run_fixture(engine, html, sc, selectors(item=item, toggle=SWITCH))
    assert mutations == []
    assert result.controls[0].status == Status.off, result.controls[0].detail  # the menu item's click counted


def test_a_consent_walls_choice_is_judged_again_when_it_lands(engine):
    # The wall's "Reject all" turns into "Accept all" as the pointer arrives.
    html = f"""<div id="wall" role="dialog" aria-label="Before you continue">
        <button id="reject">Reject all</button></div>{THE_SETTING}
      <script>
        const reject = document.getElementById('reject');
        reject.addEventListener('pointerover', () => {{
          reject.textContent = 'Accept all';
          reject.onclick = () => {{ fetch('/consent/accept', {{method: 'POST'}}); document.getElementById('wall').remove(); }};
        }}, {{once: true}});
      </script>"""
    wall = {"kind": "marker", "candidates": [{"role": "dialog", "name": "Before you continue"}]}
    reject = {"kind": "dismiss", "candidates": [{"css": "#reject"}]}
    detect = {"consent_walls": [{"marker": "wall", "pass_with": "reject", "note": "passed the wall"}]}
    sc = scenario([{"read": "training"}], [control()], detect=detect)
    result, mutations, _ = run_fixture(engine, html, sc, selectors(wall=wall, reject=reject, toggle=SWITCH))
    assert mutations == []
    assert result.controls[0].status == Status.unknown
    assert "refused to dismiss with 'reject'" in result.controls[0].detail


def test_a_custom_element_with_its_own_shadow_button_is_clicked(engine):
    # Design systems wrap a real <button> in a web component's shadow root: the click lands on that
    # inner button, which the element's light DOM does not contain. It is the element, not a stranger.
    html = f"""<nav-tab role="tab" aria-label="Privacy"></nav-tab>
    <script>
      customElements.define('nav-tab', class extends HTMLElement {{
        connectedCallback() {{
          this.attachShadow({{mode: 'open'}}).innerHTML = '<button style="padding:8px">Privacy</button>';
          this.shadowRoot.querySelector('button').addEventListener('click', () =>
            document.body.insertAdjacentHTML('beforeend', '{THE_SETTING}'));
        }}
      }});
    </script>"""
    sc = scenario([{"click": "privacy_tab"}, {"read": "training"}], [control()])
    result, mutations, _ = run_fixture(engine, html, sc, selectors(privacy_tab=TAB, toggle=SWITCH))
    assert mutations == []
    assert result.controls[0].status == Status.off, result.controls[0].detail
