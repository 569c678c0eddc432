"""`untrain paths`: check that every documented path still exists, step by step, and say what drifted."""

from __future__ import annotations

import argparse
import asyncio
import sys
from contextlib import nullcontext
from datetime import datetime, timezone
from pathlib import Path

from rich.console import Console
from rich.table import Table

from .. import __version__, arg_types, har
from ..store import config, data_paths
from ..engine import early_driver
from ..har import misses as har_misses
from ..engine.runner import longest_first
from ..engine.sources import PageSource, open_session, shared_browser
from ..catalogue.catalog import Entry, load_catalog
from ..store.config import DEFAULT_TIMEOUT
from ..store.lock import scan_lock
from ..qa import junit
from ..qa.flake import DEFAULT_GONE_AFTER, FlakeStore
from ..qa.paths import PathsOptions, walk_provider
from ..qa.report import PathsReport, PathsStatus, ProviderPaths
from ..replicas.site import ReplicaWorld, available_providers, load_manifest

DEFAULT_REPLICA_STATE = "off"

STYLE = {"found": "green", "drift": "yellow", "skipped": "dim", "missing": "red", "unverified": "magenta",
         "not_reached": "dim"}


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "paths",
        help="check that every documented path still exists, and say exactly what drifted",
        description="Walk each provider's documented path from its start page, step by step, never "
        "skipping ahead by deep link. Each step is found (with the candidate rank), drift (old label → "
        "new label), or missing (with the closest elements on the page). By default it walks the "
        "bundled replicas; --live walks the real sites in your profile, --har a recorded visit. "
        "Then each deep link is opened on its own and must show the element a scan skips ahead to. "
        "Exit 0: every step found (drift is a warning); 2: a step is missing or could not be checked, "
        "or the first deep link (where `untrain open` and the extension send you) no longer lands.",
    )
    p.add_argument("ids", nargs="*", metavar="PROVIDER",
                   help="provider ids to check, as in `untrain paths chatgpt claude` (default: all)")
    p.add_argument("--provider", action="append", metavar="ID", help="check only this provider (repeatable)")
    source = p.add_mutually_exclusive_group()
    source.add_argument("--live", action="store_true", help="walk the real sites with your signed-in profile")
    source.add_argument("--har", type=Path, metavar="FILE",
                        help="serve every request from a recorded HAR file; its page reaches no network and no file")
    p.add_argument("--junit", type=Path, metavar="FILE", help="write JUnit XML (one test case per step)")
    p.add_argument("--artifacts", type=Path, metavar="DIR",
                   help="where failure screenshots and traces go (default: a private folder in your data dir)")
    p.add_argument("--json", metavar="FILE", help="write the JSON report to FILE ('-' for stdout)")
    p.add_argument("--timeout", type=arg_types.seconds, metavar="S",
                   help=f"seconds to wait for each step's element (default: the config's, else {DEFAULT_TIMEOUT:g})")
    p.add_argument("--gone-after", type=arg_types.at_least_one, default=DEFAULT_GONE_AFTER, metavar="N",
                   help=f"declare a step gone after N consecutive missing runs (default {DEFAULT_GONE_AFTER})")
    p.add_argument("--headed", action="store_true", help="show the browser window")
    p.add_argument("--profile", type=Path, metavar="DIR", help="browser profile for --live")
    # For tests and catalogue authors: which replica state to walk (e.g. drifted).
    p.add_argument("--replica-state", default=DEFAULT_REPLICA_STATE, help=argparse.SUPPRESS)
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    args.provider = [*(args.provider or []), *args.ids] or None  # `untrain paths chatgpt` = --provider chatgpt
    args.config = config.load()  # its `browser` and `timeout`, as `untrain scan` uses them
    args.har_checked = har.check_file(args.har) if args.har else None
    if args.har_checked and (warning := har.side_file_warning(args.har, args.har_checked)):
        Console(stderr=True, highlight=False).print(f"warning: {warning}", markup=False)
    if args.json and args.json != "-":
        data_paths.check_writable_folder(Path(args.json), "--json")
    if args.junit:
        data_paths.check_writable_folder(args.junit, "--junit")
    entries = load_catalog().select(args.provider)
    target = "live" if args.live else "har" if args.har else f"replica:{args.replica_state}"
    artifacts = args.artifacts or data_paths.user_data_dir() / "qa-artifacts" / datetime.now(
        timezone.utc).strftime("%Y%m%dT%H%M%SZ")
    options = PathsOptions(timeout=args.config.element_timeout(args.timeout), artifacts=artifacts)
    to_stdout = args.json == "-"
    console = Console(stderr=to_stdout, highlight=False, emoji=False)
    # --live drives the person's profile, as a scan or `untrain login` does: one at a time.
    hold = scan_lock() if args.live else nullcontext()
    with hold, console.status("Walking documented paths…"):
        results = early_driver.run(_walk_all(entries, args, options))
    if args.har:  # a page the HAR lacks is not a connection problem: say what it is
        scenarios = {e.scenario.id: e.scenario for e in entries}
        for result in results:
            result.detail = har_misses.explain(result.detail, scenarios[result.id], args.har)
            for step in result.steps:
                step.detail = har_misses.explain(step.detail, scenarios[result.id], args.har)
    report = PathsReport(untrain_version=__version__, target=target, gone_after=args.gone_after,
                         providers=results)
    with FlakeStore(gone_after=args.gone_after) as store:
        for result in results:
            if result.status != PathsStatus.skipped:
                store.observe(target, result)
    render(report, console)
    if args.junit:
        junit.write(report, args.junit)
    if args.json:
        text = report.model_dump_json(indent=2) + "\n"
        if to_stdout:
            sys.stdout.write(text)
        else:
            data_paths.write_private(Path(args.json), text)
    return report.exit_code


