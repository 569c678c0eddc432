"""Each state reader on its own UI kind: Radix switch, native checkbox, select, state text."""

import pytest

from checker.results import Status

from .fixture_harness import control, run_fixture, scenario, selectors


@pytest.mark.parametrize("candidate, reader, allowed, disabled, expected", [
    ({"role": "switch", "name": "Aria switch"}, "aria_checked", ["true"], ["false"], Status.on),
    ({"label": "Native checkbox"}, "checked", ["true"], ["false"], Status.on),
    ({"role": "combobox", "name": "Dropdown"}, "selected_option", ["Enabled"], ["Disabled"], Status.off),
    ({"role": "button", "name": "Row with state"}, "state_text", ["On"], ["Off"], Status.off),
    # Named by what a click would do: "Turn off" (its ▾ hidden from the name) means it is on.
    ({"role": "button", "name": "Turn off", "exact": True}, "action_name", ["Turn off"], ["Turn on"], Status.on),
])
def test_reader(engine, candidate, reader, allowed, disabled, expected):
    sel = selectors(toggle={"kind": "control", "candidates": [candidate]})
    sc = scenario([{"read": "training"}], [control(reader=reader, allowed=allowed, disabled=disabled)])
    result, mutations, _ = run_fixture(engine, "readers.html", sc, sel)
    assert result.controls[0].status == expected, result.controls[0].detail
    assert result.controls[0].evidence[0].value in allowed + disabled
    assert mutations == []


def test_checked_reader_refuses_a_non_checkbox(engine):
    sel = selectors(toggle={"kind": "control", "candidates": [{"role": "switch", "name": "Aria switch"}]})
    sc = scenario([{"read": "training"}], [control(reader="checked")])
    result, _, _ = run_fixture(engine, "readers.html", sc, sel)
    assert result.controls[0].status == Status.unknown
    assert "not a native checkbox" in result.controls[0].detail
