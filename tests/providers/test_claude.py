"""Claude: Settings → Privacy → "Help improve our AI models" (a button role=switch, aria-checked).

The replica's markup is inferred (tests/replicas/claude/README.md); the labels, the deep links and
the terms pop-up's texts are from the evidence file.
"""

import asyncio
import json
import time

import pytest

from checker.catalogue.catalog import Entry
from checker.catalogue.models import Scenario, SelectorFile
from checker.replicas import routing
from checker.replicas.site import ReplicaWorld
from checker.results import Reason, Status, exit_code_for
from checker.engine.runner import DEFAULT_TIMEOUT

from ..harness import catalog, scan_replica

DEEP_LINK = "https://claude.ai/settings/data-privacy-controls"


def test_on(engine):
    scan = scan_replica(engine, "claude", "on")
    control = scan.control("help_improve")
    assert (control.status, control.reason, control.drift) == (Status.on, None, [])
    assert (control.evidence[0].attribute, control.evidence[0].value) == ("aria-checked", "true")
    assert control.evidence[0].url == DEEP_LINK
    assert scan.result.status == Status.on
    assert exit_code_for([scan.result]) == 1


def test_off(engine):
    scan = scan_replica(engine, "claude", "off")
    control = scan.control("help_improve")
    assert (control.status, control.reason, control.drift) == (Status.off, None, [])
    assert control.evidence[0].value == "false" and control.evidence[0].candidate_rank == 0
    assert exit_code_for([scan.result]) == 0


def test_needs_login_is_signed_out_without_a_session(engine):
    scan = scan_replica(engine, "claude", "needs_login")
    control = scan.control("help_improve")
    assert (control.status, control.reason) == (Status.unknown, Reason.signed_out)


def test_needs_login_form_signs_in_and_returns_to_the_privacy_page(engine):
    # What `untrain login claude` relies on: the replica's form sets a session, then the page reads.
    world = ReplicaWorld.build({"claude": "needs_login"})

    async def sign_in():
        context = await engine.browser.new_context()
        try:
            await routing.install(context, world)
            page = await context.new_page()
            await page.goto(DEEP_LINK)
            assert page.url.startswith("https://claude.ai/login?returnTo=")
            await page.get_by_label("Email").fill("person@example.test")
            await page.get_by_role("button", name="Continue with email").click()
            switch = page.get_by_role("switch", name="Help improve our AI models")
            await switch.wait_for()
            return page.url, await switch.get_attribute("aria-checked")
        finally:
            await context.close()

    assert engine.run(sign_in()) == (DEEP_LINK, "false")
    assert world.sites["claude"].logins == ["claude"] and world.mutations == []


def test_drifted_label_is_read_and_reported(engine):
    scan = scan_replica(engine, "claude", "drifted")
    control = scan.control("help_improve")
    assert (control.status, control.reason) == (Status.off, None)
    assert [(d.expected_label, d.found_label) for d in control.drift] == [
        ("Help improve our AI models", "Help improve Claude")
    ]
    assert control.evidence[0].candidate_rank == 1


def test_terms_popup_is_pending_consent_and_never_answered(engine):
    # The privacy switch underneath reads off; a checker that ignored the pop-up would say `off`.
    scan = scan_replica(engine, "claude", "terms_pending")
    control = scan.control("help_improve")
    assert (control.status, control.reason) == (Status.unknown, Reason.pending_consent)
    assert "never accepts" in control.detail
    assert control.evidence == []
    assert exit_code_for([scan.result]) == 2
    # Not even "Not now" was clicked: no dismiss or click step ran, and the log is empty (harness).
    assert [r.outcome for r in scan.log.records if r.kind in ("click", "dismiss")] == ["failed"]


def test_terms_popup_hides_a_misleading_off_even_when_the_catalogue_does_not_list_it(engine):
    # With the pop-up marker removed, the same page once read `off` underneath. An unlisted modal
    # with an Accept choice is a stop sign of its own (settle.py): still pending_consent, titled.
    entry = _variant(detect={"signed_in": ["account_menu_button"], "signed_out": ["login_wall"],
                             "blocked": ["cloudflare_challenge"]})
    scan = scan_replica(engine, "claude", "terms_pending", entry=entry)
    control = scan.control("help_improve")
    assert (control.status, control.reason) == (Status.unknown, Reason.pending_consent)
    assert "Updates to Consumer Terms and Policies" in control.detail


def test_bot_check_is_blocked(engine):
    scan = scan_replica(engine, "claude", "bot_check")
    control = scan.control("help_improve")
    assert (control.status, control.reason) == (Status.unknown, Reason.blocked)
    assert "--headed" in control.detail


