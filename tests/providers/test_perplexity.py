"""Perplexity: profile → All settings → Preferences → "AI data retention" (inferred markup: a checkbox
with role=switch). No deep link is verified, so the scan always clicks the documented path."""

import pytest

from checker.replicas.site import ReplicaWorld
from checker.replicas import routing
from checker.results import Status

from ..harness import catalog, scan_replica

PATH = ["profile_button", "all_settings_item", "preferences_link"]


def _clicked(scan):
    return [r.target for r in scan.log.records if r.kind == "click" and r.outcome == "found"]


def test_on(engine):
    scan = scan_replica(engine, "perplexity", "on")
    control = scan.control("ai_data_retention")
    assert (control.status, control.reason, control.drift) == (Status.on, None, [])
    assert (control.evidence[0].attribute, control.evidence[0].value) == ("checked", "true")
    # Reached by clicking, not by a guessed URL.
    assert _clicked(scan) == PATH
    assert control.evidence[0].url == "https://www.perplexity.ai/account/preferences"


def test_drifted_faq_label_is_read_and_reported(engine):
    scan = scan_replica(engine, "perplexity", "drifted")
    control = scan.control("ai_data_retention")
    assert (control.status, control.reason) == (Status.off, None)
    assert [(d.expected_label, d.found_label) for d in control.drift] == [("AI data retention", "AI Data Usage")]


@pytest.mark.parametrize("state, status", [("moved", Status.off), ("moved_on", Status.on)])
def test_the_2024_layout_is_read_where_its_switch_is(engine, state, status):
    # The toggle sits on the Account page (2024 layout), which "All settings" opens: the walk goes
    # straight to it instead of looking for it under Preferences, and reads the real value.
    scan = scan_replica(engine, "perplexity", state)
    control = scan.control("ai_data_retention")
    assert (control.status, control.reason) == (status, None)
    assert control.evidence[0].url == "https://www.perplexity.ai/account/details"
    assert _clicked(scan) == PATH[:2]
    assert [(r.target, r.outcome) for r in scan.log.records if r.kind == "click"][-1] == ("preferences_link", "skipped")


def test_deep_links_are_marked_inferred():
    scenario = catalog()["perplexity"].scenario
    preferences = [d for d in scenario.deep_links if d.url.endswith("/preferences")]
    assert [d.confidence.value for d in preferences] == ["inferred", "inferred"]
    assert scenario.steps[0].goto == "start"


@pytest.mark.parametrize("url", [
    "https://www.perplexity.ai/account/preferences",
    "https://www.perplexity.ai/settings/preferences",
])
def test_replica_serves_both_inferred_deep_links(engine, url):
    # Neither route is verified, so the replica answers both and each shows the same toggle.
    world = ReplicaWorld.build({"perplexity": "off"})

    async def read():
        context = await engine.browser.new_context()
        try:
            await routing.install(context, world)
            page = await context.new_page()
            await page.goto(url)
            switch = page.get_by_role("switch", name="AI data retention")
            return await switch.count(), await switch.is_checked()
        finally:
            await context.close()

    assert engine.run(read()) == (1, False)
    assert world.mutations == []
