"""`untrain scan`: read every provider's training controls and report what is still on."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from rich.console import Console
from rich.progress import BarColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn
from rich.text import Text

from .. import __version__, arg_types, har
from ..notify import after_scan
from ..store import config, data_paths
from ..engine import early_driver
from ..har import misses as har_misses
from ..replicas import option as replica_option
from ..engine.sources import PageSource, open_session
from ..catalogue.catalog import UnknownProvider, load_catalog
from ..errors import DataError, UsageError
from ..store.lock import scan_lock
from ..replicas.demo import demo_host, demo_world, misread
from ..invocation import prog
from ..engine.local_tools import Host, installed
from ..catalogue.models import Kind
from ..report import json_report, markdown, terminal
from ..results import ExitCode, ScanReport, Source
from ..engine.runner import DEFAULT_CONCURRENCY, DEFAULT_TIMEOUT, ScanOptions, needs_browser, scan


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "scan",
        help="read each provider's training controls and report what is still on",
        description="Open each provider's settings page in your Untrain browser profile, read the "
        "training controls without changing anything, and report which are still on. "
        "Local AI tools installed here (claude-code, gemini-cli) are read from their settings "
        "files, with no browser; the report gives the JSON to add, and Untrain never edits them. "
        "Use --demo to try it against bundled replicas (and sample settings files) without signing in.",
    )
    p.add_argument("ids", nargs="*", metavar="PROVIDER",
                   help="provider ids to scan, as in `untrain scan chatgpt claude` (default: the config's, else all)")
    p.add_argument("--provider", action="append", metavar="ID", help="scan only this provider (repeatable)")
    p.add_argument("--demo", action="store_true", help="scan the bundled replicas instead of your accounts")
    p.add_argument("--har", type=Path, metavar="FILE", help="serve every request from a recorded HAR file; its page reaches no network and no file")
    p.add_argument("--json", metavar="FILE", help="write the JSON report to FILE ('-' for stdout)")
    p.add_argument("--markdown", type=Path, metavar="FILE", help="write a Markdown report to FILE")
    p.add_argument("--headed", action="store_true", help="show the browser window (helps with bot checks)")
    p.add_argument("--profile", type=Path, metavar="DIR", help="browser profile (default: the one `untrain login` made)")
    p.add_argument("--timeout", type=arg_types.seconds, metavar="S",
                   help=f"seconds to wait for each page element (default: the config's, else {DEFAULT_TIMEOUT:g})")
    p.add_argument("--concurrency", type=arg_types.at_least_one, metavar="N",
                   help=f"provider pages open at once (default: the config's, else {DEFAULT_CONCURRENCY})")
    p.add_argument("--verbose", action="store_true",
                   help="also show which locator candidate found a drifted element (the JSON always has it)")
    p.add_argument("--notify", action="store_true",
                   help="alert (desktop, Apprise) when a control turns on or stays unknown; see `untrain config`")
    # Tests and demos of sign-in: serve a bundled replica inside the profile instead of the real site.
    p.add_argument("--replica", action="append", metavar="PROVIDER=STATE", help=argparse.SUPPRESS)
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    args.provider = [*(args.provider or []), *args.ids] or None  # `untrain scan chatgpt` = --provider chatgpt
    args.config = config.load()
    if args.notify and (warning := config.exposure_warning(config.path(create_folder=False), args.config)):
        # soft_wrap: a path is one word to copy; Text: a [bracket] in it is not markup.
        Console(stderr=True, highlight=False, soft_wrap=True).print(Text.assemble(("warning: ", "yellow"), warning))
    if args.har and args.demo:
        raise UsageError("--har and --demo are two different sources; pick one")
    if args.replica and (args.har or args.demo):
        raise UsageError("--replica serves replicas inside your profile; it does not go with --demo or --har")
    args.replica_world = replica_option.parse(args.replica)
    if args.demo or args.har:
        return _run(args)
    # Personal scans share one browser profile and one history: one at a time.
    with scan_lock():
        return _run(args)


def _run(args: argparse.Namespace) -> int:
    catalog = load_catalog()
    chosen = args.provider or args.config.providers
    if args.replica_world and not args.provider:
        chosen = list(args.replica_world.sites)
    try:
        entries = catalog.select(chosen)
    except UnknownProvider as exc:
        if args.provider or not args.config.providers:
            raise
        raise DataError(f"{config.path()}: providers: {exc}") from None
    if not chosen:
        entries = _default_local_tools(entries, args)
    args.har_checked = har.check_file(args.har) if args.har else None
    if args.har_checked and (warning := har.side_file_warning(args.har, args.har_checked)):
        Console(stderr=True, highlight=False).print(Text.assemble(("warning: ", "yellow"), warning))
    if args.json and args.json != "-":
        data_paths.check_writable_folder(Path(args.json), "--json")
    if args.markdown:
        data_paths.check_writable_folder(args.markdown, "--markdown")
    pages = [e.scenario.id for e in entries if e.scenario.kind == Kind.page]
    signed_out = bool(pages) and _never_signed_in(args)
    if signed_out:
        login = f"{prog()} login" + ("".join(f" {p}" for p in pages) if len(pages) <= 3 else "")
        local = [e for e in entries if e.scenario.kind == Kind.local]
        Console(stderr=True, highlight=False).print(
            "No provider is signed in with Untrain yet, so there is no account of yours to read"
            + (" (your local AI tools are read below)" if local else "") + ".\n"
            f"  • Sign in once:   {login}\n"
            f"  • Or see a scan:  {prog()} scan --demo   (bundled replicas, nothing leaves your machine)",
            markup=False)
        if not local:
            return ExitCode.UNVERIFIED
        entries = local  # settings files need no sign-in
    to_stdout = args.json == "-"
    console = Console(stderr=to_stdout, highlight=False, emoji=False)
    timeout = args.config.element_timeout(args.timeout)
    options = ScanOptions(timeout=timeout, concurrency=args.config.pages_at_once(args.concurrency),
                          source=Source.demo if args.demo else Source.har if args.har else Source.scan)
    if args.demo:
        with demo_host() as host:  # the demo's local tools read sample files, never yours
            options.host = host
            providers = early_driver.run(_scan(entries, args, options, console))
    else:
        providers = early_driver.run(_scan(entries, args, options, console))
    manual = [(e.scenario.name, e.scenario.advice or "") for e in entries if e.scenario.kind == Kind.advice]
    if args.har:
        _explain_har_misses(providers, entries, args.har)
    report = ScanReport.build(providers, untrain_version=__version__, demo=args.demo,
                              demo_misread=misread(providers) if args.demo else [])
    # History, changes, alerts; before printing.
    after = after_scan.record_and_alert(report, options.source, notify=args.notify, settings=args.config.notify)
    terminal.render(report, console, manual, verbose=args.verbose)
    if args.demo:
        _demo_verdict(report, console)
    after.print(console)
    if args.demo:
        console.print(Text(f"Your own accounts: {prog()} login chatgpt (or any provider), then {prog()} scan"))
    if args.json:
        text = json_report.dumps(report)
        if to_stdout:
            sys.stdout.write(text)
        else:
            data_paths.write_private(Path(args.json), text)
    if args.markdown:
        data_paths.write_private(args.markdown, markdown.render(report))
    if signed_out and report.exit_code != ExitCode.ON:
        return ExitCode.UNVERIFIED  # the accounts were not read, so they are not verified
    return report.exit_code


def _default_local_tools(entries, args):
    """With no provider named, a personal scan reads the local tools installed here (and leaves out
    the others); the demo reads its sample ones; a HAR replay is about pages only."""
    if args.demo:
        return entries
    keep_local = not args.har and not args.replica_world
    host = Host.current()
    return [e for e in entries if e.scenario.kind != Kind.local or (keep_local and installed(e.scenario, host))]



def _explain_har_misses(providers, entries, har_file: Path) -> None:
    scenarios = {e.scenario.id: e.scenario for e in entries}
    for provider in providers:
        provider.detail = har_misses.explain(provider.detail, scenarios[provider.id], har_file)
        for control in provider.controls:
            control.detail = har_misses.explain(control.detail, scenarios[provider.id], har_file)


def _demo_verdict(report: ScanReport, console: Console) -> None:
    """What the demo was and whether it worked: that is its exit code, not the replicas' states."""
    wrong = report.demo_misread
    if wrong:
        console.print(Text.assemble(("The demo did not read as declared", "bold red"),
                                    " (a browser or Untrain problem; exit 2):"))
        for line in wrong:
            console.print(Text(f"  • {line}"))
    else:
        console.print(Text.assemble(("This was a demo", "bold yellow"),
                                    ": every replica read as declared, its on and unknown rows included (exit 0)."))


