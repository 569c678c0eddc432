"""Grammarly: account.grammarly.com/security/privacy → "Product Improvement and Training", a button
with role=switch and aria-checked (inferred UI kind; see the replica's README). Every scan here also
proves, through the harness, that the mutation log stayed empty.

No business-plan state: the source gives the default for Free, Premium and single-user Pro only,
and nothing about what other plans see, so there is no evidence for a `not_applicable` marker."""

from checker.results import ExitCode, Status, exit_code_for

from ..harness import scan_replica

LABEL = "Product Improvement and Training"


def _pair(control):
    return control.status, control.reason


def test_on(engine):
    scan = scan_replica(engine, "grammarly", "on")
    control = scan.control("product_improvement")
    assert _pair(control) == (Status.on, None)
    assert (control.evidence[0].attribute, control.evidence[0].value, control.evidence[0].candidate_rank) == (
        "aria-checked", "true", 0)
    assert scan.result.status == Status.on
    assert exit_code_for([scan.result]) == ExitCode.ON


def test_off(engine):
    scan = scan_replica(engine, "grammarly", "off")
    control = scan.control("product_improvement")
    assert _pair(control) == (Status.off, None)
    assert (control.evidence[0].attribute, control.evidence[0].value) == ("aria-checked", "false")
    assert control.drift == []
    assert exit_code_for([scan.result]) == ExitCode.OK


def test_drifted_shortened_label_is_read_and_reported(engine):
    scan = scan_replica(engine, "grammarly", "drifted")
    control = scan.control("product_improvement")
    assert _pair(control) == (Status.off, None)
    assert [(d.expected_label, d.found_label) for d in control.drift] == [(LABEL, "Product Improvement")]


def test_drifted_on_is_read_on(engine):
    scan = scan_replica(engine, "grammarly", "drifted_on")
    control = scan.control("product_improvement")
    assert _pair(control) == (Status.on, None)
    assert [d.found_label for d in control.drift] == ["Product Improvement"]
    assert exit_code_for([scan.result]) == ExitCode.ON


def test_the_deep_link_is_the_documented_path(engine):
    from ..qa.helpers import walk_replica

    result = walk_replica(engine, "grammarly", "off")
    assert result.status == "ok"  # walk_replica also asserts the QA walk left the mutation log empty
    assert [s.outcome for s in result.steps] == ["found", "found"]
