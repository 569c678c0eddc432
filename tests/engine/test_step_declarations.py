"""Each step model says what it targets and which selectors it names; the linter, the extension
build and QA ask it. These tests keep that true for step types nobody has written yet."""

from dataclasses import replace
from typing import get_args

from checker.store import data_paths
from checker.catalogue.catalog import _lint_pair, load_catalog
from checker.catalogue.models import ReadStep, SelectorKind, Step, StepModel
from checker.qa.paths import _selector_of
from checker.engine.steps import HANDLERS

STEP_TYPES = get_args(get_args(Step)[0])


class PeekStep(StepModel):
    """A step type the catalogue linter has never heard of."""

    kind = "peek"
    selector_fields = {"peek": (SelectorKind.marker,)}

    peek: str
    path: str | None = None


def _chatgpt_with(*extra_steps):
    entry = load_catalog()["chatgpt"]
    # model_copy does not validate: the step need not be in the Step union to reach the linter.
    return replace(entry, scenario=entry.scenario.model_copy(update={"steps": [*entry.scenario.steps, *extra_steps]}))


def test_a_new_step_type_is_linted_by_what_it_declares():
    entry = _chatgpt_with()
    control = next(n for n, s in entry.selectors.selectors.items() if s.kind == SelectorKind.control)
    entry = _chatgpt_with(PeekStep(peek=control), PeekStep(peek="no_such_selector"))
    index = len(entry.scenario.steps) - 2
    messages = [f"{p.field}: {p.message}" for p in _lint_pair(entry, None, None)]
    assert messages == [
        f"steps.{index}.peek: selector {control!r} is a control; this needs a marker selector "
        "(a scan never clicks a control)",
        f"steps.{index + 1}.peek: unknown selector 'no_such_selector' (not in chatgpt.yaml)",
    ]


def test_every_step_type_declares_itself_and_has_a_handler():
    for step_type in STEP_TYPES:
        assert issubclass(step_type, StepModel), step_type
        fields = step_type.model_fields
        assert step_type.kind in fields, f"{step_type.__name__}.kind must name one of its fields"
        assert set(step_type.selector_fields) <= set(fields), step_type
        assert step_type in HANDLERS, f"{step_type.__name__} has no handler in steps.py"


def test_the_extension_walks_every_step_kind():
    # The extension build passes any step on; content.js silently skips a `type` it does not know.
    content_js = (data_paths.extension_dir() / "content.js").read_text(encoding="utf-8")
    for step_type in STEP_TYPES:
        assert f"step.type === '{step_type.kind}'" in content_js, f"content.js does not handle {step_type.kind!r}"


def test_a_field_described_as_a_selector_is_declared_as_one():
    # A selector field left out of selector_fields would go unlinted; its description gives it away.
    for step_type in STEP_TYPES:
        for name, field in step_type.model_fields.items():
            if "selector" in (field.description or "").lower():
                assert name in step_type.selector_fields, f"{step_type.__name__}.{name} names a selector"


def test_declarations_are_class_variables_not_yaml_keys():
    # Fields would change the YAML a step accepts and the JSON Schemas.
    for step_type in STEP_TYPES:
        assert "kind" not in step_type.model_fields and "selector_fields" not in step_type.model_fields


def test_qa_names_a_read_steps_nth_reading():
    entry = load_catalog()["chatgpt"]
    steps = entry.scenario.steps
    for index, step in enumerate(steps):
        if isinstance(step, ReadStep):
            nth = sum(1 for s in steps[:index] if isinstance(s, ReadStep) and s.read == step.read)
            assert _selector_of(entry, step, index) == entry.scenario.control(step.read).readings[nth].locator
        else:
            assert _selector_of(entry, step, index) == step.selector
