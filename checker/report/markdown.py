"""The Markdown report, for pasting into an issue or a note.

Controls are grouped by meaning, what counts first (training, human review), then what is shown but
never counted (ads, telemetry). Providers with no switch (not trained, no opt-out) get their own
section, said plainly."""

from __future__ import annotations

from ..results import COUNTED_MEANINGS, ControlResult, ProviderResult, ScanReport, Status
from .labels import MEANING_ORDER, meaning_heading, status_words

TABLE = ["| Provider | Control | Status | Fix / reason |", "|---|---|---|---|"]


def render(report: ScanReport) -> str:
    lines = [f"# Untrain scan{' (demo)' if report.demo else ''}", "", f"Generated {report.generated_at}.", ""]
    by_meaning: dict[str, list[tuple[ProviderResult, ControlResult]]] = {}
    for p in report.providers:
        for c in p.controls:
            by_meaning.setdefault(c.meaning, []).append((p, c))
    for meaning in sorted(by_meaning, key=_order):
        lines += [f"## {meaning_heading(meaning)}", "", *TABLE]
        for p, c in by_meaning[meaning]:
            what = c.fix_path if c.status == Status.on else (c.detail or "")
            lines.append(f"| {_cell(p.name)} | {_cell(c.label)} | {status_words(c.status, c.reason)} "
                         f"| {_cell(what or '')} |")
        lines.append("")
    pageless = [p for p in report.providers if not p.controls]
    if pageless:
        lines += ["## No switch to read", "", "| Provider | Status | What to know |", "|---|---|---|"]
        lines += [f"| {_cell(p.name)} | {status_words(p.status, p.reason)} | {_cell(p.detail or '')} |"
                  for p in pageless]
        lines.append("")
    # Drift on the way (a renamed tab) and on a control itself (a renamed switch): the messages name
    # the expected label, the one found and the candidate that found it.
    drifted = [(p.name, d.message) for p in report.providers
               for d in [*p.drift, *(d for c in p.controls for d in c.drift)]]
    drifted = list(dict.fromkeys(drifted))  # a control's drift can also be the walk's
    if drifted:
        lines += ["Path drift:", *(f"- {_line(name)}: {_line(message)}" for name, message in drifted), ""]
    snippets = _snippets(report)
    lines += snippets[1:] + [""] if snippets else []
    s = report.summary
    extra = [f"{s.not_trained} not trained (no switch)" if s.not_trained else "",
             f"{s.no_opt_out} without an opt-out" if s.no_opt_out else "",
             f"{s.not_applicable} not applicable" if s.not_applicable else ""]
    counted = " and ".join(m.replace("_", " ") for m in sorted(COUNTED_MEANINGS, reverse=True))
    lines += [" · ".join([f"**{s.on} on · {s.off} off · {s.unknown} unknown**", *filter(None, extra)]), "",
              f"Counted: {counted} controls. Ads and telemetry controls are shown, never counted.", ""]
    return "\n".join(lines)


def _order(meaning: str) -> int:
    return MEANING_ORDER.index(meaning) if meaning in MEANING_ORDER else len(MEANING_ORDER)


def _snippets(report: ScanReport) -> list[str]:
    """Local tools: the JSON to add to each settings file, for the controls not verified off."""
    from ..engine.local_tools import merged_snippet

    lines = []
    for p in report.providers:
        pending = [c for c in p.controls if c.fix_snippet and c.status.value in ("on", "unknown")]
        for path in dict.fromkeys(c.fix_path for c in pending):
            lines += ["", f"{_line(p.name)}: add to `{_line(path or '')}` (Untrain never edits it):", "",
                      "```json", merged_snippet([c for c in pending if c.fix_path == path]), "```"]
    return lines


def _cell(text: str) -> str:
    return _line(text).replace("|", "\\|")


def _line(text: str) -> str:
    return text.replace("\r", " ").replace("\n", " ")
