"""Amazon Alexa: amazon.com/alexaprivacysettings → "Manage How Your Data Improves Alexa" → the
"Help improve Alexa" switch, a native checkbox in a label (inferred UI kind; see the replica's
README). Every scan here also proves, through the harness, that the mutation log stayed empty."""

from checker.results import ExitCode, Status, exit_code_for

from ..harness import scan_replica


def _pair(control):
    return control.status, control.reason


def test_on(engine):
    scan = scan_replica(engine, "alexa", "on")
    control = scan.control("help_improve")
    assert _pair(control) == (Status.on, None)
    assert (control.evidence[0].attribute, control.evidence[0].value, control.evidence[0].candidate_rank) == (
        "checked", "true", 0)
    assert scan.result.status == Status.on
    # The deep link lands on the section with the switch: the section's click is skipped.
    assert [(r.target, r.outcome) for r in scan.log.records if r.kind == "click"] == [
        ("improves_alexa_link", "skipped")]
    assert exit_code_for([scan.result]) == ExitCode.ON


def test_off(engine):
    scan = scan_replica(engine, "alexa", "off")
    control = scan.control("help_improve")
    assert _pair(control) == (Status.off, None)
    assert (control.evidence[0].attribute, control.evidence[0].value) == ("checked", "false")
    assert control.drift == [] and scan.log.drift == []
    assert exit_code_for([scan.result]) == ExitCode.OK


def test_drifted_switch_under_its_other_name_is_read_and_reported(engine):
    scan = scan_replica(engine, "alexa", "drifted")
    control = scan.control("help_improve")
    assert _pair(control) == (Status.off, None)
    assert [(d.expected_label, d.found_label) for d in control.drift] == [
        ("Help improve Alexa", "Manage How Your Data Improves Alexa")]
    # Found by the alias candidate, which the skip check sees too: the click is skipped, not failed.
    [step] = [r for r in scan.log.records if r.kind == "click"]
    assert (step.target, step.outcome) == ("improves_alexa_link", "skipped")


def test_drifted_on_is_read_on(engine):
    scan = scan_replica(engine, "alexa", "drifted_on")
    control = scan.control("help_improve")
    assert _pair(control) == (Status.on, None)
    assert [d.found_label for d in control.drift] == ["Manage How Your Data Improves Alexa"]
    assert exit_code_for([scan.result]) == ExitCode.ON


def test_documented_path_without_skipping(engine):
    # QA mode clicks every step, even where the switch is already in view: the section's link is there.
    scan = scan_replica(engine, "alexa", "off", follow_deep_links=False)
    assert _pair(scan.control("help_improve")) == (Status.off, None)
    clicked = [r.target for r in scan.log.records if r.kind == "click" and r.outcome == "found"]
    assert clicked == ["improves_alexa_link"]


def test_the_deep_link_lands_on_the_switch(engine):
    # `untrain open` and the extension send people to amazon.com/alexaprivacysettings: QA checks it
    # shows the switch a scan skips ahead to.
    from ..qa.helpers import walk_replica

    result = walk_replica(engine, "alexa", "off")
    assert [(link.url, link.outcome) for link in result.deep_links] == [
        ("https://amazon.com/alexaprivacysettings", "lands")]
    assert result.status == "ok"  # and walk_replica asserts the QA walk left the mutation log empty
