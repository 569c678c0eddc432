"""LinkedIn: "Data for Generative AI Improvement", a native checkbox with role=switch and no
aria-checked (Brave PSST's selector), read on its own page through the deep link."""

from checker.results import ExitCode, Reason, Status, exit_code_for

from ..harness import scan_replica

DEEP_LINK = "https://linkedin.com/mypreferences/d/settings/data-for-ai-improvement"


def _read(scan):
    control = scan.control("data_for_ai_improvement")
    assert [c.id for c in scan.result.controls] == ["data_for_ai_improvement"]
    return control


def test_on_is_read_from_the_native_checked_property(engine):
    scan = scan_replica(engine, "linkedin", "on")
    control = _read(scan)
    assert (control.status, control.reason, control.drift) == (Status.on, None, [])
    # No aria-checked on the real switch: the state comes from `checked`, by the first candidate.
    evidence = control.evidence[0]
    assert (evidence.attribute, evidence.value, evidence.candidate_rank) == ("checked", "true", 0)
    assert evidence.url == DEEP_LINK
    assert exit_code_for([scan.result]) == ExitCode.ON


def test_reworded_label_is_found_by_psst_selector_and_reported(engine):
    control = _read(scan_replica(engine, "linkedin", "drifted"))
    assert (control.status, control.reason) == (Status.off, None)
    assert [(d.expected_label, d.found_label, d.candidate_rank) for d in control.drift] == [
        ("Data for Generative AI Improvement", "Data for AI improvement", 1)]


def test_reworded_label_still_shows_the_real_setting(engine):
    control = _read(scan_replica(engine, "linkedin", "drifted_on"))
    assert (control.status, control.reason) == (Status.on, None)
    assert [d.candidate_rank for d in control.drift] == [1]


def test_member_under_18_without_the_switch_is_unknown_never_off(engine):
    scan = scan_replica(engine, "linkedin", "under_18", timeout=2.0)
    control = _read(scan)
    assert (control.status, control.reason) == (Status.unknown, Reason.path_missing)
    assert "Data for Generative AI Improvement" in control.detail  # what was looked for
    assert "under 18" in control.detail and "never reported as off" in control.detail
    assert control.evidence == []
    assert exit_code_for([scan.result]) == ExitCode.UNVERIFIED
