"""Microsoft Copilot (consumer): Profile → profile name → Privacy, two training switches inside a
web component's OPEN shadow root, and regions where the toggles are missing (never `off`)."""

from checker.results import ExitCode, Reason, Status, exit_code_for

from ..harness import scan_replica

CONTROLS = ["conversation_training", "voice_training"]


def _pairs(scan):
    return [(c.id, c.status, c.reason) for c in scan.result.controls]


def test_on_both_switches_read_through_the_shadow_root(engine):
    scan = scan_replica(engine, "copilot", "on")
    assert _pairs(scan) == [(c, Status.on, None) for c in CONTROLS]
    evidence = scan.control("conversation_training").evidence[0]
    assert (evidence.attribute, evidence.value, evidence.candidate_rank) == ("aria-checked", "true", 0)
    # The documented path was clicked, step by step (there is no verified deep link).
    clicked = [r.target for r in scan.log.records if r.kind == "click" and r.outcome == "found"]
    assert clicked == ["profile_button", "profile_name_item", "privacy_tab"]


def test_voice_alone_makes_the_provider_on(engine):
    scan = scan_replica(engine, "copilot", "voice_on")
    assert _pairs(scan) == [("conversation_training", Status.off, None), ("voice_training", Status.on, None)]
    assert scan.result.status == Status.on


def test_drifted_labels_are_read_and_reported(engine):
    scan = scan_replica(engine, "copilot", "drifted")
    assert _pairs(scan) == [(c, Status.off, None) for c in CONTROLS]
    found = {(d.expected_label, d.found_label) for c in scan.result.controls for d in c.drift}
    assert ("Training on conversation activity", "Model training on text") in found
    assert ("Training on voice conversations", "Model training on voice") in found


def test_region_without_the_toggle_is_unknown_with_a_reason_never_off(engine):
    scan = scan_replica(engine, "copilot", "region_missing", timeout=2.0)
    assert _pairs(scan) == [(c, Status.unknown, Reason.path_missing) for c in CONTROLS]
    for control in scan.result.controls:
        assert "Training on conversation activity" in control.detail  # what was looked for
        assert "Brazil, China, Israel, Nigeria, South Korea and Vietnam" in control.detail
        assert "never reported as off" in control.detail
        # Fact check 2026-12 §A: there, Microsoft does not train ("until further notice"). A missing
        # toggle still reads unknown (absence is never off), but the words must not claim "no opt-out".
        assert "not used for training" in control.detail and "no opt-out" not in control.detail
    assert exit_code_for([scan.result]) == ExitCode.UNVERIFIED
