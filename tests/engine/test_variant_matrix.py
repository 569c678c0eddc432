"""The variant matrix, in the scan's host: one scenario and one selector (a switch named "Improve the
model for everyone") against the same setting drawn in every common UI kind, on and off, beside a
neighbour holding the opposite value. The page is test_read_by_meaning's.

A kind the engine reads must read right; a kind it cannot read yet must read unknown, never a value.
The second list is issue 12's open part (a select, a menu button named by its value, a same-origin
iframe): it may only shrink.
"""

from __future__ import annotations

import pytest

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
