"""ChatGPT: Settings → Data controls → "Improve the model for everyone" (Radix switch in a modal)."""

from checker.results import ExitCode, Reason, Status, exit_code_for

from ..harness import scan_replica


def test_on(engine):
    scan = scan_replica(engine, "chatgpt", "on")
    control = scan.control("improve_model")
    assert (control.status, control.reason) == (Status.on, None)
    assert control.evidence[0].attribute == "aria-checked" and control.evidence[0].value == "true"
    assert scan.result.status == Status.on
    assert exit_code_for([scan.result]) == ExitCode.ON
    ads = scan.control("ad_personalization")
    assert (ads.status, ads.meaning) == (Status.on, "ads")


def test_off(engine):
    scan = scan_replica(engine, "chatgpt", "off")
    control = scan.control("improve_model")
    assert (control.status, control.reason, control.drift) == (Status.off, None, [])
    assert control.evidence[0].candidate_rank == 0
    assert (scan.control("ad_personalization").status, scan.control("ad_personalization").reason) == (Status.off, None)
    assert exit_code_for([scan.result]) == ExitCode.OK


def test_ad_personalization_on_is_shown_and_never_counted(engine):
    # Settings → Ad Controls (fact check §B): a neighbouring switch whose meaning is ads.
    scan = scan_replica(engine, "chatgpt", "ads_on")
    ads = scan.control("ad_personalization")
    assert (ads.status, ads.reason, ads.meaning, ads.counts_as_on) == (Status.on, None, "ads", False)
    assert ads.evidence[0].attribute == "aria-checked" and ads.evidence[0].value == "true"
    assert ads.fix_path.startswith("Profile icon → Settings → Ad controls")
    assert scan.control("improve_model").status == Status.off
    assert scan.result.status == Status.off
    assert exit_code_for([scan.result]) == ExitCode.OK


def test_a_plan_without_ads_still_reads_training_and_says_why_ads_are_unknown(engine):
    # A Plus plan has no ads and no Ad Controls tab: the training switch is read as before, the ads
    # control is unknown with the reason, and the scan exits as training alone says. An uncounted
    # control is looked for only briefly (steps.OPTIONAL_WAIT_SECONDS), never for the whole
    # timeout: the walk records it missing and goes on.
    scan = scan_replica(engine, "chatgpt", "no_ads", timeout=30.0)
    [record] = [r for r in scan.log.records if r.kind == "read" and r.target == "ad_personalization_switch"]
    assert record.outcome == "missing"
    assert scan.log.records[-1].kind == "press"  # the walk went on past it
    assert (scan.control("improve_model").status, scan.control("improve_model").reason) == (Status.off, None)
    ads = scan.control("ad_personalization")
    assert (ads.status, ads.reason) == (Status.unknown, Reason.path_missing)
    assert "only on the Free and Go plans" in ads.detail
    assert scan.result.status == Status.off
    assert exit_code_for([scan.result]) == ExitCode.OK


def test_drifted_label_is_read_and_reported(engine):
    scan = scan_replica(engine, "chatgpt", "drifted")
    control = scan.control("improve_model")
    assert control.status == Status.off
    found = {(d.expected_label, d.found_label) for d in control.drift}
    assert ("Improve the model for everyone", "Chat history & training") in found


def test_bot_check_is_blocked(engine):
    scan = scan_replica(engine, "chatgpt", "bot_check")
    assert (scan.control("improve_model").status, scan.control("improve_model").reason) == (Status.unknown, Reason.blocked)
    assert exit_code_for([scan.result]) == ExitCode.UNVERIFIED


def test_slow_page_is_read_at_default_timeout(engine):
    from checker.engine.runner import DEFAULT_TIMEOUT

    scan = scan_replica(engine, "chatgpt", "slow", timeout=DEFAULT_TIMEOUT)
    control = scan.control("improve_model")
    assert control.status == Status.off, (control.reason, control.detail)


def test_a_switch_painted_off_before_the_real_setting_loads_is_read_on(engine):
    # The modal shows Off at once and the person's real setting (On) arrives a second later: a
    # reading taken before the page is done would tell the person they are safe.
    scan = scan_replica(engine, "chatgpt", "hydrating")
    control = scan.control("improve_model")
    assert (control.status, control.reason) == (Status.on, None), control.detail