async def _walk_all(entries: list[Entry], args, options: PathsOptions) -> list[ProviderPaths]:
    async with early_driver.playwright() as pw:
        if args.live:
            source = PageSource(profile=data_paths.claim_profile(args.profile))
            async with open_session(pw, source, headed=args.headed, configured=args.config.browser) as session:
                # One at a time: a trace belongs to the whole (shared) persistent context.
                return [await walk_provider(e, session, options) for e in entries]
        # Each provider in a context of its own (its trace is that context's), in one browser.
        async with shared_browser(pw, headed=args.headed, configured=args.config.browser, har=bool(args.har)) as browser:
            gate = asyncio.Semaphore(args.config.pages_at_once(None))  # as `untrain scan` does

            async def one(entry: Entry) -> ProviderPaths:
                source, why_not = _source(entry, args)
                if source is None:
                    sc = entry.scenario
                    return ProviderPaths(id=sc.id, name=sc.name, status=PathsStatus.skipped, detail=why_not)
                async with gate, open_session(pw, source, browser=browser) as session:
                    return await walk_provider(entry, session, options)

            return await longest_first(entries, one)


def _source(entry: Entry, args) -> tuple[PageSource | None, str | None]:
    """Where a provider's pages come from: the HAR, or its replica in the chosen state."""
    if args.har:
        return PageSource(har=args.har, har_checked=getattr(args, "har_checked", None)), None
    provider = entry.scenario.id
    if provider not in available_providers():
        return None, "no bundled replica"
    if args.replica_state not in load_manifest(provider).states:
        return None, f"the replica has no state {args.replica_state!r}"
    return PageSource(world=ReplicaWorld.build({provider: args.replica_state})), None


def render(report: PathsReport, console: Console) -> None:
    console.print(f"[bold]Documented paths[/] · target: {report.target}")
    for provider in report.providers:
        verdict = provider.verdict
        colour = {"ok": "green", "drift": "yellow", "warning": "yellow", "suspect": "red", "gone": "red",
                  "link moved": "red"}.get(verdict, "magenta")
        console.print(f"\n[bold]{provider.name}[/] ([{colour}]{verdict}[/])"
                      + (f": {provider.detail}" if provider.status == PathsStatus.skipped and provider.detail else ""))
        if not provider.steps:
            continue
        table = Table(show_header=True, header_style="bold", box=None, pad_edge=False)
        for col in ("#", "step", "result", "flake"):
            table.add_column(col)
        for step in provider.steps:
            flake = (f"{step.flake} ({step.consecutive_failures}/{report.gone_after})" if step.flake else "")
            table.add_row(str(step.index), step.path or f"{step.kind} {step.target}",
                          f"[{STYLE.get(step.outcome, '')}]{_escape(step.message())}[/]", flake)
        console.print(table)
        for number, link in enumerate(provider.deep_links):
            first = number == 0
            style = {"lands": "green", "misses": "red" if first else "yellow"}.get(link.outcome, "magenta")
            console.print(f"  deep link {_escape(link.url)} ({link.confidence}): "
                          f"[{style}]{_escape(link.message(first=first))}[/]")
        for artifact in provider.artifacts:
            console.print(f"  artifact: {artifact}", markup=False)
    counts = {}
    for provider in report.providers:
        counts[provider.verdict] = counts.get(provider.verdict, 0) + 1
    console.print("\n" + " · ".join(f"{n} {k}" for k, n in sorted(counts.items())))
    if any(p.verdict == "suspect" for p in report.providers):
        console.print(f"A missing step is [bold]suspect[/] until it is missing {report.gone_after} runs in a row; "
                      "run again to confirm.")


def _escape(text: str) -> str:
    return text.replace("[", "\\[")
