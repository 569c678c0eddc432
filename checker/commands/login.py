"""`untrain login [PROVIDER ...]`: sign in once in Untrain's own browser profile."""

from __future__ import annotations

import argparse
import asyncio
from pathlib import Path

from rich.console import Console
from rich.markup import escape

from .. import arg_types
from ..store import config, data_paths
from ..replicas import option as replica_option
from ..engine.browser import check_display
from ..catalogue.catalog import load_catalog
from ..errors import UsageError
from ..store.lock import scan_lock
from ..engine.login import login
from ..catalogue.models import Kind
from ..results import ExitCode


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "login", help="sign in once to the providers, in Untrain's own browser profile",
        description="Open a browser window with Untrain's profile at each provider's page. Sign in "
        "there by hand; Untrain waits until it sees you are signed in (or you close the window). "
        "Untrain never asks for, reads or stores a password; password saving and autofill are off in "
        "the profile. The profile is a folder only you can read (mode 0700), `profile` in Untrain's data "
        "dir unless --profile says otherwise; it keeps the sessions the providers set, and `untrain scan` "
        "reuses it. At the end Untrain lists which providers look signed in. Needs a display; "
        "providers without a settings page (advice entries) have nothing to sign in to.")
    p.add_argument("providers", nargs="*", metavar="PROVIDER", help="provider ids (default: the config's, else all)")
    p.add_argument("--profile", type=Path, metavar="DIR", help="browser profile (default: Untrain's own)")
    # For tests: no window, a time limit, and a bundled replica instead of the real site.
    p.add_argument("--headless", action="store_true", help=argparse.SUPPRESS)
    p.add_argument("--wait", type=arg_types.seconds, metavar="S", help=argparse.SUPPRESS)
    p.add_argument("--replica", action="append", metavar="PROVIDER=STATE", help=argparse.SUPPRESS)
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    settings = config.load()
    world = replica_option.parse(args.replica)
    chosen = args.providers or (list(world.sites) if world else None) or settings.providers
    selected = load_catalog().select(chosen)
    entries = [e for e in selected if e.scenario.kind == Kind.page]
    # Named on the command line, a provider with no page is a mistake to point out, before any window opens.
    pageless = [e.scenario for e in selected if e.scenario.kind != Kind.page] if args.providers else []
    if pageless or not entries:
        ids = ", ".join(sc.id for sc in pageless) or "these providers"
        raise UsageError(f"{ids}: no settings page to sign in to (see `untrain open PROVIDER` for what to do); "
                         "sign in only to providers with a page, like `untrain login chatgpt claude`")
    profile = data_paths.claim_profile(args.profile)
    # soft_wrap: rich wraps at 80 columns when stdout is not a terminal, which split the profile's
    # path across lines; a path must stay one line the person can copy.
    console = Console(highlight=False, soft_wrap=True)
    check_display(headed=not args.headless)  # before promising a window
    if not args.headless:
        console.print(f"Opening {len(entries)} provider page(s) in Untrain's browser profile.\n"
                      "Sign in in the window; Untrain never sees your password. Close the window when done.")
    wait = args.wait if args.wait is not None else (120.0 if args.headless else None)
    with scan_lock():  # a scan in progress holds the same profile
        outcomes = asyncio.run(login(entries, profile, headless=args.headless, wait=wait, world=world,
                                     on_page=getattr(args, "on_page", None),
                                     configured_browser=settings.browser))
    for o in outcomes:
        mark = "[green]✓ signed in[/]" if o.signed_in else f"[yellow]? not signed in[/] ({escape(o.note)})"
        console.print(f"  {escape(o.name)}: {mark}")
    console.print(f"Profile: {escape(str(profile))}")
    return ExitCode.OK if outcomes and all(o.signed_in for o in outcomes) else ExitCode.UNVERIFIED
