"""Mistral: admin console → Vibe (formerly Le Chat) → Privacy → "Model training", formerly "Allow your
interactions to be used to train our models" (inferred markup: a Radix-style switch)."""

from checker.results import Status

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
    # The API's "Data usage for improving our services" switch is another page, never read as this one.
    assert [r.outcome for r in scan.log.records if r.kind == "click"] == ["skipped", "skipped"]


def test_drifted_nav_le_chat_is_followed_and_reported(engine):
    # Before the rebrand /vibe/privacy does not exist: the console falls back home, and the walk
    # clicks "Le Chat" (the old name) → Privacy, and reports the rename.
    scan = scan_replica(engine, "mistral", "drifted")
    control = scan.control("allow_training")
    assert (control.status, control.reason) == (Status.off, None)
    # The switch there has the help article's older label: read, and reported as drift too.
    assert [(d.locator, d.expected_label, d.found_label) for d in scan.log.drift] == [
        ("chat_nav_link", "Vibe", "Le Chat"),
        ("training_switch", "Model training", "Allow your interactions to be used to train our models")]
    assert [(d.expected_label, d.found_label) for d in control.drift] == [
        ("Model training", "Allow your interactions to be used to train our models")]
    assert control.evidence[0].url == "https://admin.mistral.ai/le-chat/privacy"


def test_documented_path_without_deep_link(engine):
    scan = scan_replica(engine, "mistral", "on", follow_deep_links=False)
    assert scan.control("allow_training").status == Status.on
    clicked = [r.target for r in scan.log.records if r.kind == "click" and r.outcome == "found"]
    assert clicked == ["chat_nav_link", "privacy_tab"]


def test_business_default_is_recorded():
    scenario = catalog()["mistral"].scenario
    assert "opted out of training by default" in scenario.business_default.text


def test_default_is_contested_with_both_dated_sides():
    # Fact check 2026-12 §A: Mistral's privacy docs (2026-08-11: Pro not trained by default) against
    # its voice-mode and memories pages (2026-08-21: Free, Pro and Student trained).
    scenario = catalog()["mistral"].scenario
    default = scenario.control("allow_training").default
    assert (default.value, default.confidence.value) == ("on", "contested")
    assert {"mistral-docs-2026", "mistral-pages-2026"} <= set(default.source)
    assert "2026-08-11" in default.note and "2026-08-21" in default.note
    assert [a.label for a in scenario.control("allow_training").aliases] == [
        "Allow your interactions to be used to train our models"]
