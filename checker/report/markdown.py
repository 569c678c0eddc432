"""The Markdown report, for pasting into an issue or a note."""

from __future__ import annotations

from ..results import ScanReport
from .labels import status_words


def render(report: ScanReport) -> str:
    lines = [f"# Untrain scan{' (demo)' if report.demo else ''}", "", f"Generated {report.generated_at}.", "",
             "| Provider | Control | Status | Fix / reason |", "|---|---|---|---|"]
    for p in report.providers:
        for c in p.controls or []:
            what = c.fix_path if c.status.value == "on" else (c.detail or "")
            lines.append(f"| {p.name} | {c.label} | {status_words(c.status, c.reason)} | {_cell(what)} |")
        if not p.controls:
            lines.append(f"| {p.name} | — | {status_words(p.status, p.reason)} | {_cell(p.detail or '')} |")
    drifted = [(p.name, d.message) for p in report.providers for d in p.drift]
    if drifted:
        lines += ["", "Path drift:", *(f"- {name}: {message}" for name, message in drifted)]
    s = report.summary
    lines += ["", f"**{s.on} on · {s.off} off · {s.unknown} unknown**", ""]
    return "\n".join(lines)


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")
