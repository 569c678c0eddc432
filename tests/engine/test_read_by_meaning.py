"""Reading a control by meaning (extension/lib/read_state.js), cell by cell: every common UI kind,
on and off, beside a neighbour that holds the opposite value, read in both hosts.

- The scan's host: the reader the scan evaluates on a Playwright locator (checker/engine/readers.py).
- The extension's host: the content script's files, loaded into the page, reading the element.

Each reading is also checked against Chromium's own accessibility tree (CDP): the state the reader
reports is the one a screen reader would announce. A kind whose state the tree does not expose as
checked, pressed or selected reads unknown (an error), never a value.
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from checker.extension_host.extension_build import EXTENSION_DIR
from checker.catalogue.models import Reader
from checker.engine.settle import _HOLD_JS

NAME = "Improve the model for everyone"
NEIGHBOUR = "Share usage data"


@dataclass(frozen=True)
class Kind:
    html: str  # the control, {name}, {id} and {on} filled in per control; `on` is a bool
    raw: tuple[str, str] | None  # the raw value read when on / off; None: no state to read
    frame: bool = False  # the control sits in a same-origin iframe
    value_in_name: bool = False  # the tree announces the value as (part of) the name, not as a state


def _attr(on: bool, word: str) -> str:
    return word if on else ""


KINDS: dict[str, Kind] = {
    # Material / MUI: a native checkbox inside its label.
    "native checkbox in a label": Kind(
        '<label><input type="checkbox" id="{id}" {checked}> {name}</label>', ("true", "false")),
    # Fluent UI: a native checkbox wearing role=switch, with no aria-checked.
    "native checkbox with role=switch": Kind(
        '<input type="checkbox" role="switch" id="{id}" aria-label="{name}" {checked}>', ("true", "false")),
    # Radix / shadcn: a button switch carrying aria-checked.
    "button role=switch with aria-checked": Kind(
        '<button role="switch" id="{id}" aria-label="{name}" aria-checked="{on}"><span></span></button>',
        ("true", "false")),
    "toggle button with aria-pressed": Kind(
        '<button type="button" id="{id}" aria-pressed="{on}">{name}</button>', ("true", "false")),
    "menuitemcheckbox in a menu": Kind(
        '<div role="menu" aria-label="Settings"><div role="menuitemcheckbox" tabindex="0" id="{id}" '
        'aria-checked="{on}">{name}</div></div>', ("true", "false")),
    "select": Kind(
        '<label for="{id}">{name}</label><select id="{id}"><option {selected_on}>On</option>'
        '<option {selected_off}>Off</option></select>', ("On", "Off")),
    "switch in an open shadow root": Kind(
        '<x-switch id="host-{id}" data-id="{id}" data-name="{name}" data-on="{on}"></x-switch>', ("true", "false")),
    "native checkbox in a same-origin iframe": Kind(
        '<label><input type="checkbox" id="{id}" {checked}> {name}</label>', ("true", "false"), frame=True),
    # Primer's ActionMenu: a menu button named by its value, the title beside it, and a menu (hidden
    # until opened) whose checked item is the same value. The tree exposes the value in the name.
    "menu button named by its value": Kind(
        '<span id="t-{id}">{name}</span><button aria-haspopup="menu" id="{id}" aria-labelledby="{id} t-{id}" '
        'aria-controls="m-{id}">{enabled}</button><ul role="menu" id="m-{id}" hidden>'
        '<li role="menuitemradio" aria-checked="{on}">Enabled</li>'
        '<li role="menuitemradio" aria-checked="{off}">Disabled</li></ul>', ("Enabled", "Disabled"), value_in_name=True),
    # A button that opens a dialog is no value: nothing says on or off. Unknown.
    "button opening a dialog": Kind(
        '<span id="t-{id}">{name}</span><button aria-haspopup="dialog" id="{id}" aria-labelledby="{id} t-{id}">'
        '{enabled}</button>', None),
}

SHADOW_ELEMENT = """<script>
customElements.define('x-switch', class extends HTMLElement {
  connectedCallback() {
    const root = this.attachShadow({mode: 'open'});
    root.innerHTML = `<button role="switch" id="${this.dataset.id}" aria-label="${this.dataset.name}"
      aria-checked="${this.dataset.on}"></button>`;
  }
});
</script>"""


def _control(kind: Kind, element_id: str, name: str, on: bool) -> str:
    return kind.html.format(id=element_id, name=name, on="true" if on else "false", off="false" if on else "true",
                            checked=_attr(on, "checked"), selected_on=_attr(on, "selected"),
                            selected_off=_attr(not on, "selected"), enabled="Enabled" if on else "Disabled")


def page_for(kind: Kind, on: bool) -> str:
    body = _control(kind, "control", NAME, on) + _control(kind, "neighbour", NEIGHBOUR, not on)
    if kind.frame:
        inner = f"<!doctype html><body>{body}</body>".replace('"', "&quot;")
        body = f'<iframe id="frame" srcdoc="{inner}"></iframe>'
    return f"<!doctype html><html><head>{SHADOW_ELEMENT}</head><body>{body}</body></html>"


CELLS = [(kind, on) for kind in KINDS for on in (True, False)]


def cell_id(cell) -> str:
    kind, on = cell
    return f"{kind}, {'on' if on else 'off'}"


async def _open(context, kind: Kind, on: bool):
    page = await context.new_page()
    await page.set_content(page_for(kind, on))
    frame = page.frame_locator("#frame") if kind.frame else page
    if kind.frame:
        await page.frame_locator("#frame").locator("#control").wait_for(state="attached")
    return page, frame


async def read_in_scan_host(page, frame, element_id: str):
    # The scan's own first look (settle.py starts its watch with it): read now, hold nothing.
    look = await frame.locator(f"#{element_id}").evaluate_all(_HOLD_JS, {
        "reader": Reader.state.value, "holdMs": 0, "waitMs": 0, "maxMs": 0, "pollMs": 20, "lifeMs": 1000})
    return "error: " + look["error"] if "error" in look else look["reading"]


FIND_AND_READ = """id => {
  const frame = document.getElementById('frame');
  const doc = frame ? frame.contentDocument : document;
  const host = doc.getElementById('host-' + id);
  const el = host ? host.shadowRoot.getElementById(id) : doc.getElementById(id);
  try { return UntrainRead.read(el, 'state'); } catch (e) { return 'error: ' + e.message; }
}"""


async def read_in_extension_host(page, element_id: str):
    # The content script's files, in the manifest's order, reading in the top document as the
    # content script does (it is not injected into frames).
    for module in ("aria.js", "read_state.js"):
        await page.add_script_tag(path=str(EXTENSION_DIR / "lib" / module))
    return await page.evaluate(FIND_AND_READ, element_id)


async def accessibility_tree_state(page, kind: Kind, name: str):
    """(role, state) of the node whose name holds `name` in Chromium's accessibility tree; state is the
    checked or pressed tristate, or the value of a combobox; None when the tree exposes none."""
    cdp = await page.context.new_cdp_session(page)
    params = {}
    if kind.frame:
        tree = await cdp.send("Page.getFrameTree")
        params["frameId"] = tree["frameTree"]["childFrames"][0]["frame"]["id"]
    nodes = (await cdp.send("Accessibility.getFullAXTree", params))["nodes"]
    await cdp.detach()
    named = [n for n in nodes if not n.get("ignored") and name in str(n.get("name", {}).get("value"))
             and n["role"]["value"] not in ("StaticText", "LabelText", "InlineTextBox", "generic")]
    assert len(named) == 1, f"the tree has {len(named)} nodes named {name!r}: {[n['role'] for n in named]}"
    node = named[0]
    properties = {p["name"]: p["value"].get("value") for p in node.get("properties", [])}
    state = properties.get("checked", properties.get("pressed"))
    if node["role"]["value"] == "combobox":
        state = node.get("value", {}).get("value")
    if kind.value_in_name:
        state = str(node["name"]["value"]).removesuffix(name).strip()  # "Enabled Improve the model…"
    return node["role"]["value"], state


@pytest.mark.parametrize("cell", CELLS, ids=[cell_id(c) for c in CELLS])
def test_every_kind_reads_right_in_both_hosts_and_agrees_with_the_accessibility_tree(engine, cell):
    kind_name, on = cell
    kind = KINDS[kind_name]

    async def body():
        context = await engine.browser.new_context()
        try:
            page, frame = await _open(context, kind, on)
            scan = [await read_in_scan_host(page, frame, i) for i in ("control", "neighbour")]
            tree = await accessibility_tree_state(page, kind, NAME)
            extension = [await read_in_extension_host(page, i) for i in ("control", "neighbour")]
            return scan, extension, tree
        finally:
            await context.close()

    scan, extension, (role, tree_state) = engine.run(body())
    assert scan == extension, "the two hosts read the same element differently"
    if kind.raw is None:
        # Nothing in the tree says on or off, so nothing is read: unknown, never a guess.
        assert tree_state is None
        assert all(isinstance(r, str) and "exposes no checked, pressed or selected state" in r for r in scan)
        return
    mine, neighbours = scan
    assert mine[1] == kind.raw[0 if on else 1]
    assert neighbours[1] == kind.raw[1 if on else 0], "the neighbour's opposite value leaked into the reading"
    # The reading says what a screen reader announces.
    assert str(tree_state).lower() == mine[1].lower(), f"the tree says {role} {tree_state}, the reader {mine}"


DISAGREEING = """<!doctype html><body>
<input type="checkbox" role="switch" id="stale" aria-label="Stale" aria-checked="false" checked>
<label><input type="checkbox" id="mixed"> Mixed</label>
<div role="switch" aria-checked="mixed" id="aria-mixed" aria-label="Half"></div>
<div id="plain" aria-label="Plain">On</div>
</body>"""


def test_sources_that_disagree_or_a_mixed_state_are_no_reading(engine):
    async def body():
        context = await engine.browser.new_context()
        try:
            page = await context.new_page()
            await page.set_content(DISAGREEING)
            await page.evaluate("document.getElementById('mixed').indeterminate = true")
            return {i: await read_in_scan_host(page, page, i) for i in ("stale", "mixed", "aria-mixed", "plain")}
        finally:
            await context.close()

    out = engine.run(body())
    assert out["stale"] == "error: the control's states disagree (checked true, aria-checked false)"
    # `mixed` is a raw value no catalogue maps to on or off: the control reads unknown.
    assert out["mixed"] == ["checked", "mixed"] and out["aria-mixed"] == ["aria-checked", "mixed"]
    assert out["plain"] == "error: the control (role none) exposes no checked, pressed or selected state"
