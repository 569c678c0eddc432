"""Every replica, across providers: the states it must have, and that its drifted page still shows
the person's real setting.

Each provider's own spec reads its `drifted` state, which is `off` everywhere. Alone, that cannot
tell a correct reading of a drifted page from one that says `off` whatever the page shows (a
replica whose drifted branch ignores the setting, a reading that maps the older UI's value wrongly,
a reader that gives up on a lower-ranked candidate). So each replica also has `drifted_on`: the same
drifted page with training on, which must read `on`, and report the same drift.
"""

from __future__ import annotations

import pytest

from checker.models import Kind
from checker.replicas.site import available_providers, load_manifest
from checker.results import Status

from ..harness import catalog, scan_replica

REQUIRED_STATES = {"on", "off", "signed_out", "drifted", "drifted_on"}
PAGE_PROVIDERS = sorted(pid for pid, e in catalog().entries.items() if e.scenario.kind == Kind.page)


def test_every_page_scenario_has_a_replica_with_the_required_states():
    # The QA suite parametrizes over "page scenarios that have a replica": a provider without one
    # would drop out of it silently. Here it fails instead.
    assert PAGE_PROVIDERS, "no page scenario in the catalogue"
    assert set(PAGE_PROVIDERS) <= set(available_providers())
    for provider in PAGE_PROVIDERS:
        states = set(load_manifest(provider).states)
        assert REQUIRED_STATES <= states, f"{provider}: missing states {sorted(REQUIRED_STATES - states)}"


def _drift(scan):
    return sorted({(d.locator, d.expected_label, d.found_label)
                   for d in [*scan.walk.drift, *(d for c in scan.result.controls for d in c.drift)]})


@pytest.mark.parametrize("provider", PAGE_PROVIDERS)
def test_a_drifted_page_is_read_on_when_training_is_on(engine, provider):
    off = scan_replica(engine, provider, "drifted")
    on = scan_replica(engine, provider, "drifted_on")
    training = [c.id for c in on.result.controls if c.counted]
    assert training, f"{provider}: no training control was read"
    assert [(c, off.control(c).status) for c in training] == [(c, Status.off) for c in training]
    assert [(c, on.control(c).status, on.control(c).reason) for c in training] == [
        (c, Status.on, None) for c in training], [on.control(c).detail for c in training]
    assert on.result.status == Status.on
    # The drift is a property of the page, not of the setting: both readings report the same.
    assert _drift(off) and _drift(on) == _drift(off)
