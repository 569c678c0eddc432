"""The terminal report fits the terminal: a block per control below 100 columns, links and fix
paths whole, controls grouped by meaning, and the outcomes other parts of Untrain add
(`not_trained`, `fix_snippet`) shown as they mean. Those fields may not exist yet in the models,
so the tests build them the way a newer model would carry them."""

from enum import Enum

import pytest
from rich.console import Console

from checker.report import terminal
from checker.results import ControlResult, ProviderResult, ScanReport, Status

LONG_LINK = "https://myactivity.google.com/product/gemini/settings/keep-activity/a-rather-long-route?tab=all"
FIX = "Profile icon → your profile name → Privacy → Training on voice conversations → Off"


class _Newer(str, Enum):  # the value a newer Status has, for a branch where it does not exist yet
    not_trained = "not_trained"


NOT_TRAINED = getattr(Status, "not_trained", _Newer.not_trained)


class _LocalControl(ControlResult):  # fix_snippet as the newer model carries it
    fix_snippet: str | None = None


def _render(report: ScanReport, width: int) -> str:
    console = Console(record=True, width=width, color_system=None)
    terminal.render(report, console)
    return console.export_text()


def _on(label="Training on voice conversations", meaning="training", **extra):
    return ControlResult(id=label.lower().replace(" ", "_"), label=label, status=Status.on, meaning=meaning,
                         fix_path=FIX, deep_link=LONG_LINK, **extra)


@pytest.mark.parametrize("width", [60, 80, 99, 100, 140])
def test_links_are_whole_and_fix_paths_wrap_between_words(width):
    report = ScanReport.build([ProviderResult(id="p", name="Microsoft Copilot", status=Status.on, controls=[_on()])])
    text = _render(report, width)
    assert LONG_LINK in text.splitlines() or any(line.strip() == LONG_LINK for line in text.splitlines())
    assert "…" not in text
    assert f"Turn it off: {FIX}" in _reading_order(text)  # every word of it whole, in order


def _reading_order(text: str) -> str:
    """The words as a person reads them: in a table, the last column's cells one after another."""
    cells = [line.split("│")[-2] if line.count("│") > 1 else line for line in text.splitlines()]
    return " ".join(" ".join(cells).split())


def test_below_100_columns_each_control_is_a_block_not_a_table():
    report = ScanReport.build([ProviderResult(id="p", name="Microsoft Copilot", status=Status.on, controls=[_on()])])
    narrow, wide = _render(report, 80), _render(report, 120)
    assert "┃" not in narrow and "│" not in narrow
    assert "┃ Provider" in wide
    lines = narrow.splitlines()
    assert any(line.strip() == "● ON  Training on voice conversations" for line in lines)


def test_controls_are_grouped_by_meaning_and_unknown_meanings_get_their_own_group():
    controls = [_on("Use my chats for training"), _on("Let people review my chats", meaning="human_review"),
                _on("Personalised ads", meaning="ads"), _on("Send usage data", meaning="telemetry"),
                _on("Something new", meaning="future_meaning")]
    report = ScanReport.build([ProviderResult(id="p", name="P", status=Status.on, controls=controls)])
    for width in (80, 140):
        text = _render(report, width)
        order = [text.index(h) for h in ("Training", "Human review", "Ads", "Telemetry", "Future meaning")]
        assert order == sorted(order), width
        assert text.index("Let people review") > text.index("Human review") > text.index("Use my chats")
        assert text.index("Something new") > text.index("Future meaning")


def test_not_trained_reads_as_its_own_outcome_never_as_a_risk():
    control = ControlResult.model_construct(id="c", label="Conversations", status=NOT_TRAINED, reason=None,
                                            detail="documented as never used for training", meaning="training",
                                            drift=[], evidence=[], fix_path=None, deep_link=None)
    provider = ProviderResult.model_construct(id="p", name="P", status=NOT_TRAINED, reason=None, detail=None,
                                              controls=[control], notes=[], drift=[], gotchas=[])
    report = ScanReport(providers=[provider])
    for width in (80, 140):
        text = _render(report, width)
        assert "not trained · no switch" in text
        assert "ON" not in text and "unknown" not in text.replace("0 unknown", "")
    console = Console(record=True, width=80, color_system="truecolor", force_terminal=True)
    terminal.render(report, console)
    styled = console.export_text(styles=True)
    line = next(l for l in styled.splitlines() if "not trained" in l)
    assert "\x1b[31m" not in line and "\x1b[33m" not in line  # neither red nor yellow


def test_a_fix_snippet_is_shown_whole_instead_of_the_fix_path_line():
    snippet = '{\n  "telemetry": {\n    "enableTelemetry": false,\n    "a_long_key_that_does_not_fit_in_forty_columns_at_all": 0\n  }\n}'
    control = _LocalControl(id="c", label="Share usage", status=Status.on, meaning="telemetry",
                            fix_path="~/.gemini/settings.json", fix_snippet=snippet)
    report = ScanReport.build([ProviderResult(id="p", name="Gemini CLI", status=Status.on, controls=[control])])
    for width in (60, 80, 140):
        text = _render(report, width)
        lines = [line.strip() for line in text.splitlines()]
        for snippet_line in snippet.splitlines():
            assert snippet_line.strip() in lines, (width, snippet_line)
        assert "~/.gemini/settings.json" in text and "Turn it off: ~/.gemini" not in text
