"""`untrain native-host`: the extension's backend. The browser starts it; people never need to."""

from __future__ import annotations

import argparse


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "native-host",
        help="the extension's native messaging backend (started by the browser)",
        description="Speak native messaging on stdin/stdout for the Untrain extension. The browser "
        "starts this with the calling origin as the first argument; any other caller is refused. "
        "Install it with `untrain extension install`.",
    )
    # Chrome passes the origin (and on Windows --parent-window=N); Firefox passes the manifest path
    # and the add-on id. Take them all verbatim; native_host.allowed_caller decides.
    p.add_argument("caller", nargs=argparse.REMAINDER, help=argparse.SUPPRESS)
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from ..extension_host import native_host

    return native_host.main(list(args.caller))
