"""Grok in X: x.com/settings/grok_settings, a native checkbox inside a <label> (react-native-web)."""

from checker.results import Reason, Status

from ..harness import scan_replica

TRAINING_2026 = ("Allow your public data as well as your interactions, inputs, and results with Grok and xAI "
                 "to be used for training and fine-tuning")
TRAINING_2024 = ("Allow your posts as well as your interactions, inputs, and results with Grok "
                 "to be used for training and fine-tuning")


def test_on(engine):
    scan = scan_replica(engine, "grok-x", "on")
    control = scan.control("grok_training")
    assert (control.status, control.reason, control.drift) == (Status.on, None, [])
    # Read from the native checkbox's `checked` property, not from an ARIA attribute.
    assert (control.evidence[0].attribute, control.evidence[0].value) == ("checked", "true")
    assert control.evidence[0].url == "https://x.com/settings/grok_settings"


def test_off(engine):
    scan = scan_replica(engine, "grok-x", "off")
    control = scan.control("grok_training")
    assert (control.status, control.reason, control.drift) == (Status.off, None, [])
    assert control.evidence[0].candidate_rank == 0
    # The deep link landed on the page: both navigation clicks were skipped.
    assert [r.outcome for r in scan.log.records if r.kind == "click"] == ["skipped", "skipped"]


def test_signed_out(engine):
    scan = scan_replica(engine, "grok-x", "signed_out")
    control = scan.control("grok_training")
    assert (control.status, control.reason) == (Status.unknown, Reason.signed_out)
    assert "untrain login grok-x" in control.detail
    assert control.evidence == []


def test_drifted_2024_wording_is_read_and_reported(engine):
    scan = scan_replica(engine, "grok-x", "drifted")
    control = scan.control("grok_training")
    assert (control.status, control.reason) == (Status.off, None)
    assert [(d.expected_label, d.found_label) for d in control.drift] == [(TRAINING_2026, TRAINING_2024)]
    assert control.evidence[0].candidate_rank == 1


def test_documented_path_from_settings(engine):
    # QA mode: start at x.com/settings and click Privacy and safety → Grok & Third-party Collaborators.
    scan = scan_replica(engine, "grok-x", "on", follow_deep_links=False)
    assert scan.control("grok_training").status == Status.on
    clicked = [r.target for r in scan.log.records if r.kind == "click" and r.outcome == "found"]
    assert clicked == ["privacy_and_safety_tab", "grok_settings_row"]


def test_drifted_section_name_is_reported_on_the_documented_path(engine):
    # In 2024 the row was simply "Grok"; the walk still gets there and says what changed.
    scan = scan_replica(engine, "grok-x", "drifted", follow_deep_links=False)
    control = scan.control("grok_training")
    assert control.status == Status.off
    found = {(d.locator, d.expected_label, d.found_label) for d in scan.log.drift}
    assert ("grok_settings_row", "Grok & Third-party Collaborators", "Grok") in found
