"""The terminal report: one row per control, the fix for every `on`, the reason for every unknown."""

from __future__ import annotations

from rich.console import Console
from rich.markup import escape
from rich.table import Table
from rich.text import Text

from ..results import ScanReport, Status
from .labels import STATUS_TEXT, status_words


def render(report: ScanReport, console: Console, manual: list[tuple[str, str]] | None = None) -> None:
    title = "Untrain scan" + (" — DEMO against bundled replicas, not your accounts" if report.demo else "")
    table = Table(title=title, title_style="bold", show_lines=False, expand=False)
    table.add_column("Provider", style="bold", no_wrap=True)
    table.add_column("Control")
    table.add_column("Status", no_wrap=True)
    table.add_column("What to do")
    for provider in report.providers:
        rows = provider.controls or [None]
        for i, control in enumerate(rows):
            status = control.status if control else provider.status
            reason = control.reason if control else provider.reason
            _, _, colour = STATUS_TEXT[status]
            # Page text and CSS can hold [brackets]: every dynamic cell is plain Text, never markup.
            label = Text(control.label if control else "—")
            if control and control.meaning != "training":
                label.append(" (informational)")
            if control and control.drift:
                label.append("\ndrift: ", style="yellow")
                label.append("; ".join(f"expected '{d.expected_label}', found '{d.found_label}' "
                                       f"(candidate {d.candidate_rank + 1})" for d in control.drift))
            table.add_row(
                Text(provider.name if i == 0 else ""),
                label,
                Text(status_words(status, reason), style=colour),
                Text(_advice(provider, control)),
            )
    console.print(table)
    s = report.summary
    console.print(
        f"[red]{s.on} on[/] · [green]{s.off} off[/] · [yellow]{s.unknown} unknown[/]"
        + (f" · {s.no_opt_out} without an opt-out" if s.no_opt_out else "")
        + (f" · {s.not_applicable} not applicable" if s.not_applicable else "")
    )
    for change in report.changes:
        console.print(f"[bold]changed:[/] {escape(change)}")
    for provider in report.providers:
        for drift in provider.drift:
            console.print(f"[yellow]{escape(provider.name)}: the path drifted:[/] {escape(drift.message)}", highlight=False)
        for note in provider.notes:
            console.print(f"[dim]{escape(provider.name)}: {escape(note)}[/]")
    _print_snippets(report, console)
    no_opt_out = [p for p in report.providers if p.status == Status.no_opt_out and p.detail]
    if no_opt_out:
        console.print("\n[bold]No opt-out[/] (what you can do instead):")
        for provider in no_opt_out:
            console.print(f"  • [bold]{escape(provider.name)}[/]: {escape(provider.detail)}", highlight=False)
    if manual:
        console.print("\n[bold]Check manually[/] (no page Untrain can read):")
        for name, advice in manual:
            console.print(f"  • [bold]{escape(name)}[/]: {escape(advice)}", highlight=False)
    if report.demo:
        console.print("[bold yellow]This was a demo.[/] Sign in once with `untrain login`, then run `untrain scan`.")


def _print_snippets(report: ScanReport, console: Console) -> None:
    """Local tools: the JSON to paste, per settings file, for every control not verified off. Plain
    text (no box, no markup) so it copies as it is; Untrain never edits the file itself."""
    from ..local_tools import merged_snippet

    for provider in report.providers:
        pending = [c for c in provider.controls if c.fix_snippet and c.status in (Status.on, Status.unknown)]
        for path in dict.fromkeys(c.fix_path for c in pending):
            snippet = merged_snippet([c for c in pending if c.fix_path == path])
            console.print(f"\n{provider.name}: to turn these off, add this to {path} "
                          "(merge it into the object there, or create the file with it):", markup=False, highlight=False)
            console.print(snippet, markup=False, highlight=False, soft_wrap=True)


def _advice(provider, control) -> str:
    status = control.status if control else provider.status
    if status in (Status.on, Status.unknown) and control and control.fix_snippet:
        why = control.detail if status == Status.unknown else ""  # an `on` needs no story, the JSON says it
        return f"{why or ''}\nFix: add the JSON below to {control.fix_path}".strip()
    if status == Status.on and control:
        return f"Turn it off: {control.fix_path}\n{control.deep_link or ''}".strip()
    if status == Status.unknown:
        detail = (control.detail if control else None) or provider.detail or ""
        return detail
    if status == Status.no_opt_out:
        return "No training toggle: see below"
    if status == Status.not_applicable:
        return (control.detail if control else None) or provider.detail or ""
    return ""
