"""`untrain history [--provider ID] [--json]`: past scans, newest first, with what changed."""

from __future__ import annotations

import argparse
import json
from dataclasses import asdict

from rich.console import Console
from rich.markup import escape

from .. import arg_types
from ..store.history import History, recovery_warning
from ..report.labels import STATUS_TEXT, change_words, status_words


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("history", help="list past scans and what changed in each",
                       description="List the scans kept in Untrain's history, newest first, with each "
                       "provider's status and the changes since the scan before, and the readings the "
                       "extension took in the page.")
    p.add_argument("--provider", metavar="ID", help="only this provider")
    p.add_argument("--limit", type=arg_types.zero_or_more, default=20, metavar="N", help="at most N scans (default 20; 0 = all)")
    p.add_argument("--json", action="store_true", help='print JSON: {"scans": [...], "readings": [...]}')
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    console = Console(highlight=False)
    with History() as history:
        moved = history.take_recovery_notices()
        if moved:
            Console(stderr=True, highlight=False, soft_wrap=True).print(
                f"[yellow]warning:[/] {escape(recovery_warning(moved, history.path))}")
        scans = history.scans(args.provider, args.limit or None)
        readings = history.readings(args.provider, args.limit or None)
    if args.provider and not scans and not readings:
        _check_known(args.provider)
    if args.json:
        # Both kinds, as the table shows them: a reading taken in the page is as current as a scan.
        print(json.dumps({"scans": [_as_json(s) for s in scans], "readings": [_reading_json(r) for r in readings]},
                         indent=2, ensure_ascii=False))
        return 0
    if not scans and not readings:
        if args.provider:
            console.print(f"No scans of {escape(args.provider)} yet. Run `untrain scan {escape(args.provider)}`.")
        else:
            console.print("No scans yet. Run `untrain scan`.")
        return 0
    if readings:
        console.print("[bold]Read in the page by the extension[/] (newest first)")
        for reading in readings:
            colour = STATUS_TEXT[reading.status][2]
            console.print(f"    {reading.at} {escape(reading.provider)} · {escape(reading.label or reading.control)}: "
                          f"[{colour}]{escape(status_words(reading.status, reading.reason))}[/]")
    for scan in scans:
        console.print(f"[bold]#{scan.id}[/] {scan.at} [dim]({escape(scan.source)})[/]")
        for provider, (name, status, reason) in scan.providers.items():
            colour = STATUS_TEXT[status][2]
            console.print(f"    {escape(name)}: [{colour}]{escape(status_words(status, reason))}[/]")
        for change in scan.changes:
            console.print(f"    [bold]changed:[/] {escape(change_words(change))}")
    return 0


def _check_known(provider: str) -> None:
    """Nothing in the history for this id: a typo gets the list of known ids (exit 64), not an
    empty history. Ids only in old history (a provider since removed) were found above."""
    from ..catalogue.catalog import load_catalog

    load_catalog().select([provider])  # raises UnknownProvider


def _reading_json(reading) -> dict:
    return {"at": reading.at, "provider": reading.provider, "control": reading.control, "label": reading.label,
            "status": reading.status.value, "reason": reading.reason.value if reading.reason else None,
            "url": reading.url, "detail": reading.detail}


def _as_json(scan) -> dict:
    data = asdict(scan)
    data["changes"] = [c if isinstance(c, str) else c.model_dump(mode="json") for c in scan.changes]
    data["providers"] = {pid: {"name": name, "status": status.value, "reason": reason.value if reason else None}
                         for pid, (name, status, reason) in scan.providers.items()}
    return data
