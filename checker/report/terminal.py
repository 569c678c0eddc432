"""The terminal report: every control grouped by what it means (training, human review, ads,
telemetry), the fix for every `on`, the reason for every unknown.

Two layouts, one content: a table from 100 columns up, and below that one block per control, so
nothing is squeezed into a 12-character column. Either way a deep link is printed whole on its own
line (the terminal wraps it, so it stays one link to click or copy; OSC 8 where the terminal
supports it), a fix path wraps only between words, and a local tool's `fix_snippet` JSON is printed
whole after the report, merged per settings file, to paste as it is.

Fields that other parts of Untrain may add later (`fix_snippet`, the `not_trained` status, new
meanings) are read with defaults, so this works before and after they exist.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from rich.console import Console
from rich.markup import escape
from rich.padding import Padding
from rich.style import Style
from rich.table import Table
from rich.text import Text

from ..results import ScanReport, Status
from .drift_words import plain as drift_in_words
from .labels import REASON_TEXT, STATUS_TEXT, change_words

NARROW_BELOW = 100  # columns; below this the four-column table leaves a dozen characters for the fix

# Meaning value -> heading, in the order shown. Any other value gets its own group after these.
GROUPS = {"training": "Training", "human_review": "Human review", "ads": "Ads", "telemetry": "Telemetry"}

NOT_TRAINED = "not_trained"  # documented as not trained, with no switch: its own outcome, not a risk
_NOT_TRAINED_LOOK = ("✓", "not trained · no switch", "cyan")


@dataclass
class Row:
    """One line of the report: a control, or a provider without controls (no opt-out, say)."""

    provider: str  # the provider's name
    label: str
    status_text: str
    style: str
    advice: list[str] = field(default_factory=list)  # what to do, or why it is unknown
    drift: list[str] = field(default_factory=list)  # plain words; the locator detail under --verbose
    link: str | None = None  # the deep link, printed whole


def render(report: ScanReport, console: Console, manual: list[tuple[str, str]] | None = None, *,
           verbose: bool = False) -> None:
    title = "Untrain scan" + (" — DEMO against bundled replicas, not your accounts" if report.demo else "")
    groups = _groups(report, verbose)
    if console.width < NARROW_BELOW:
        _blocks(title, groups, console)
    else:
        _table(title, groups, console)
    console.print()
    _summary(report, console)
    for change in report.changes:
        console.print(f"[bold]changed:[/] {escape(change_words(change))}")
    for provider in report.providers:
        for drift in provider.drift:
            words = drift_in_words(drift) + (f" ({drift.message})" if verbose else "")
            console.print(Text.assemble((f"{provider.name}: ", "yellow"), words, " — the scan still found it"))
        for note in provider.notes:
            console.print(Text(f"{provider.name}: {note}", style="dim"))
    _print_snippets(report, console)
    no_opt_out = [p for p in report.providers if p.status == Status.no_opt_out and p.detail]
    if no_opt_out:
        console.print("\n[bold]No opt-out[/] (what you can do instead):")
        for provider in no_opt_out:
            console.print(Text.assemble("  • ", (provider.name, "bold"), ": ", provider.detail))
    if manual:
        console.print("\n[bold]Check manually[/] (no page Untrain can read):")
        for name, advice in manual:
            console.print(Text.assemble("  • ", (name, "bold"), ": ", advice))


# --------------------------------------------------------------------------- content


def _groups(report: ScanReport, verbose: bool) -> list[tuple[str, list[Row]]]:
    """Rows by meaning, known meanings first in their order, then others in the order met."""
    grouped: dict[str, list[Row]] = {}
    for provider in report.providers:
        if not provider.controls:
            grouped.setdefault("training", []).append(_provider_row(provider))
        for control in provider.controls:
            meaning = getattr(control, "meaning", None) or "training"
            grouped.setdefault(meaning, []).append(_control_row(provider, control, verbose))
    order = [m for m in GROUPS if m in grouped] + [m for m in grouped if m not in GROUPS]
    return [(GROUPS.get(m) or m.replace("_", " ").capitalize(), grouped[m]) for m in order]


def _look(status, reason) -> tuple[str, str]:
    """The status in words (never colour alone) and its colour."""
    value = getattr(status, "value", status)
    icon, word, colour = _NOT_TRAINED_LOOK if value == NOT_TRAINED else STATUS_TEXT[Status(value)]
    return f"{icon} {word}" + (f" ({REASON_TEXT[reason]})" if reason else ""), colour


def _provider_row(provider) -> Row:
    text, style = _look(provider.status, provider.reason)
    row = Row(provider.name, "—", text, style)
    if provider.status == Status.no_opt_out:
        row.advice.append("No training toggle: see below")
    elif provider.detail:
        row.advice.append(provider.detail)
    return row


def _control_row(provider, control, verbose: bool) -> Row:
    text, style = _look(control.status, control.reason)
    row = Row(provider.name, control.label, text, style)
    row.drift = [drift_in_words(d) + (f" ({d.message})" if verbose else "") for d in control.drift]
    status = getattr(control.status, "value", control.status)
    snippet = getattr(control, "fix_snippet", None)
    if snippet and status in (Status.on.value, Status.unknown.value):
        # The JSON itself is printed whole after the report, merged per file (_print_snippets).
        if status == Status.unknown.value and control.detail:
            row.advice.append(control.detail)
        row.advice.append(f"Fix: add the JSON below to {control.fix_path}")
    elif status == Status.on.value:
        if control.fix_path:
            row.advice.append(f"Turn it off: {control.fix_path}")
        row.link = control.deep_link
    elif status in (Status.unknown.value, Status.not_applicable.value, NOT_TRAINED):
        detail = control.detail or provider.detail
        if detail:
            row.advice.append(detail)
    return row


# --------------------------------------------------------------------------- layouts


def _table(title: str, groups: list[tuple[str, list[Row]]], console: Console) -> None:
    rows = [row for _, group in groups for row in group]
    table = Table(title=title, title_style="bold", show_lines=False, expand=False)
    table.add_column("Provider", style="bold", no_wrap=True)
    table.add_column("Control")
    table.add_column("Status", no_wrap=True)
    # Wide enough for the longest word, so a fix path wraps between words, never inside one.
    longest = max((len(w) for r in rows for line in r.advice for w in line.split()), default=10)
    table.add_column("What to do", min_width=min(longest, 40))
    for index, (heading, group) in enumerate(groups):
        if len(groups) > 1:
            if index:
                table.add_section()
            table.add_row(Text(heading, style="bold underline"), "", "", "")
        previous = None
        for row in group:
            # Page text can hold [brackets]: every dynamic cell is plain Text, never markup.
            label = Text(row.label)
            for drift in row.drift:
                label.append("\ndrift: ", style="yellow")
                label.append(drift)
            advice = list(row.advice)
            if row.link:
                advice.append("(link below)")
            table.add_row(Text(row.provider if row.provider != previous else ""), label,
                          Text(row.status_text, style=row.style), Text("\n".join(advice)))
            previous = row.provider
    console.print(table)
    # Outside the table, so no column ever cuts them.
    for row in rows:
        if row.link:
            console.print(Text.assemble((f"{row.provider} · {row.label}", "bold"), ":"))
            _print_link(row, console, indent=2)


def _blocks(title: str, groups: list[tuple[str, list[Row]]], console: Console) -> None:
    console.print(Text(title, style="bold"))
    for heading, group in groups:
        console.print()
        console.print(Text(heading, style="bold underline"))
        previous = None
        for row in group:
            if row.provider != previous:
                console.print(Text(row.provider, style="bold"))
                previous = row.provider
            head = Text.assemble((row.status_text, row.style), "  ", row.label)
            console.print(Padding(head, (0, 0, 0, 2), expand=False))
            for drift in row.drift:
                console.print(Padding(Text.assemble(("drift: ", "yellow"), drift), (0, 0, 0, 4), expand=False))
            for line in row.advice:
                console.print(Padding(Text(line), (0, 0, 0, 4), expand=False))
            _print_link(row, console, indent=4)


def _print_link(row: Row, console: Console, indent: int) -> None:
    """The link, whole: soft_wrap hands a long line to the terminal unbroken."""
    if row.link:
        console.print(Text.assemble(" " * indent, (row.link, Style(link=row.link))), soft_wrap=True)


def _summary(report: ScanReport, console: Console) -> None:
    s = report.summary
    not_trained = getattr(s, NOT_TRAINED, 0)
    console.print(
        f"[red]{s.on} on[/] · [green]{s.off} off[/] · [yellow]{s.unknown} unknown[/]"
        + (f" · {s.no_opt_out} without an opt-out" if s.no_opt_out else "")
        + (f" · {not_trained} not trained (no switch)" if not_trained else "")
        + (f" · {s.not_applicable} not applicable" if s.not_applicable else "")
    )


def _print_snippets(report: ScanReport, console: Console) -> None:
    """Local tools: the JSON to paste, per settings file, for every control not verified off. Plain
    text (no box, no markup) so it copies as it is; Untrain never edits the file itself."""
    from ..engine.local_tools import merged_snippet

    for provider in report.providers:
        pending = [c for c in provider.controls if c.fix_snippet and c.status in (Status.on, Status.unknown)]
        for path in dict.fromkeys(c.fix_path for c in pending):
            snippet = merged_snippet([c for c in pending if c.fix_path == path])
            console.print(f"\n{provider.name}: to turn these off, add this to {path} "
                          "(merge it into the object there, or create the file with it):", markup=False, highlight=False)
            console.print(snippet, markup=False, highlight=False, soft_wrap=True)

