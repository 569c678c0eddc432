"""An `off` is not "safe" while a training-like switch the catalogue does not know is on beside it
(extension/lib/neighbours.js, run by both hosts). The case that asked for it: Alexa's 2019 "Use
Messages to Improve Transcriptions", a second switch per person, which no shared source lists. A
scan that read only "Help improve Alexa" said off while transcriptions still trained.

Each page holds the catalogue's switch, off, and one other switch. The reading stays off unless the
other one is on, looks like a training switch by its name or its group's, sits on the same panel,
and is not a control of the catalogue's own.
"""

from __future__ import annotations

import pytest

from checker.catalogue.models import Candidate
from checker.engine.locators import Found
from checker.engine.steps import Walk
from checker.results import Reason, Status

from .fixture_harness import control, run_fixture, scenario, selectors

KNOWN = '<button role="switch" aria-checked="false" aria-label="Use my data for training"></button>'
SWITCH = {"kind": "control", "candidates": [{"role": "switch", "name": "Use my data for training", "exact": True}]}
OTHER_KNOWN = {"kind": "control", "candidates": [{"role": "switch", "name": "Help improve voice", "exact": True}]}


def page(beside: str, *, outside: str = "") -> str:
    return f"<main><h1>Privacy</h1>{KNOWN}{beside}</main>{outside}"


def other(name: str, on: bool) -> str:
    return f'<button role="switch" aria-checked="{str(on).lower()}" aria-label="{name}"></button>'


# Alexa's markup (tests/blind_replicas/alexa): a native box named by the person, in a group that
# carries the setting's name.
PER_PERSON = """<div role="group" aria-labelledby="h"><h3 id="h">Use messages to improve transcriptions</h3>
  <label><input type="checkbox" {checked}> Jane Doe</label></div>"""


def read(engine, html: str, **more):
    sc = scenario([{"read": "training"}], [control()] + [control(locator="voice", cid="voice")] * bool(more))
    result, mutations, _ = run_fixture(engine, html, sc, selectors(toggle=SWITCH, **more))
    assert mutations == []
    return result.controls[0]


@pytest.mark.parametrize("html", [
    page(other("Help improve our voice models", True)),
    page(PER_PERSON.format(checked="checked")),
    page('<label><input type="checkbox" checked> Train on my uploads</label>'),
    # A box whose state cannot be told is not vouched for either.
    page('<button role="switch" aria-checked="mixed" aria-label="Improve transcriptions"></button>'),
], ids=["named-switch", "group-named-box", "native-box", "mixed"])
def test_an_unlisted_training_switch_that_is_on_leaves_the_reading_unknown(engine, html):
    reading = read(engine, html)
    assert (reading.status, reading.reason) == (Status.unknown, Reason.ambiguous), reading.detail
    assert "not in Untrain's catalogue" in reading.detail
    assert "Jane Doe" not in reading.detail  # the group's words name it, not the person


@pytest.mark.parametrize("html", [
    page(other("Help improve our voice models", False)),
    page(PER_PERSON.format(checked="")),
    page(other("Share usage data", True)),  # on, but nothing says training
    page("", outside=f'<aside>{other("Help improve our voice models", True)}</aside>'),  # another panel
    page(f'<div hidden>{other("Help improve our voice models", True)}</div>'),  # not shown
], ids=["training-like-off", "group-named-off", "not-training-like", "other-panel", "hidden"])
def test_off_stays_off_when_nothing_beside_it_looks_like_training_and_is_on(engine, html):
    reading = read(engine, html)
    assert (reading.status, reading.reason) == (Status.off, None), reading.detail


def test_a_switch_the_catalogue_reads_elsewhere_is_not_unlisted(engine):
    # A second control of the scenario's own, on (it gets its own reading): not a stranger.
    reading = read(engine, page(other("Help improve voice", True)), voice=OTHER_KNOWN)
    assert (reading.status, reading.reason) == (Status.off, None), reading.detail


def test_an_on_reading_is_unchanged(engine):
    html = page(other("Help improve our voice models", True)).replace('aria-checked="false"', 'aria-checked="true"', 1)
    reading = read(engine, html)
    assert (reading.status, reading.reason) == (Status.on, None), reading.detail


def test_a_control_gone_before_the_look_beside_it_is_an_error_not_a_verdict(engine):
    # Between the hold and the look beside it the page took the control away: nothing was compared,
    # so the reading is an error (it said "ambiguous" first, as if two answers had been seen).
    async def look():
        context = await engine.browser.new_context()
        try:
            tab = await context.new_page()
            await tab.set_content("<main><h1>Privacy</h1></main>")
            tab.set_default_timeout(200)
            walk = Walk(tab, scenario([{"read": "training"}], [control()]), selectors(toggle=SWITCH), timeout=1.0)
            gone = Found("toggle", tab.get_by_role("switch"), 0, Candidate.model_validate(SWITCH["candidates"][0]))
            return await walk.unlisted_beside(gone)
        finally:
            await context.close()

    reason, detail = engine.run(look())
    assert reason == Reason.error and "the page changed before" in detail
