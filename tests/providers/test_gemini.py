"""Gemini: myactivity.google.com/product/gemini, an On/Off chip plus menu (Google), the separate
audio checkbox, and Google's consent wall, which may be passed only with "Reject all"."""

from checker.results import Reason, Status

from ..harness import catalog, scan_replica

NOTE = 'Google\'s consent wall ("Before you continue to Google") was passed with "Reject all". Untrain never clicks "Accept all".'


CONTROLS = ["keep_activity", "audio_improvement"]


def _pair(control):
    return control.status, control.reason


def _controls(scan):
    """Both controls, checked present first: a loop over an empty list asserts nothing."""
    assert [c.id for c in scan.result.controls] == CONTROLS
    return scan.result.controls


def test_on_reads_the_chip_text_not_its_action_label(engine):
    scan = scan_replica(engine, "gemini", "on")
    keep = scan.control("keep_activity")
    assert _pair(keep) == (Status.on, None)
    # The chip's aria-label says "Turn off…"; the state comes from the text it shows.
    assert (keep.evidence[0].attribute, keep.evidence[0].value, keep.evidence[0].candidate_rank) == ("shown text", "On", 0)
    assert _pair(scan.control("audio_improvement")) == (Status.off, None)
    assert scan.result.status == Status.on
    assert scan.result.notes == []


def test_audio_box_is_its_own_training_control(engine):
    scan = scan_replica(engine, "gemini", "audio_on")
    assert _pair(scan.control("keep_activity")) == (Status.off, None)
    audio = scan.control("audio_improvement")
    assert _pair(audio) == (Status.on, None)
    assert (audio.evidence[0].attribute, audio.evidence[0].value) == ("aria-checked", "true")
    assert scan.result.status == Status.on


def test_a_link_to_accounts_google_com_is_not_a_sign_in_marker():
    # Fact check 2026-12 §E: a signed-in Google page links its avatar to accounts.google.com.
    entry = catalog()["gemini"]
    for name in entry.scenario.detect.signed_out:
        assert all("accounts.google.com" not in (c.css or "") for c in entry.selectors.selectors[name].candidates), name


def test_drifted_label_is_read_and_reported(engine):
    scan = scan_replica(engine, "gemini", "drifted")
    keep = scan.control("keep_activity")
    assert _pair(keep) == (Status.off, None)
    assert [(d.expected_label, d.found_label, d.candidate_rank) for d in keep.drift] == [
        ("Keep Activity", "Gemini Apps Activity", 1)]
    # The audio box in its 2025-08 wording (fact check 2026-12 §B), found by the candidate for it.
    audio = scan.control("audio_improvement")
    assert _pair(audio) == (Status.off, None)
    assert [(d.expected_label, d.found_label, d.candidate_rank) for d in audio.drift] == [
        ("Improve Google services with your audio and Gemini Live videos & screenshares",
         "…audio and Gemini Live recordings", 1)]


def test_consent_wall_is_passed_only_with_reject_all_and_reported(engine):
    scan = scan_replica(engine, "gemini", "consent_wall")
    assert _pair(scan.control("keep_activity")) == (Status.on, None)
    assert scan.result.notes == [NOTE]
    # The replica's consent log: exactly one choice, and it was "Reject all".
    assert scan.world.sites["gemini"].consents == ["reject"]
    assert scan.control("keep_activity").evidence[0].url == "https://myactivity.google.com/product/gemini"


def test_consent_wall_without_reject_is_blocked_never_accepted(engine):
    scan = scan_replica(engine, "gemini", "consent_wall_no_reject", timeout=1.5)
    for control in _controls(scan):
        assert _pair(control) == (Status.unknown, Reason.blocked)
        assert "never accepts" in control.detail
    assert scan.world.sites["gemini"].consents == []


def test_unusual_traffic_check_is_blocked(engine):
    scan = scan_replica(engine, "gemini", "bot_check")
    for control in _controls(scan):
        assert _pair(control) == (Status.unknown, Reason.blocked)
        assert "--headed" in control.detail
