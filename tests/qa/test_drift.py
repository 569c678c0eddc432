"""Acceptance 1: against each drifted replica, `untrain paths` names the exact step, the old and
new label, and a suggestion whose top candidate is the real new element."""

from __future__ import annotations

import pytest

from checker.qa.similarity import normalise

from ..harness import catalog
from .helpers import providers_with_state, walk_replica
from .variants import SCHEMA_LINE, copy_catalog, keep_only_first_candidate

DRIFTED = providers_with_state("drifted")
_walks: dict[str, object] = {}


def drifted_walk(engine, provider: str):
    """Both tests read the same walk of the drifted replica with the real catalogue: walk it once."""
    if provider not in _walks:
        _walks[provider] = walk_replica(engine, provider, "drifted")
    return _walks[provider]


def _first_drift(result):
    drifts = [s for s in result.steps if s.outcome == "drift"]
    assert drifts, f"{result.id}: the drifted replica showed no drift: {[s.message() for s in result.steps]}"
    return drifts[0]


@pytest.mark.parametrize("provider", DRIFTED)
def test_drift_names_step_old_and_new_label(engine, provider):
    result = drifted_walk(engine, provider)
    step = _first_drift(result)
    selector = catalog()[provider].selectors.selectors[step.target]
    first = selector.candidates[0]
    assert result.status == "drift"
    assert step.rank and step.rank > 0
    # Old label: what the catalogue's first candidate stands for. New: what the page shows now.
    assert step.expected_label == (first.shows_label or first.name or first.label or first.text)
    assert step.found_label and normalise(step.found_label) != normalise(step.expected_label)
    assert f"{step.expected_label!r} → {step.found_label!r}" in step.message()
    # Every step before the drift was found; none is reported missing.
    assert all(s.outcome in ("found", "skipped") for s in result.steps[:step.index])
    assert not any(s.outcome == "missing" for s in result.steps)


@pytest.mark.parametrize("provider", DRIFTED)
def test_unknown_rename_is_missing_with_the_real_element_suggested(engine, provider, tmp_path):
    # The drift run tells which element is the real renamed one (the alias candidate found it).
    drifted = drifted_walk(engine, provider)
    step = _first_drift(drifted)
    alias = catalog()[provider].selectors.selectors[step.target].candidates[step.rank]
    # In a catalogue that never heard of the new label, the same step must go missing...
    variant = keep_only_first_candidate(tmp_path / "catalog", provider, step.target)
    result = walk_replica(engine, provider, "drifted", cat=variant)
    missing = result.steps[step.index]
    assert result.status == "missing"
    assert (missing.outcome, missing.target) == ("missing", step.target)
    assert missing.expected_label == step.expected_label
    # ...and the closest element on the page must be the real new one.
    assert missing.suggestions, missing.message()
    top = missing.suggestions[0]
    assert normalise(step.found_label) in normalise(top["name"]), (step.found_label, missing.suggestions)
    if alias.role:
        assert top["role"] == alias.role
    assert f"{step.expected_label!r} not found; closest: {top['role']} {top['name']!r}" in missing.message()
    assert all(s.outcome == "not_reached" for s in result.steps[step.index + 1:])


def test_a_moved_step_says_the_path_got_shorter(engine, tmp_path):
    # A catalogue that documents one step too many (a tab the page no longer has): the step is
    # missing, and the report says the next step's element is already on the page.
    import yaml

    from checker.catalogue.catalog import load_catalog

    scenarios, selectors = copy_catalog(tmp_path / "catalog", ["chatgpt"])
    sc_path, sel_path = scenarios / "chatgpt.yaml", selectors / "chatgpt.yaml"
    sc, sel = yaml.safe_load(sc_path.read_text()), yaml.safe_load(sel_path.read_text())
    at = next(i for i, s in enumerate(sc["steps"]) if s.get("click") == "improve_model_row")
    sc["steps"].insert(at, {"click": "privacy_center_tab", "path": "Open Privacy center"})
    sel["selectors"]["privacy_center_tab"] = {"kind": "navigation", "candidates": [{"role": "tab", "name": "Privacy center"}]}
    sel["selectors"] = dict(sorted(sel["selectors"].items()))
    sc_path.write_text(SCHEMA_LINE.format("scenario") + yaml.safe_dump(sc, sort_keys=False, allow_unicode=True))
    sel_path.write_text(SCHEMA_LINE.format("selectors") + yaml.safe_dump(sel, sort_keys=False, allow_unicode=True))

    result = walk_replica(engine, "chatgpt", "off", cat=load_catalog(scenarios, selectors))
    missing = result.steps[at]
    assert (missing.outcome, missing.target, missing.expected_label) == ("missing", "privacy_center_tab", "Privacy center")
    assert missing.already_visible == f"step {at + 1} (click improve_model_row)"
    assert "is already visible (the path got shorter)" in missing.message()
