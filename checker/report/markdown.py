"""The Markdown report, for pasting into an issue or a note."""

from __future__ import annotations

from ..results import ControlResult, ScanReport
from .labels import status_words


def render(report: ScanReport) -> str:
    lines = [f"# Untrain scan{' (demo)' if report.demo else ''}", "", f"Generated {report.generated_at}.", "",
             "| Provider | Control | Status | Fix / reason |", "|---|---|---|---|"]
    for p in report.providers:
        for c in p.controls or []:
            what = c.fix_path if c.status.value == "on" else (c.detail or "")
            lines.append(f"| {_cell(p.name)} | {_cell(_control_label(c))} | {status_words(c.status, c.reason)} "
                         f"| {_cell(what or '')} |")
        if not p.controls:
            lines.append(f"| {_cell(p.name)} | — | {status_words(p.status, p.reason)} | {_cell(p.detail or '')} |")
    # Drift on the way (a renamed tab) and on a control itself (a renamed switch): the messages name
    # the expected label, the one found and the candidate that found it.
    drifted = [(p.name, d.message) for p in report.providers
               for d in [*p.drift, *(d for c in p.controls for d in c.drift)]]
    drifted = list(dict.fromkeys(drifted))  # a control's drift can also be the walk's
    if drifted:
        lines += ["", "Path drift:", *(f"- {_line(name)}: {_line(message)}" for name, message in drifted)]
    lines += _snippets(report)
    s = report.summary
    lines += ["", f"**{s.on} on · {s.off} off · {s.unknown} unknown**", ""]
    return "\n".join(lines)


def _snippets(report: ScanReport) -> list[str]:
    """Local tools: the JSON to add to each settings file, for the controls not verified off."""
    from ..local_tools import merged_snippet

    lines = []
    for p in report.providers:
        pending = [c for c in p.controls if c.fix_snippet and c.status.value in ("on", "unknown")]
        for path in dict.fromkeys(c.fix_path for c in pending):
            lines += ["", f"{_line(p.name)}: add to `{_line(path or '')}` (Untrain never edits it):", "",
                      "```json", merged_snippet([c for c in pending if c.fix_path == path]), "```"]
    return lines


def _control_label(control: ControlResult) -> str:
    # Its `on` is not a training switch and is not counted: say so, as the terminal table does.
    return control.label + (" (informational)" if control.meaning != "training" else "")


def _cell(text: str) -> str:
    return _line(text).replace("|", "\\|")


def _line(text: str) -> str:
    return text.replace("\r", " ").replace("\n", " ")