def test_documented_path_without_deep_link(engine):
    # QA mode starts at chatgpt.com and clicks profile → Settings → Data controls.
    scan = scan_replica(engine, "chatgpt", "on", follow_deep_links=False)
    assert scan.control("improve_model").status == Status.on
    clicked = [r.target for r in scan.log.records if r.kind == "click" and r.outcome == "found"]
    assert clicked == ["profile_button", "settings_menu_item", "data_controls_tab", "improve_model_row",
                       "ad_controls_tab"]


def test_a_switch_re_rendered_after_the_modal_opens_is_read(engine):
    # The modal replaces its switch with a new element five times; the reading follows the locator.
    scan = scan_replica(engine, "chatgpt", "rerendered")
    control = scan.control("improve_model")
    assert (control.status, control.reason) == (Status.on, None), control.detail


def test_onboarding_tour_is_skipped_and_the_setting_read(engine):
    # The evidence's first-visit tour ("Ask anything" / "Skip Tour") covers the settings dialog.
    scan = scan_replica(engine, "chatgpt", "onboarding_tour")
    control = scan.control("improve_model")
    assert (control.status, control.reason) == (Status.on, None), control.detail
    assert any("Skip Tour" in note for note in scan.result.notes)  # the report says what was closed


# Fail closed against the network, flicker and an unlisted pop-up (issue 13). In every state below
# the account is ON and the modal paints a placeholder Off first: never `off`, always the reason.


def test_a_settings_request_slower_than_three_seconds_is_waited_for(engine):
    scan = scan_replica(engine, "chatgpt", "hydrating_very_slowly", timeout=6.0)
    control = scan.control("improve_model")
    assert (control.status, control.reason) == (Status.on, None), control.detail


def test_a_settings_request_still_open_at_the_timeout_is_a_timeout(engine):
    scan = scan_replica(engine, "chatgpt", "hydrating_very_slowly", timeout=2.0)
    control = scan.control("improve_model")
    assert (control.status, control.reason) == (Status.unknown, Reason.timeout)
    assert "/backend-api/settings/user" in control.detail


def test_a_failed_settings_request_is_unknown(engine):
    scan = scan_replica(engine, "chatgpt", "settings_fail")
    control = scan.control("improve_model")
    assert (control.status, control.reason) == (Status.unknown, Reason.error)
    assert "/backend-api/settings/user (it answered 500)" in control.detail
    assert exit_code_for([scan.result]) == ExitCode.UNVERIFIED


def test_an_aborted_settings_request_is_unknown(engine):
    scan = scan_replica(engine, "chatgpt", "settings_abort")
    control = scan.control("improve_model")
    assert (control.status, control.reason) == (Status.unknown, Reason.error)
    assert "/backend-api/settings/user" in control.detail


def test_a_settings_request_never_made_leaves_the_reading_without_its_witness(engine):
    scan = scan_replica(engine, "chatgpt", "settings_missing")
    control = scan.control("improve_model")
    assert (control.status, control.reason) == (Status.unknown, Reason.error)
    assert "never loaded its settings from /backend-api/settings/user" in control.detail


def test_a_flickering_switch_is_unknown(engine):
    scan = scan_replica(engine, "chatgpt", "flicker")
    control = scan.control("improve_model")
    assert (control.status, control.reason) == (Status.unknown, Reason.timeout)
    assert "would not settle" in control.detail


def test_a_switch_that_vanishes_after_painting_is_unknown(engine):
    scan = scan_replica(engine, "chatgpt", "vanish")
    control = scan.control("improve_model")
    assert (control.status, control.reason) == (Status.unknown, Reason.error)
    assert "disappeared" in control.detail


def test_an_unlisted_terms_dialog_is_pending_consent_and_never_accepted(engine):
    scan = scan_replica(engine, "chatgpt", "terms_update")  # the harness: no mutation, so no Accept
    control = scan.control("improve_model")
    assert (control.status, control.reason) == (Status.unknown, Reason.pending_consent)
    assert "We updated our Terms" in control.detail
