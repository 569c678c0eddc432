"""Google Web & App Activity: myactivity.google.com/activitycontrols, an On/Off chip with a menu
(read by its shown text, never clicked), the signed-in avatar that links to accounts.google.com
(not a sign-in wall), and Google's consent wall, passed only with "Reject all"."""

from checker.results import ExitCode, Reason, Status, exit_code_for

from ..harness import catalog, scan_replica

DEEP_LINK = "https://myactivity.google.com/activitycontrols"
NOTE = 'Google\'s consent wall ("Before you continue to Google") was passed with "Reject all". Untrain never clicks "Accept all".'


def _read(scan):
    assert [c.id for c in scan.result.controls] == ["web_app_activity"]
    return scan.control("web_app_activity")


def _pair(control):
    return control.status, control.reason


def test_on_reads_the_chip_text_not_its_action_label(engine):
    # The signed-in page carries an avatar link to accounts.google.com: still signed in.
    scan = scan_replica(engine, "google-web-activity", "on")
    control = _read(scan)
    assert _pair(control) == (Status.on, None)
    evidence = control.evidence[0]
    assert (evidence.attribute, evidence.value, evidence.candidate_rank) == ("shown text", "On", 0)
    assert evidence.url == DEEP_LINK
    assert control.drift == [] and scan.result.notes == []
    assert exit_code_for([scan.result]) == ExitCode.ON


def test_a_link_to_accounts_google_com_is_not_a_sign_in_marker():
    # Fact check §E: a signed-in Google page links its avatar to accounts.google.com/SignOutOptions.
    selectors = catalog()["google-web-activity"].selectors.selectors
    for name in catalog()["google-web-activity"].scenario.detect.signed_out:
        assert all("accounts.google.com" not in (c.css or "") for c in selectors[name].candidates), name


def test_chip_named_by_its_card_heading_is_read_and_reported(engine):
    control = _read(scan_replica(engine, "google-web-activity", "drifted"))
    assert _pair(control) == (Status.off, None)
    assert (control.evidence[0].attribute, control.evidence[0].value) == ("shown text", "Off")
    assert [(d.found_label, d.candidate_rank) for d in control.drift] == [("Web & App Activity", 2)]


def test_drifted_chip_still_shows_the_real_setting(engine):
    control = _read(scan_replica(engine, "google-web-activity", "drifted_on"))
    assert _pair(control) == (Status.on, None)
    assert [d.candidate_rank for d in control.drift] == [2]


def test_consent_wall_is_passed_only_with_reject_all_and_reported(engine):
    scan = scan_replica(engine, "google-web-activity", "consent_wall")
    control = _read(scan)
    assert _pair(control) == (Status.on, None)
    assert scan.result.notes == [NOTE]
    assert scan.world.sites["google-web-activity"].consents == ["reject"]
    assert control.evidence[0].url == DEEP_LINK


def test_consent_wall_without_reject_is_blocked_never_accepted(engine):
    scan = scan_replica(engine, "google-web-activity", "consent_wall_no_reject", timeout=1.5)
    control = _read(scan)
    assert _pair(control) == (Status.unknown, Reason.blocked)
    assert "never accepts" in control.detail
    assert scan.world.sites["google-web-activity"].consents == []


def test_unusual_traffic_check_is_blocked(engine):
    control = _read(scan_replica(engine, "google-web-activity", "bot_check"))
    assert _pair(control) == (Status.unknown, Reason.blocked)
    assert "--headed" in control.detail
