"""Mistral: admin console → Vibe (formerly Le Chat) → Privacy → "Allow your interactions to be used to
train our models" (inferred markup: a Radix-style switch)."""

from checker.results import Reason, Status

from ..harness import catalog, scan_replica


def test_on(engine):
    scan = scan_replica(engine, "mistral", "on")
    control = scan.control("allow_training")
    assert (control.status, control.reason, control.drift) == (Status.on, None, [])
    assert (control.evidence[0].attribute, control.evidence[0].value) == ("aria-checked", "true")
    assert control.evidence[0].url == "https://admin.mistral.ai/vibe/privacy"


def test_off(engine):
    scan = scan_replica(engine, "mistral", "off")
    control = scan.control("allow_training")
    assert (control.status, control.reason, control.drift) == (Status.off, None, [])
    # The API's "Anonymous improvement data" switch is another page and is never read as this one.
    assert [r.outcome for r in scan.walk.records if r.kind == "click"] == ["skipped", "skipped"]


def test_signed_out(engine):
    scan = scan_replica(engine, "mistral", "signed_out")
    control = scan.control("allow_training")
    assert (control.status, control.reason) == (Status.unknown, Reason.signed_out)
    assert "untrain login mistral" in control.detail


def test_drifted_nav_le_chat_is_followed_and_reported(engine):
    # Before the rebrand /vibe/privacy does not exist: the console falls back home, and the walk
    # clicks "Le Chat" (the old name) → Privacy, and reports the rename.
    scan = scan_replica(engine, "mistral", "drifted")
    control = scan.control("allow_training")
    assert (control.status, control.reason) == (Status.off, None)
    assert [(d.locator, d.expected_label, d.found_label) for d in scan.walk.drift] == [
        ("chat_nav_link", "Vibe", "Le Chat")]
    assert control.evidence[0].url == "https://admin.mistral.ai/le-chat/privacy"


def test_documented_path_without_deep_link(engine):
    scan = scan_replica(engine, "mistral", "on", follow_deep_links=False)
    assert scan.control("allow_training").status == Status.on
    clicked = [r.target for r in scan.walk.records if r.kind == "click" and r.outcome == "found"]
    assert clicked == ["chat_nav_link", "privacy_tab"]


def test_business_default_is_recorded():
    scenario = catalog()["mistral"].scenario
    assert "opted out of training by default" in scenario.business_default.text
