"""Grok (grok.com): settings overlay (?_s=data) → Data Controls → "Improve the Model" (Radix-style switch)."""

from checker.results import Status

from ..harness import catalog, scan_replica


def test_on(engine):
    scan = scan_replica(engine, "grok", "on")
    control = scan.control("improve_model")
    assert (control.status, control.reason, control.drift) == (Status.on, None, [])
    assert (control.evidence[0].attribute, control.evidence[0].value) == ("aria-checked", "true")
    # The deep link opened the overlay on the right tab: every navigation click was skipped.
    assert [r.outcome for r in scan.log.records if r.kind == "click"] == ["skipped"] * 3


def test_drifted_moved_tab_is_read_and_reported(engine):
    # The deep link lands on the first tab; the walk clicks the renamed "Data" tab and says so.
    scan = scan_replica(engine, "grok", "drifted")
    control = scan.control("improve_model")
    assert (control.status, control.reason) == (Status.off, None)
    # A navigation drift: QA (`untrain paths`) reports it from the walk; the control's own locator matched first-rank.
    assert [(d.locator, d.expected_label, d.found_label) for d in scan.log.drift] == [
        ("data_controls_tab", "Data Controls", "Data")]
    assert control.evidence[0].candidate_rank == 0
    clicked = [r.target for r in scan.log.records if r.kind == "click" and r.outcome != "skipped"]
    assert clicked == ["data_controls_tab"]
    # ...and the scan report carries it at the provider level, where a person sees it.
    assert [(d.expected_label, d.found_label) for d in scan.result.drift] == [("Data Controls", "Data")]


def test_documented_path_without_deep_link(engine):
    scan = scan_replica(engine, "grok", "off", follow_deep_links=False)
    assert scan.control("improve_model").status == Status.off
    clicked = [r.target for r in scan.log.records if r.kind == "click" and r.outcome == "found"]
    assert clicked == ["profile_button", "settings_menu_item", "data_controls_tab"]


def test_default_varies_by_region():
    default = catalog()["grok"].scenario.control("improve_model").default
    assert default.value == "varies" and "EEA" in default.note
