"""Fast checks of the QA building blocks: similarity scores, name patterns, trace sanitising."""

from __future__ import annotations

import json
import zipfile

from checker.qa.artifacts import sanitise_trace
from checker.qa.report import StepReport
from checker.qa.similarity import name_similarity, score
from checker.qa.suggest import pattern_text


def test_renames_around_the_same_idea_score_above_unrelated_labels():
    expected = ["Improve the model for everyone"]
    renamed = score(expected, "button", "Chat history & training Off", "button")
    for other in ("Location Off", "Remote browser data On", "Archive all", "Export"):
        assert renamed > score(expected, "button", other, "button"), other
    assert name_similarity("Gemini Apps Activity", "Keep Activity") > name_similarity("Gemini Apps Activity", "Help")
    assert name_similarity("Privacy", "Data & privacy") >= 0.6


def test_the_expected_role_wins_a_tie():
    assert score(["Privacy"], "tab", "Privacy", "tab") > score(["Privacy"], "tab", "Privacy", "heading")
    # With no role known, an interactive element beats a heading that repeats its label.
    assert score(["Privacy"], None, "Privacy", "link") > score(["Privacy"], None, "Privacy", "heading")


def test_pattern_text_reads_a_name_pattern():
    assert pattern_text(r"^Turn (off|on) your Keep Activity setting$") == "Turn off your Keep Activity setting"
    assert pattern_text(r"^Chat history (&|and) training\b") == "Chat history & training"
    assert pattern_text(None) is None


def test_missing_message_has_the_issue_format():
    step = StepReport(index=3, kind="click", target="data_controls_tab", outcome="missing",
                      expected_label="Data controls",
                      suggestions=[{"role": "tab", "name": "Data & privacy", "score": 0.74}])
    assert step.message() == "'Data controls' not found; closest: tab 'Data & privacy' (0.74)"


def test_drift_message_names_the_rename_or_says_the_markup_moved():
    renamed = StepReport(index=4, kind="read", target="improve_model_switch", outcome="drift", rank=1,
                         expected_label="Improve the model for everyone", found_label="Chat history & training")
    assert renamed.message() == "drift: 'Improve the model for everyone' → 'Chat history & training' (candidate 2)"
    # Found by a later candidate under the expected words: "'X' → 'X'" would say nothing.
    moved = StepReport(index=4, kind="read", target="model_training_control", outcome="drift", rank=2,
                       expected_label="Allow GitHub to use my data", found_label="Allow GitHub to use  my data")
    assert moved.message() == ("drift: 'Allow GitHub to use my data' found only by candidate 3: "
                               "the same words, in markup built differently")


def test_trace_network_loses_cookies_and_tokens(tmp_path):
    trace = tmp_path / "t.trace.zip"
    snapshot = {"request": {"method": "GET", "url": "https://chatgpt.com/api?access_token=SECRET123456789",
                            "headers": [{"name": "Cookie", "value": "session=COOKIESECRET"},
                                        {"name": "Authorization", "value": "Bearer BEARERSECRET123"}],
                            "cookies": [{"name": "session", "value": "COOKIESECRET"}], "queryString": []},
                "response": {"status": 200, "headers": [{"name": "Set-Cookie", "value": "a=SETCOOKIESECRET"}],
                             "cookies": [], "content": {"mimeType": "text/html", "_file": "resources/x.html"}}}
    with zipfile.ZipFile(trace, "w") as z:
        z.writestr("trace.network", json.dumps({"type": "resource-snapshot", "snapshot": snapshot}) + "\n")
        z.writestr("trace.trace", '{"type":"context-options"}\n')
    sanitise_trace(trace)
    with zipfile.ZipFile(trace) as z:
        assert z.testzip() is None and set(z.namelist()) == {"trace.network", "trace.trace"}
        network = z.read("trace.network").decode()
    for secret in ("SECRET123456789", "COOKIESECRET", "BEARERSECRET123", "SETCOOKIESECRET"):
        assert secret not in network
    assert "resources/x.html" in network  # the snapshot still points at its body


def test_a_step_outcome_outside_the_enum_is_refused():
    # Outcomes are enums: a typo in a producer ("mising") fails where it is made, not in a report
    # that silently counts it as neither a failure nor a pass.
    import pytest
    from pydantic import ValidationError

    from checker.qa.report import DeepLinkReport, PathOutcome

    assert StepReport(index=0, kind="click", target="row", outcome="missing").outcome is PathOutcome.missing
    with pytest.raises(ValidationError):
        StepReport(index=0, kind="click", target="row", outcome="mising")
    with pytest.raises(ValidationError):
        DeepLinkReport(url="https://x.test/", confidence="high", landmark="row", outcome="landed")
