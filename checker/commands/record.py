"""`untrain record`: record a provider's settings page as a sanitised HAR, for bug reports and offline QA."""

from __future__ import annotations

import argparse
import asyncio
from contextlib import nullcontext
from pathlib import Path

from rich.console import Console

from .. import arg_types
from ..store import config, data_paths
from ..catalogue.catalog import load_catalog
from ..errors import UsageError
from ..har import record
from ..store.lock import scan_lock
from ..catalogue.models import Kind
from ..replicas.site import available_providers, load_manifest
from ..store.config import DEFAULT_TIMEOUT


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "record",
        help="record a provider's settings page as a sanitised HAR (for bug reports)",
        description="Open the provider's settings page in your Untrain profile, walk to the training "
        "controls exactly as a scan does (read-only), and save the visit as a HAR file. Before it is "
        "written, it keeps only what a replay needs (the provider's own documents, scripts, styles and "
        "JSON) and removes tokens, email addresses, your account's name and email, and chat text, so you "
        "can attach it to a bug report (the same sanitiser as `untrain har sanitise`). Replay it with "
        "`untrain scan --har FILE` or `untrain paths --har FILE`.",
    )
    p.add_argument("provider", metavar="PROVIDER", help="provider id (see `untrain catalog`)")
    p.add_argument("--out", type=Path, required=True, metavar="FILE.har", help="where to write the HAR")
    p.add_argument("--redact", action="append", default=[], metavar="TEXT",
                   help="also remove this text everywhere, in any case or encoding; repeatable")
    p.add_argument("--host", action="append", default=[], metavar="HOST",
                   help="also keep requests to this host (a CDN the page loads its scripts from); repeatable. "
                   "By default only the provider's own hosts stay")
    p.add_argument("--headed", action="store_true", help="show the browser window (helps with bot checks)")
    p.add_argument("--profile", type=Path, metavar="DIR", help="browser profile (default: the one `untrain login` made)")
    p.add_argument("--timeout", type=arg_types.seconds, metavar="S",
                   help=f"seconds to wait for each page element (default: the config's, else {DEFAULT_TIMEOUT:g})")
    # For tests: record from the bundled replica in this state, headless, instead of the profile.
    p.add_argument("--replica", metavar="STATE", help=argparse.SUPPRESS)
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    settings = config.load()
    entry = load_catalog().select([args.provider])[0]
    if entry.scenario.kind != Kind.page:
        raise UsageError(f"{args.provider} has no settings page to record (it is a {entry.scenario.kind.value} entry)")
    if not args.out.parent.is_dir():
        raise UsageError(f"--out {args.out}: the folder {args.out.parent} does not exist")
    if args.out.is_dir():  # found only after the whole recording otherwise
        raise UsageError(f"--out {args.out} is a folder; give a file name, like {args.out / (args.provider + '.har')}")
    if args.replica is not None:
        if args.provider not in available_providers():
            raise UsageError(f"{args.provider} has no bundled replica")
        states = load_manifest(args.provider).states
        if args.replica not in states:
            raise UsageError(f"the {args.provider} replica has no state {args.replica!r} (states: {', '.join(states)})")
    console = Console(highlight=False, emoji=False)
    # The profile is the scan's: a scan (or `untrain login`) in progress holds it. A replica needs none.
    hold = nullcontext() if args.replica is not None else scan_lock()
    with hold, console.status(f"Recording {entry.scenario.name}…"):
        recording = asyncio.run(record(
            entry, args.out, replica_state=args.replica, profile=data_paths.claim_profile(args.profile),
            headed=args.headed, timeout=settings.element_timeout(args.timeout), redact=args.redact, hosts=args.host,
            configured_browser=settings.browser))
    result = recording.result
    console.print(f"Wrote {args.out} ({recording.entries} requests). "
                  f"Read while recording: {result.status.value}"
                  + (f" ({result.reason.value})" if result.reason else ""))
    removed = ", ".join(f"{n} {what}" for what, n in sorted(recording.removed.items())) or "nothing sensitive found"
    console.print(f"Removed: {removed}.", markup=False)
    console.print("Check the file before you share it: the sanitiser removes what it can recognise.")
    if recording.mutations:  # never expected: the scan walk is read-only
        console.print(f"[red]warning:[/] the replica logged changes: {recording.mutations}")
        return 2
    return 0
