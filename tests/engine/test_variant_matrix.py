"""The variant matrix, in both hosts: one scenario and one selector (a switch named "Improve the
model for everyone") against the same setting drawn in every common UI kind, on and off, beside a
neighbour holding the opposite value. The page is test_read_by_meaning's. The scan walks it with
its engine; the extension's content-script files find the control and read it in the page.

A kind the engine reads must read right; a kind it cannot read yet must read unknown, never a value.
The second list is issue 12's open part (a select, a menu button named by its value, a same-origin
iframe): it may only shrink.
"""

from __future__ import annotations

import pytest

from checker.extension_host.extension_build import EXTENSION_DIR
from checker.results import Status

from .fixture_harness import control, run_fixture, scenario, selectors
from .test_read_by_meaning import KINDS, NAME, page_for

SWITCH = {"kind": "control", "candidates": [{"role": "switch", "name": NAME, "exact": True}]}

READ_RIGHT = {
    "native checkbox in a label",
    "native checkbox with role=switch",
    "button role=switch with aria-checked",
    "toggle button with aria-pressed",
    "menuitemcheckbox in a menu",
    "switch in an open shadow root",
}
NOT_READ_YET = set(KINDS) - READ_RIGHT

CELLS = [(kind, on) for kind in KINDS for on in (True, False)]


@pytest.mark.parametrize("kind, on", CELLS, ids=[f"{k}, {'on' if on else 'off'}" for k, on in CELLS])
def test_one_selector_reads_the_setting_in_every_ui_kind(engine, kind, on):
    sc = scenario([{"read": "training"}], [control(reader=None)])
    result, mutations, _ = run_fixture(engine, page_for(KINDS[kind], on), sc, selectors(toggle=SWITCH))
    reading = result.controls[0]
    assert mutations == []
    if kind in READ_RIGHT:
        assert (reading.status, reading.reason) == (Status.on if on else Status.off, None), reading.detail
    else:
        assert reading.status == Status.unknown, f"{kind} must read unknown until it is supported"


# The content script's own files, in the manifest's order: find the selector, read what it found.
EXTENSION_FIND_AND_READ = """provider => {
  const result = UntrainLocate.find(provider, 'toggle');
  if (!result) return 'not found';
  if (result.ambiguous) return 'ambiguous';
  try { return UntrainRead.read(result.found.el, 'state')[1]; } catch (e) { return 'error: ' + e.message; }
}"""


@pytest.mark.parametrize("kind, on", CELLS, ids=[f"{k}, {'on' if on else 'off'}" for k, on in CELLS])
def test_the_extension_reads_the_same_cells_as_the_scan(engine, kind, on):
    async def body():
        context = await engine.browser.new_context()
        try:
            page = await context.new_page()
            await page.set_content(page_for(KINDS[kind], on))
            for module in ("aria.js", "read_state.js", "locate.js"):
                await page.add_script_tag(path=str(EXTENSION_DIR / "lib" / module))
            provider = {"selectors": {"toggle": SWITCH}, "controls": [{"id": "training", "readings": [{"locator": "toggle"}]}]}
            return await page.evaluate(EXTENSION_FIND_AND_READ, provider)
        finally:
            await context.close()

    value = engine.run(body())
    if kind in READ_RIGHT:
        assert value == ("true" if on else "false"), value
    else:
        # Not read yet in either host: no value at all, so the reading is unknown, never a guess.
        assert value in ("not found", "ambiguous") or value.startswith("error: "), value
