"""DeepSeek: your name (bottom left) → Settings → Data → "Improve the model for everyone" (inferred
markup: a switch with aria-checked). No deep link is known, so the scan clicks the documented path."""

from checker.results import ExitCode, Status, exit_code_for

from ..harness import scan_replica

PATH = ["name_menu_button", "settings_menu_item", "data_tab"]


def _read(scan):
    assert [c.id for c in scan.result.controls] == ["improve_model"]
    return scan.control("improve_model")


def _clicked(scan):
    return [r.target for r in scan.log.records if r.kind == "click" and r.outcome == "found"]


def test_on_is_reached_by_the_documented_clicks(engine):
    scan = scan_replica(engine, "deepseek", "on")
    control = _read(scan)
    assert (control.status, control.reason, control.drift) == (Status.on, None, [])
    evidence = control.evidence[0]
    assert (evidence.attribute, evidence.value, evidence.candidate_rank) == ("aria-checked", "true", 0)
    assert _clicked(scan) == PATH
    assert exit_code_for([scan.result]) == ExitCode.ON


def test_shortened_label_is_read_and_reported(engine):
    control = _read(scan_replica(engine, "deepseek", "drifted"))
    assert (control.status, control.reason) == (Status.off, None)
    assert [(d.expected_label, d.found_label, d.candidate_rank) for d in control.drift] == [
        ("Improve the model for everyone", "Improve the model", 1)]


def test_shortened_label_still_shows_the_real_setting(engine):
    control = _read(scan_replica(engine, "deepseek", "drifted_on"))
    assert (control.status, control.reason) == (Status.on, None)
    assert (control.evidence[0].attribute, control.evidence[0].value) == ("aria-checked", "true")
