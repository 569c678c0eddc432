"""`untrain report --html FILE`: one self-contained page with every control's state and history.
With --demo, the page of the last `untrain scan --demo` (kept apart from the person's history)."""

from __future__ import annotations

import argparse
from pathlib import Path

from rich.console import Console
from rich.markup import escape

from ..store import data_paths
from ..catalogue.catalog import load_catalog
from ..errors import UsageError
from ..store.history import History, recovery_warning
from ..invocation import prog
from ..engine.local_tools import fix_snippet
from ..report import html

DEMO_BANNER = ('<p class="demo" style="padding:10px 14px;border-radius:8px;background:var(--unknown-bg)">'
               "<strong>Demo:</strong> bundled replicas, not your accounts.</p>")


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("report", help="write an HTML page of the latest states and their history",
                       description="Write a single self-contained HTML page (no external assets) from "
                       "Untrain's history: the latest state of every control, how to fix it, and a timeline. "
                       "With --demo, the page of the last `untrain scan --demo` instead.")
    p.add_argument("--html", type=Path, metavar="FILE", required=True, help="where to write the page")
    p.add_argument("--demo", action="store_true",
                   help="the last `untrain scan --demo`, kept apart from your own history")
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    data_paths.check_writable_folder(args.html, "--html")
    if args.demo:
        path = data_paths.demo_history_file()
        if not path.is_file():
            raise UsageError(f"no demo has been kept yet: run `{prog()} scan --demo` first")
    else:
        path = None
    catalog = load_catalog()
    names = {e.scenario.id: e.scenario.name for e in catalog.entries.values()}
    fixes = {(e.scenario.id, c.id): (c.fix_path, e.scenario.deep_link)
             for e in catalog.entries.values() for c in e.scenario.controls}
    snippets = {(e.scenario.id, c.id): fix_snippet(c.local)
                for e in catalog.entries.values() for c in e.scenario.controls if c.local}
    meanings = {(e.scenario.id, c.id): c.meaning.value for e in catalog.entries.values() for c in e.scenario.controls}
    with History(path) as history:
        moved = history.take_recovery_notices()
        if moved:
            Console(stderr=True, highlight=False, soft_wrap=True).print(
                f"[yellow]warning:[/] {escape(recovery_warning(moved, history.path))}")
        empty = not history.latest_controls()
        page = html.render(history, names, fixes, snippets=snippets, meanings=meanings)
    if args.demo:
        page = page.replace("<main>", "<main>" + DEMO_BANNER, 1)
    data_paths.write_private(args.html, page)  # it lists the person's accounts' settings
    print(f"wrote {args.html}")
    if empty:
        print(f"Your history is empty, so the page is too: run `{prog()} scan` first "
              f"(a demo is kept apart: `{prog()} report --demo --html FILE`).")
    return 0