def test_slow_page_is_read_at_default_timeout(engine):
    started = time.monotonic()
    scan = scan_replica(engine, "claude", "slow", timeout=DEFAULT_TIMEOUT)
    control = scan.control("help_improve")
    assert (control.status, control.reason) == (Status.off, None)
    assert time.monotonic() - started >= 2.0  # it really waited for the late render


def test_documented_path_without_deep_link(engine):
    # QA mode starts at claude.ai and clicks account menu → Settings → Privacy.
    scan = scan_replica(engine, "claude", "on", follow_deep_links=False)
    control = scan.control("help_improve")
    assert (control.status, control.reason) == (Status.on, None)
    clicked = [r.target for r in scan.log.records if r.kind == "click" and r.outcome == "found"]
    assert clicked == ["account_menu_button", "settings_menu_item", "privacy_nav_link"]
    assert control.evidence[0].url == DEEP_LINK


def test_deep_link_skips_the_navigation(engine):
    scan = scan_replica(engine, "claude", "off")
    assert [r.outcome for r in scan.log.records if r.kind == "click"] == ["skipped"] * 3


def test_older_deep_link_shows_the_same_page(engine):
    # /settings/privacy (older docs) must land on the same switch.
    entry = _variant(deep_links=[{"url": "https://claude.ai/settings/privacy", "source": "evidence",
                                  "confidence": "documented"}])
    scan = scan_replica(engine, "claude", "on", entry=entry)
    control = scan.control("help_improve")
    assert (control.status, control.evidence[0].url) == (Status.on, "https://claude.ai/settings/privacy")


# --------------------------------------------------------------------------- read-only guard on the real pop-up


# The switch a scenario reads must not show before the click these tests are about: a walk goes
# straight to a step whose target already shows, and would never try the click.
READ_BEYOND_THE_CLICK = {"help_improve_switch": {
    "kind": "control", "candidates": [{"role": "switch", "name": "Shown only after the click"}]}}


def test_a_scenario_that_clicks_accept_is_refused(engine):
    # Without pending_consent detection, a scenario told to click "Accept" reaches the guard.
    accept = {"kind": "navigation", "candidates": [{"role": "button", "name": "Accept", "exact": True}]}
    entry = _variant(detect={"signed_out": ["login_wall"]},
                     steps=[{"goto": "deep_link"}, {"click": "terms_accept"}, {"read": "help_improve"}],
                     selectors={"terms_accept": accept, **READ_BEYOND_THE_CLICK})
    scan = scan_replica(engine, "claude", "terms_pending", entry=entry)
    control = scan.control("help_improve")
    assert (control.status, control.reason) == (Status.unknown, Reason.error)
    assert "refused to click 'terms_accept'" in control.detail and "Accept" in control.detail


def test_a_scenario_that_clicks_the_switch_is_refused(engine):
    sneaky = {"kind": "navigation", "candidates": [{"role": "switch", "name": "Help improve our AI models"}]}
    entry = _variant(steps=[{"goto": "deep_link"}, {"click": "sneaky"}, {"read": "help_improve"}],
                     selectors={"sneaky": sneaky, **READ_BEYOND_THE_CLICK})
    scan = scan_replica(engine, "claude", "on", entry=entry)
    control = scan.control("help_improve")
    assert (control.status, control.reason) == (Status.unknown, Reason.error)
    assert "refused to click 'sneaky'" in control.detail and "switch" in control.detail


# --------------------------------------------------------------------------- the replica's mutation log can fail


def test_mutation_log_sees_a_switch_flip(engine):
    world = ReplicaWorld.build({"claude": "off"})

    async def flip():
        context = await engine.browser.new_context()
        try:
            await routing.install(context, world)
            page = await context.new_page()
            await page.goto(DEEP_LINK)
            switch = page.get_by_role("switch", name="Help improve our AI models")
            await switch.click()
            await page.wait_for_function("document.getElementById('help-improve').ariaChecked === 'true'")
            return await _wait_for_mutations(world)
        finally:
            await context.close()

    mutations = engine.run(flip())
    assert [(m.method, m.url.split("claude.ai")[1], m.body) for m in mutations] == [
        ("PATCH", "/__replica__/settings", '{"training_allowed":true}')
    ]
    assert world.sites["claude"].settings["training_allowed"] is True


