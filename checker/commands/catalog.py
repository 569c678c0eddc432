"""`untrain catalog`: list the providers Untrain knows, with sources and confidence; `--due` lists
what is past its recheck date and what to check live (checker/catalogue/freshness.py)."""

from __future__ import annotations

import argparse
import json
from datetime import date

from rich.console import Console
from rich.markup import escape
from rich.padding import Padding
from rich.table import Table
from rich.text import Text

from ..catalogue.catalog import load_catalog
from ..catalogue.freshness import DueItem, due_items
from ..engine.local_tools import fix_snippet
from ..results import COUNTED_MEANINGS
from ..report.terminal import NARROW_BELOW


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("catalog", help="list the providers in the catalogue (and lint it)",
                       description="List every provider in the catalogue. Loading it also lints it: "
                       "a bad file exits 65 naming file, line and field. Entries past their recheck "
                       "date are marked, and named below the table; --due lists only what is past its "
                       "date (whole entries, and single facts with a date of their own), each with what "
                       "to check live.")
    p.add_argument("--json", action="store_true", help="print the catalogue as JSON")
    p.add_argument("--due", action="store_true",
                   help="list only the entries and facts past their recheck date, each with what to "
                   "check live (the documented path, labels, defaults) and the command that walks it")
    p.set_defaults(run=run)


def as_json(catalog) -> list[dict]:
    out = []
    for entry in catalog.entries.values():
        sc = entry.scenario
        out.append({
            "id": sc.id, "name": sc.name, "vendor": sc.vendor, "product": sc.product, "kind": sc.kind.value,
            "plan_scope": sc.plan_scope, "confidence": sc.confidence.value,
            "deep_links": [{"url": d.url, "confidence": d.confidence.value, "source": d.source} for d in sc.deep_links],
            "documented_path": sc.documented_path.steps,
            "controls": [{"id": c.id, "label": c.label, "aliases": [a.label for a in c.aliases],
                          "meaning": c.meaning.value, "counted": c.meaning.value in COUNTED_MEANINGS,
                          "severity": c.severity.value, "default": c.default.value
                          if isinstance(c.default.value, str) else c.default.value.value, "fix_path": c.fix_path,
                          "fix_snippet": fix_snippet(c.local) if c.local else None}
                         for c in sc.controls],
            "local": local_json(sc.local),
            "advice": sc.advice,
            "gotchas": [g.text for g in sc.gotchas],
            "sources": [{"id": s.id, "title": s.title, "date": s.date, "url": s.url} for s in sc.sources],
            "last_verified": sc.last_verified, "recheck_after": sc.recheck_after,
            "recheck_due": sc.recheck_due(today()),
        })
    return out


def local_json(tool) -> dict | None:
    """Where a local tool's settings live, lowest precedence first (None for other kinds)."""
    if tool is None:
        return None
    return {
        "binaries": tool.binaries, "folders": tool.folders, "training_follows": tool.training_follows,
        "sources": [{"scope": s.scope.value, "path": s.path.model_dump() if hasattr(s.path, "model_dump") else s.path,
                     "path_env": s.path_env, "source": s.source, "confidence": s.confidence.value}
                    for s in tool.sources],
    }


def run(args: argparse.Namespace) -> int:
    catalog = load_catalog()
    if args.due:
        return _print_due(due_items(catalog, today()), as_json=args.json)
    if args.json:
        print(json.dumps(as_json(catalog), indent=2, ensure_ascii=False))
        return 0
    console = Console(emoji=False, highlight=False)
    due = [e.scenario.id for e in catalog.entries.values() if e.scenario.recheck_due(today())]
    # The id is what people type (`untrain scan ID`): it is never cut, in either layout.
    (_blocks if console.width < NARROW_BELOW else _table)(catalog, console)
    facts_due = [item for item in due_items(catalog, today()) if item.scope == "fact"]
    if due or facts_due:
        named = due + [f"{item.provider} ({item.field})" for item in facts_due]
        console.print(f"Due for a recheck against the sources and the live pages: {', '.join(named)}. "
                      "Until then their facts may have moved; `untrain catalog --due` says what to check.")
    return 0


def _print_due(items: list[DueItem], as_json: bool) -> int:
    if as_json:
        print(json.dumps([item.as_json() for item in items], indent=2, ensure_ascii=False))
        return 0
    console = Console(emoji=False, highlight=False)
    if not items:
        console.print(f"Nothing in the catalogue is past its recheck date ({today().isoformat()}).")
        return 0
    for item in items:
        what = "the whole entry" if item.scope == "entry" else item.field
        console.print(f"[bold]{escape(item.provider)}[/] ({escape(item.name)}): {what}, due since {item.due_since} "
                      f"(last verified {item.last_verified})", soft_wrap=True)
        console.print("  Check live:", markup=False)
        for check in item.checks:
            console.print(f"  - {check}", markup=False, soft_wrap=True)
        if item.command:
            console.print(f"  Walk the path: {item.command}", markup=False)
    console.print("With an account, you can help: see \"How you can help\" in the README.", markup=False)
    return 0


def _verified(sc) -> Text:
    text = Text(sc.last_verified)
    if sc.recheck_due(today()):
        text.append(f" (recheck due since {sc.recheck_after})", style="yellow")
    return text


def _table(catalog, console: Console) -> None:
    table = Table(title="Untrain catalogue")
    table.add_column("ID", no_wrap=True)
    for col in ("Provider", "Kind", "Controls", "Confidence", "Last verified"):
        table.add_column(col)
    for entry in catalog.entries.values():
        sc = entry.scenario
        table.add_row(sc.id, sc.name, sc.kind.value, ", ".join(c.label for c in sc.controls) or "—",
                      sc.confidence.value, _verified(sc))
    console.print(table)


def _blocks(catalog, console: Console) -> None:
    """One block per provider: the id on its own line, then what it is, then its controls."""
    console.print(Text("Untrain catalogue", style="bold"))
    for entry in catalog.entries.values():
        sc = entry.scenario
        console.print()
        console.print(Text.assemble((sc.id, "bold"), f"  {sc.name}"), soft_wrap=True)
        console.print(Padding(Text.assemble(f"{sc.kind.value} · {sc.confidence.value} · last verified ", _verified(sc)),
                              (0, 0, 0, 2), expand=False))
        for control in sc.controls:
            console.print(Padding(Text(f"• {control.label}"), (0, 0, 0, 2), expand=False))


def today() -> date:
    return date.today()  # one place, so a test can hold the calendar still