def _never_signed_in(args) -> bool:
    """A live scan with the default profile before any `untrain login`: every row would be unknown."""
    if args.demo or args.har or args.profile or args.replica_world:
        return False
    profile = data_paths.user_data_dir() / "profile"
    return not profile.is_dir() or not any(p.name != data_paths.PROFILE_MARKER for p in profile.iterdir())


async def _scan(entries, args, options: ScanOptions, console: Console):
    names = {e.scenario.id: e.scenario.name for e in entries}
    with Progress(SpinnerColumn(), TextColumn("{task.description}"), BarColumn(), TimeElapsedColumn(),
                  console=console, transient=True) as bar:
        task = bar.add_task("Scanning", total=len([e for e in entries if e.scenario.kind != Kind.advice]))
        running: set[str] = set()

        def progress(provider: str, event: str) -> None:
            (running.add if event == "start" else running.discard)(provider)
            if event == "done":
                bar.advance(task)
            bar.update(task, description="Scanning " + ", ".join(names[p] for p in sorted(running)))

        if not needs_browser(entries):  # local tools only: no driver, no browser
            return await scan(entries, None, options, progress)
        async with early_driver.playwright() as pw, \
                open_session(pw, _source(entries, args), headed=args.headed, configured=args.config.browser) as session:
            return await scan(entries, session, options, progress)


def _source(entries, args) -> PageSource:
    if args.demo:
        return PageSource(world=demo_world([e.scenario.id for e in entries]))
    if args.har:
        return PageSource(har=args.har, har_checked=args.har_checked)
    return PageSource(profile=data_paths.claim_profile(args.profile), world=args.replica_world)
