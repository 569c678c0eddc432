"""Instagram: Profile → Menu → Sharing and reuse → "Allow people to reuse your content on Instagram
and with AI features at Meta" (inferred markup: a switch with aria-checked). No settings URL is
known, so the scan clicks the documented path."""

from checker.results import ExitCode, Reason, Status, exit_code_for

from ..harness import scan_replica

LABEL = "Allow people to reuse your content on Instagram and with AI features at Meta"
PATH = ["profile_link", "menu_button", "sharing_and_reuse_item"]


def _read(scan):
    assert [c.id for c in scan.result.controls] == ["reuse_with_ai"]
    return scan.control("reuse_with_ai")


def _clicked(scan):
    return [r.target for r in scan.log.records if r.kind == "click" and r.outcome == "found"]


def test_on_is_reached_by_the_documented_clicks(engine):
    scan = scan_replica(engine, "instagram", "on")
    control = _read(scan)
    assert (control.status, control.reason, control.drift) == (Status.on, None, [])
    evidence = control.evidence[0]
    assert (evidence.attribute, evidence.value, evidence.candidate_rank) == ("aria-checked", "true", 0)
    assert _clicked(scan) == PATH
    assert exit_code_for([scan.result]) == ExitCode.ON


def test_reworded_label_is_read_and_reported(engine):
    control = _read(scan_replica(engine, "instagram", "drifted"))
    assert (control.status, control.reason) == (Status.off, None)
    assert [(d.expected_label, d.found_label, d.candidate_rank) for d in control.drift] == [
        (LABEL, "Allow reuse of your content with AI features at Meta", 1)]


def test_reworded_label_still_shows_the_real_setting(engine):
    control = _read(scan_replica(engine, "instagram", "drifted_on"))
    assert (control.status, control.reason) == (Status.on, None)
    assert [d.candidate_rank for d in control.drift] == [1]


def test_region_without_the_setting_is_unknown_with_the_reason_never_off(engine):
    scan = scan_replica(engine, "instagram", "region", timeout=2.0)
    control = _read(scan)
    assert (control.status, control.reason) == (Status.unknown, Reason.path_missing)
    assert LABEL in control.detail  # what was looked for
    assert "Right to object" in control.detail and "never reported as off" in control.detail
    assert _clicked(scan) == PATH  # it reached Sharing and reuse; the setting just is not there
    assert exit_code_for([scan.result]) == ExitCode.UNVERIFIED
