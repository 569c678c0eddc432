"""GitHub Copilot: github.com/settings/copilot/features, <select> dropdowns (Enabled/Disabled,
Allow/Block), the older checkbox, and Business seats that hide the setting (not_applicable)."""

from checker.results import ExitCode, Status, exit_code_for

from ..harness import scan_replica


def _pair(control):
    return control.status, control.reason


def test_on(engine):
    scan = scan_replica(engine, "github-copilot", "on")
    training = scan.control("model_training")
    assert _pair(training) == (Status.on, None)
    assert (training.evidence[0].attribute, training.evidence[0].value) == ("selected option", "Enabled")
    assert scan.result.status == Status.on


def test_public_code_is_not_counted_as_on(engine):
    # Not a training switch: its meaning is telemetry ("product settings"), shown and never counted.
    scan = scan_replica(engine, "github-copilot", "public_code_allowed")
    public = scan.control("public_code")
    assert (public.status, public.meaning, public.counts_as_on) == (Status.on, "telemetry", False)
    assert scan.result.status == Status.off
    assert exit_code_for([scan.result]) == ExitCode.OK


def test_drifted_older_checkbox_is_read_and_reported(engine):
    scan = scan_replica(engine, "github-copilot", "drifted")
    training = scan.control("model_training")
    assert _pair(training) == (Status.off, None)
    # The older UI kind is read as a checkbox, and the label change is reported.
    assert (training.evidence[0].attribute, training.evidence[0].value) == ("checked", "false")
    assert [(d.expected_label, d.found_label) for d in training.drift] == [(
        "Allow GitHub to use my data for AI model training",
        "Allow GitHub to use my code snippets from the code editor for product improvements")]


def test_business_seat_is_not_applicable(engine):
    scan = scan_replica(engine, "github-copilot", "business")
    assert (scan.result.status, scan.result.reason) == (Status.not_applicable, None)
    assert _pair(scan.control("model_training")) == (Status.not_applicable, None)
    assert "Business/Enterprise seat" in scan.control("model_training").detail
    assert exit_code_for([scan.result]) == ExitCode.OK


def test_documented_path_without_deep_link(engine):
    # QA mode starts at github.com and clicks profile picture → Your Copilot → Features.
    scan = scan_replica(engine, "github-copilot", "off", follow_deep_links=False)
    assert _pair(scan.control("model_training")) == (Status.off, None)
    clicked = [r.target for r in scan.log.records if r.kind == "click" and r.outcome == "found"]
    assert clicked == ["user_menu_button", "your_copilot_link", "features_link"]
