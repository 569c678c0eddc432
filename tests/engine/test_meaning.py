"""A control's meaning, and what counts: only training and human review count toward the exit code,
the summary and the provider's status. Ads and telemetry are shown, never counted. "Not trained, no
switch" is its own outcome: settled, never a risk."""

import pytest
from pydantic import ValidationError

from checker.catalogue.models import Control, Meaning
from checker.results import (
    COUNTED_MEANINGS,
    SCHEMA_VERSION,
    ControlResult,
    ExitCode,
    ProviderResult,
    ScanReport,
    Status,
    exit_code_for,
    provider_status,
    summarize,
)


def provider(*controls: ControlResult, pid: str = "chatgpt") -> ProviderResult:
    status, reason = provider_status(list(controls))
    return ProviderResult(id=pid, name=pid, status=status, reason=reason, controls=list(controls))


TRAINING_OFF = ControlResult(id="improve_model", label="Improve the model for everyone", status=Status.off)


def test_the_meanings_are_the_four_of_the_contract_and_two_of_them_count():
    assert {m.value for m in Meaning} == {"training", "human_review", "ads", "telemetry"}
    assert COUNTED_MEANINGS == {"training", "human_review"}


def test_an_ads_control_that_is_on_does_not_change_the_exit_code():
    ads = ControlResult(id="ad_personalization", label="Ad personalization", status=Status.on, meaning="ads")
    assert exit_code_for([provider(TRAINING_OFF)]) == ExitCode.OK
    assert exit_code_for([provider(TRAINING_OFF, ads)]) == ExitCode.OK
    assert provider_status([TRAINING_OFF, ads])[0] == Status.off
    assert not ads.counts_as_on
    assert summarize([provider(TRAINING_OFF, ads)]).on == 0


def test_a_telemetry_control_that_is_on_or_unknown_does_not_change_the_exit_code():
    for status in (Status.on, Status.unknown):
        telemetry = ControlResult(id="usage", label="Usage statistics", status=status, meaning="telemetry")
        assert exit_code_for([provider(TRAINING_OFF, telemetry)]) == ExitCode.OK


def test_a_human_review_control_that_is_on_counts():
    review = ControlResult(id="review", label="Let people review my chats", status=Status.on, meaning="human_review")
    assert review.counts_as_on
    assert exit_code_for([provider(TRAINING_OFF, review)]) == ExitCode.ON
    assert provider_status([TRAINING_OFF, review])[0] == Status.on
    assert summarize([provider(TRAINING_OFF, review)]).on == 1


def test_a_human_review_control_that_is_unknown_leaves_the_scan_unverified():
    review = ControlResult(id="review", label="Review", status=Status.unknown, meaning="human_review")
    assert exit_code_for([provider(TRAINING_OFF, review)]) == ExitCode.UNVERIFIED


def test_a_catalogue_control_with_a_meaning_outside_the_four_is_bad_data():
    data = {"id": "x", "label": "X", "source": "s", "confidence": "documented", "severity": "info",
            "default": {"value": "on", "source": "s", "confidence": "documented"}, "fix_path": "Settings",
            "readings": [{"locator": "x", "reader": "checked", "training_allowed": ["true"],
                          "training_disabled": ["false"]}]}
    assert Control.model_validate({**data, "meaning": "ads"}).meaning == "ads"
    with pytest.raises(ValidationError):
        Control.model_validate({**data, "meaning": "informational"})


# ------------------------------------------------------------------ not trained, no switch


def not_trained(pid: str = "zoom") -> ProviderResult:
    return ProviderResult(id=pid, name=pid, status=Status.not_trained, detail="Zoom says it does not train on it.")


def test_not_trained_is_settled_and_never_counted():
    assert exit_code_for([not_trained()]) == ExitCode.OK
    assert exit_code_for([not_trained(), provider(TRAINING_OFF)]) == ExitCode.OK
    summary = summarize([not_trained(), provider(TRAINING_OFF)])
    assert (summary.not_trained, summary.on, summary.unknown, summary.no_opt_out) == (1, 0, 0, 0)


def test_not_trained_does_not_hide_a_control_that_is_on():
    on = ControlResult(id="improve_model", label="Improve the model for everyone", status=Status.on)
    assert exit_code_for([not_trained(), provider(on)]) == ExitCode.ON


def test_the_report_is_schema_version_3_and_older_reports_still_load():
    report = ScanReport.build([not_trained()])
    assert SCHEMA_VERSION == 3 and report.schema_version == 3
    assert report.model_dump(mode="json")["summary"]["not_trained"] == 1
    version_1 = {"schema_version": 1, "generated_at": "2026-11-01T09:00:00+00:00", "demo": False,
                 "summary": {"on": 0, "off": 1, "unknown": 0, "no_opt_out": 0, "not_applicable": 0},
                 "providers": [{"id": "chatgpt", "name": "ChatGPT", "status": "off", "controls": [
                     {"id": "improve_model", "label": "Improve the model for everyone", "status": "off",
                      "meaning": "training"}]}],
                 "changes": [], "exit_code": 0}
    old = ScanReport.model_validate(version_1)
    assert (old.schema_version, old.summary.not_trained, old.exit_code) == (1, 0, ExitCode.OK)
    # Version 2 wrote each change as a line of text: it loads as that text, not as an error.
    line = "ChatGPT · Improve the model for everyone: on → off"
    version_2 = {**version_1, "schema_version": 2, "changes": [line]}
    assert ScanReport.model_validate(version_2).changes == [line]


def test_a_version_1_informational_control_reads_as_not_counted():
    # Version 1 had one other meaning, "informational" (GitHub Copilot's public-code filter): an old
    # report or history row keeps loading, and its `on` still never counts.
    old = ControlResult(id="public_code", label="Suggestions matching public code", status=Status.on,
                        meaning="informational")
    assert not old.counts_as_on
    assert exit_code_for([provider(TRAINING_OFF, old, pid="github-copilot")]) == ExitCode.OK