def test_the_harness_fails_a_scan_that_flips_the_switch(engine, monkeypatch):
    # Every scan test leans on scan_replica's empty-log check; with the guard switched off, a scan
    # told to click the switch must make that check fail, or the check proves nothing.
    from checker.engine import steps

    # Both of the guard's judgements (before the click and as it lands) live in guarded_click.
    monkeypatch.setattr(steps, "guarded_click", lambda locator, *args, **kwargs: locator.click())
    sneaky = {"kind": "navigation", "candidates": [{"role": "switch", "name": "Help improve our AI models"}]}
    entry = _variant(steps=[{"goto": "deep_link"}, {"click": "sneaky"}, {"read": "help_improve"}],
                     selectors={"sneaky": sneaky, **READ_BEYOND_THE_CLICK})
    with pytest.raises(AssertionError, match="the scan changed something"):
        scan_replica(engine, "claude", "on", entry=entry)


def test_new_account_screen_is_pending_consent_not_a_reading(engine):
    # The first-run screen's switch has the privacy switch's name and reads on, while the saved
    # setting is off: reading it as the setting would report a choice nobody has saved.
    scan = scan_replica(engine, "claude", "onboarding")
    control = scan.control("help_improve")
    assert (control.status, control.reason) == (Status.unknown, Reason.pending_consent)
    assert "Before your first chat" in control.detail and "never accepts" in control.detail
    assert control.evidence == []
    assert exit_code_for([scan.result]) == 2


def test_mutation_log_sees_continue_on_the_new_account_screen(engine):
    # So that the empty log after the scan above means something: "Continue" saves the screen's choice.
    world = ReplicaWorld.build({"claude": "onboarding"})

    async def continue_():
        context = await engine.browser.new_context()
        try:
            await routing.install(context, world)
            page = await context.new_page()
            await page.goto(DEEP_LINK)
            await page.get_by_role("button", name="Continue", exact=True).click()
            return await _wait_for_mutations(world)
        finally:
            await context.close()

    mutations = engine.run(continue_())
    assert [(m.method, m.url.split("claude.ai", 1)[1], json.loads(m.body)) for m in mutations] == [
        ("PATCH", "/api/oauth/account/settings", {"grove_enabled": True})]


@pytest.mark.parametrize("clicks, expected", [
    # Accepting as shown opts in: the pop-up's own toggle is on by default.
    (["Accept"], [("PATCH", "/api/oauth/account/settings", {"grove_enabled": True})]),
    # "Not now" is not harmless either: it records that the notice was seen.
    (["Not now"], [("PATCH", "/api/oauth/account/settings", {})]),
    (["You can help improve Claude", "Accept"], [("PATCH", "/__replica__/settings", {"terms_toggle": False}),
                                                 ("PATCH", "/api/oauth/account/settings", {"grove_enabled": False})]),
])
def test_mutation_log_sees_every_answer_to_the_terms_popup(engine, clicks, expected):
    world = ReplicaWorld.build({"claude": "terms_pending"})

    async def answer():
        context = await engine.browser.new_context()
        try:
            await routing.install(context, world)
            page = await context.new_page()
            await page.goto(DEEP_LINK)
            dialog = page.get_by_role("dialog", name="Updates to Consumer Terms and Policies")
            for name in clicks:
                await dialog.get_by_role("switch" if name.startswith("You can") else "button", name=name, exact=True).click()
            await dialog.wait_for(state="detached")
            return await _wait_for_mutations(world, len(expected))
        finally:
            await context.close()

    mutations = engine.run(answer())
    seen = [(m.method, m.url.split("claude.ai", 1)[1], json.loads(m.body)) for m in mutations]
    assert [(method, path) for method, path, _ in seen] == [(method, path) for method, path, _ in expected]
    for (_, _, body), (_, _, wanted) in zip(seen, expected):
        assert wanted.items() <= body.items()
    assert all("grove_notice_viewed_at" in body for _, path, body in seen if path.startswith("/api/"))
    if clicks == ["Not now"]:
        assert "grove_enabled" not in seen[0][2]  # deferring makes no training choice


# --------------------------------------------------------------------------- helpers


async def _wait_for_mutations(world, count: int = 1, seconds: float = 3.0):
    deadline = time.monotonic() + seconds
    while len(world.mutations) < count and time.monotonic() < deadline:
        await asyncio.sleep(0.05)
    return list(world.mutations)


def _variant(selectors: dict | None = None, **scenario_changes) -> Entry:
    """The catalogue's Claude entry with some fields replaced (validated again, as the loader would)."""
    base = catalog()["claude"]
    scenario = Scenario.model_validate({**base.scenario.model_dump(mode="json", exclude_none=True), **scenario_changes})
    sel = base.selectors.model_dump(mode="json", exclude_none=True)
    sel["selectors"].update(selectors or {})
    return Entry(scenario, SelectorFile.model_validate(sel), base.scenario_file, base.selectors_file)
