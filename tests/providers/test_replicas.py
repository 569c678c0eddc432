"""Every replica, across providers: the states it must have, and that its drifted page still shows
the person's real setting.

Each provider's own spec reads its `drifted` state, which is `off` everywhere. Alone, that cannot
tell a correct reading of a drifted page from one that says `off` whatever the page shows (a
replica whose drifted branch ignores the setting, a reading that maps the older UI's value wrongly,
a reader that gives up on a lower-ranked candidate). So each replica also has `drifted_on`: the same
drifted page with training on, which must read `on`, and report the same drift.

Every replica is also in `untrain scan --demo`, which serves them all in one context, where two
replicas may share a host.
"""

from __future__ import annotations

import pytest

from checker.engine.browser import Session
from checker.replicas.demo import DEMO_STATES, demo_world
from checker.catalogue.models import Kind
from checker.replicas import routing
from checker.replicas.site import ReplicaWorld, available_providers, load_manifest
from checker.results import Status
from checker.engine.runner import ScanOptions, scan

from ..harness import TEST_TIMEOUT, catalog, scan_replica

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
                   for d in [*scan.log.drift, *(d for c in scan.result.controls for d in c.drift)]})


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


def test_every_replica_is_in_the_demo_with_a_state_it_has():
    # `untrain scan --demo` serves each replica in the state DEMO_STATES names; a replica left out
    # would show only its default state, and a misspelt state would stop the whole demo.
    assert set(DEMO_STATES) == set(available_providers())
    for provider, state in DEMO_STATES.items():
        assert state in load_manifest(provider).states, f"{provider}: the demo names no state {state!r}"


def test_two_replicas_on_one_host_each_serve_their_own_page_and_log_their_own_writes():
    # myactivity.google.com holds both Gemini's activity page and Activity controls: in one world
    # (the demo, the extension's all-replica server) each page must come from its own replica, and
    # a write from a page must reach the replica that served it.
    world = ReplicaWorld.build({"gemini": "on", "google-web-activity": "off"})
    for url, provider in (("https://myactivity.google.com/product/gemini", "gemini"),
                          ("https://myactivity.google.com/activitycontrols", "google-web-activity")):
        page = world.handle("GET", url, {}, None)
        assert page.status == 200 and f'"provider": "{provider}"' in page.body.decode(), url
    world.handle("PATCH", "https://myactivity.google.com/__replica__/settings",
                 {"Referer": "https://myactivity.google.com/activitycontrols"}, b'{"web_app_activity": true}')
    assert [m.provider for m in world.mutations] == ["google-web-activity"]
    assert world.sites["google-web-activity"].settings["web_app_activity"] is True
    assert world.sites["gemini"].settings == {"keep_activity": True, "audio": False}


def test_the_demo_reads_the_new_pages_in_one_shared_context(engine):
    # The demo serves every replica in one context: Gemini and Web & App Activity share their host,
    # and each page must still be read from its own replica, in the state DEMO_STATES names.
    ids = ["gemini", "google-web-activity", "linkedin", "deepseek", "instagram"]
    world = demo_world(ids)

    async def prepare(context):
        await routing.install(context, world)

    results = engine.run(scan([catalog()[p] for p in ids], Session(browser=engine.browser, prepare=prepare),
                              ScanOptions(timeout=TEST_TIMEOUT)))
    assert [(r.id, r.status) for r in results] == [
        ("gemini", Status.on), ("google-web-activity", Status.off), ("linkedin", Status.on),
        ("deepseek", Status.on), ("instagram", Status.off)]
    assert world.mutations == []


def test_a_second_tree_of_replicas_without_helpers_of_its_own_gets_the_bundled_ones(tmp_path):
    # tests/blind_replicas brings no _shared/ folder: its pages still load replica.js, or a flip
    # would never reach the mutation log.
    (tmp_path / "example").mkdir()
    (tmp_path / "example" / "replica.yaml").write_text(
        "provider: example\nhosts: [example.com]\nroutes: [{path: '/*', file: app.html}]\n"
        "states: {'on': {settings: {training: true}}}\n")
    world = ReplicaWorld.build({"example": "on"}, root=tmp_path)
    answer = world.sites["example"].handle("GET", "https://example.com/__replica__/shared/replica.js", {}, None)
    assert answer.status == 200 and b"save(patch)" in answer.body
