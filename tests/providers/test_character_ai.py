"""Character.ai: Settings → Account → Manage Account & Data → "Model Improvement", a native checkbox
with role=switch and no aria-checked (inferred UI kind; see the replica's README). The switch exists
only in the EEA and UK: elsewhere the entry is `not_applicable` when the page says so, and a
missing switch with no such sign stays `unknown`, never `off`. Every scan here also proves, through
the harness, that the mutation log stayed empty."""

from checker.results import ExitCode, Reason, Status, exit_code_for

from ..harness import scan_replica

PATH = ["profile_menu_button", "settings_link", "account_tab", "manage_account_data_button"]


def _pair(control):
    return control.status, control.reason


def _clicked(scan):
    return [r.target for r in scan.log.records if r.kind == "click" and r.outcome == "found"]


def test_on(engine):
    scan = scan_replica(engine, "character-ai", "on")
    control = scan.control("model_improvement")
    assert _pair(control) == (Status.on, None)
    # A native box with role=switch has no aria-checked: its `checked` property is what is read.
    assert (control.evidence[0].attribute, control.evidence[0].value, control.evidence[0].candidate_rank) == (
        "checked", "true", 0)
    assert _clicked(scan) == PATH
    assert exit_code_for([scan.result]) == ExitCode.ON


def test_off(engine):
    scan = scan_replica(engine, "character-ai", "off")
    control = scan.control("model_improvement")
    assert _pair(control) == (Status.off, None)
    assert (control.evidence[0].attribute, control.evidence[0].value) == ("checked", "false")
    assert control.drift == [] and scan.log.drift == []
    assert exit_code_for([scan.result]) == ExitCode.OK


def test_drifted_reworded_label_is_read_and_reported(engine):
    scan = scan_replica(engine, "character-ai", "drifted")
    control = scan.control("model_improvement")
    assert _pair(control) == (Status.off, None)
    assert [(d.expected_label, d.found_label) for d in control.drift] == [
        ("Model Improvement", "Model Improvement and Training")]


def test_drifted_on_is_read_on(engine):
    scan = scan_replica(engine, "character-ai", "drifted_on")
    control = scan.control("model_improvement")
    assert _pair(control) == (Status.on, None)
    assert [d.found_label for d in control.drift] == ["Model Improvement and Training"]
    assert exit_code_for([scan.result]) == ExitCode.ON


def test_outside_the_eea_and_uk_is_not_applicable_with_the_reason(engine):
    scan = scan_replica(engine, "character-ai", "outside_eea")
    control = scan.control("model_improvement")
    assert (scan.result.status, scan.result.reason) == (Status.not_applicable, None)
    assert _pair(control) == (Status.not_applicable, None)
    assert "only there" in control.detail and "EEA and UK" in control.detail
    assert exit_code_for([scan.result]) == ExitCode.OK


def test_a_missing_switch_without_the_region_sign_stays_unknown_never_off(engine):
    # Absence alone proves nothing: the page may have changed. Unknown, with the region note.
    scan = scan_replica(engine, "character-ai", "outside_eea_silent", timeout=2.0)
    control = scan.control("model_improvement")
    assert _pair(control) == (Status.unknown, Reason.path_missing)
    assert "only in the EEA and UK" in control.detail and "never reported as off" in control.detail
    assert exit_code_for([scan.result]) == ExitCode.UNVERIFIED


def test_the_inferred_menu_step_is_skipped_when_settings_is_in_view(engine):
    # The profile menu is not in the source: it must not be the only way to Settings.
    scan = scan_replica(engine, "character-ai", "sidebar_settings")
    assert _pair(scan.control("model_improvement")) == (Status.off, None)
    menu = next(r for r in scan.log.records if r.target == "profile_menu_button")
    assert menu.outcome == "skipped"
    # The sidebar's "Settings" is a link, the second candidate: clicked, and noted as drift.
    assert [(r.target, r.outcome) for r in scan.log.records if r.kind == "click"] == [
        ("profile_menu_button", "skipped"), ("settings_link", "drift"),
        ("account_tab", "found"), ("manage_account_data_button", "found")]
