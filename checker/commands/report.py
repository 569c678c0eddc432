"""`untrain report --html FILE`: one self-contained page with every control's state and history."""

from __future__ import annotations

import argparse
from pathlib import Path

from rich.console import Console
from rich.markup import escape

from .. import data_paths
from ..catalog import load_catalog
from ..history import History, recovery_warning
from ..local_tools import fix_snippet
from ..report import html


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("report", help="write an HTML page of the latest states and their history",
                       description="Write a single self-contained HTML page (no external assets) from "
                       "Untrain's history: the latest state of every control, how to fix it, and a timeline.")
    p.add_argument("--html", type=Path, metavar="FILE", required=True, help="where to write the page")
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    catalog = load_catalog()
    names = {e.scenario.id: e.scenario.name for e in catalog.entries.values()}
    fixes = {(e.scenario.id, c.id): (c.fix_path, e.scenario.deep_link)
             for e in catalog.entries.values() for c in e.scenario.controls}
    snippets = {(e.scenario.id, c.id): fix_snippet(c.local)
                for e in catalog.entries.values() for c in e.scenario.controls if c.local}
    with History() as history:
        moved = history.take_recovery_notices()
        if moved:
            Console(stderr=True, highlight=False, soft_wrap=True).print(
                f"[yellow]warning:[/] {escape(recovery_warning(moved, history.path))}")
        page = html.render(history, names, fixes, snippets=snippets)
    data_paths.write_private(args.html, page)  # it lists the person's accounts' settings
    print(f"wrote {args.html}")
    return 0
