"""The `untrain` command line. Each subcommand lives in checker/commands/<name>.py and exposes
`register(subparsers)`; this module only wires them up and turns known errors into exit codes.

Its own imports are light on purpose, and only the command asked for is imported: the extension's
native host is a fresh process per message, and `untrain scan` and `paths` spawn Playwright's driver first
(see early_driver.py) and imports everything heavy while that boots."""

from __future__ import annotations

import argparse
import importlib
import os
import sys

from . import __version__

# Order is the order shown in --help.
COMMANDS = [
    "scan",
    "catalog",
    "open",
    "schema",
    "paths",
    "record",
    "har",
    "login",
    "history",
    "report",
    "schedule",
    "config",
    "extension",
    "native-host",
]

# Commands whose driver starts before anything else; each runs its async part through early_driver.
STARTS_DRIVER_EARLY = {"scan", "paths"}

EPILOG = """exit codes: 0 every control verified off · 1 a control is on · 2 something not verified
            64 usage error · 65 bad catalogue or input data · 70 a bug in Untrain (nothing verified)
            75 another scan is running"""


def build_parser(only: str | None = None) -> argparse.ArgumentParser:
    """The whole parser, or with `only` a known command, just that command's part (the others are
    not even imported)."""
    parser = argparse.ArgumentParser(
        prog="untrain",
        description="Which of your AI assistants may still train on your conversations? "
        "Untrain reads each provider's own settings page and takes you to the switch that stops it.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"untrain {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in [only] if only in COMMANDS else COMMANDS:
        importlib.import_module(f".commands.{name.replace('-', '_')}", __package__).register(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else list(argv)
    command = next((a for a in argv if not a.startswith("-")), None)
    early = None
    if command in STARTS_DRIVER_EARLY and not {"-h", "--help"} & set(argv):
        from . import early_driver as early

        early.start()
    try:
        return _run(argv, command)
    except KeyboardInterrupt:  # Ctrl-C while starting up, before _run's own handler is in place
        sys.stderr.write("interrupted\n")
        return 130
    finally:
        if early:
            early.stop()


def _run(argv: list[str], command: str | None) -> int:
    from .catalog import CatalogError
    from .errors import BrowserError, DataError, UsageError
    from .lock import ScanRunning
    from .results import ExitCode

    parser = build_parser(only=command)
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse exits 2 on usage errors; the design says 64
        return ExitCode.USAGE if exc.code not in (0, None) else 0
    if not getattr(args, "run", None):
        parser.print_help()
        return ExitCode.USAGE
    try:
        return int(args.run(args) or 0)
    except UsageError as exc:  # UnknownProvider included
        _error(str(exc))
        return ExitCode.USAGE
    except CatalogError as exc:
        _error("the catalogue has problems:", exc.problems)
        return ExitCode.DATA
    except DataError as exc:
        _error(str(exc))
        return ExitCode.DATA
    except BrowserError as exc:
        _error(str(exc))
        return ExitCode.UNVERIFIED
    except ScanRunning as exc:  # scan, login, record and paths --live share the profile's lock
        _error(str(exc))
        return ExitCode.LOCKED
    except KeyboardInterrupt:
        sys.stderr.write("interrupted\n")
        return 130
    except Exception as exc:  # noqa: BLE001 - a bug must not exit 1, which means "a control is on"
        return _internal_error(exc)


def _internal_error(exc: Exception) -> int:
    from .results import ExitCode

    if os.environ.get("UNTRAIN_DEBUG"):
        import traceback

        traceback.print_exc()
    first_line = str(exc).splitlines()[0] if str(exc) else ""
    _error(f"internal error: {type(exc).__name__}: {first_line}",
           ["This is a bug in Untrain, not an answer about your settings: nothing was verified.",
            "Please report it. Run again with UNTRAIN_DEBUG=1 to see the full traceback."])
    return ExitCode.INTERNAL


def _error(message: str, details: list[str] = ()) -> None:
    from rich.console import Console
    from rich.text import Text

    console = Console(stderr=True, highlight=False, emoji=False, soft_wrap=True)
    # Plain text: a path or YAML snippet with [brackets] must print as it is.
    console.print(Text.assemble(("error: ", "bold red"), message))
    for detail in details:
        console.print(f"  {detail}", markup=False)


if __name__ == "__main__":
    sys.exit(main())
