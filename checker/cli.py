"""The `untrain` command line. Each subcommand lives in checker/commands/<name>.py and exposes
`register(subparsers)`; this module only wires them up and turns known errors into exit codes.

Its own imports are light on purpose: `untrain scan` spawns Playwright's driver first (see
early_driver.py), and everything heavy is imported while that boots."""

from __future__ import annotations

import argparse
import importlib
import sys

from . import __version__, early_driver

# Order is the order shown in --help.
COMMANDS = [
    "scan",
    "catalog",
    "open",
    "schema",
    "paths",
    "record",
    "login",
    "history",
    "report",
    "schedule",
    "config",
    "extension",
    "native-host",
]

# Commands whose driver starts before anything else; each runs its async part through early_driver.
STARTS_DRIVER_EARLY = {"scan"}

EPILOG = """exit codes: 0 every control verified off · 1 a control is on · 2 something not verified
            64 usage error · 65 bad catalogue or input data · 75 another scan is running"""


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="untrain",
        description="Which of your AI assistants may still train on your conversations? "
        "Untrain reads each provider's own settings page and takes you to the switch that stops it.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"untrain {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMANDS:
        importlib.import_module(f".commands.{name.replace('-', '_')}", __package__).register(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else list(argv)
    command = next((a for a in argv if not a.startswith("-")), None)
    if command in STARTS_DRIVER_EARLY and not {"-h", "--help"} & set(argv):
        early_driver.start()
    try:
        return _run(argv)
    except KeyboardInterrupt:  # Ctrl-C while starting up, before _run's own handler is in place
        sys.stderr.write("interrupted\n")
        return 130
    finally:
        early_driver.stop()


def _run(argv: list[str]) -> int:
    from rich.console import Console

    from .browser import BrowserError
    from .catalog import CatalogError, UnknownProvider
    from .errors import DataError, UsageError
    from .results import ExitCode

    parser = build_parser()
    err = Console(stderr=True, highlight=False, emoji=False, soft_wrap=True)
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse exits 2 on usage errors; the design says 64
        return ExitCode.USAGE if exc.code not in (0, None) else 0
    if not getattr(args, "run", None):
        parser.print_help()
        return ExitCode.USAGE
    try:
        return int(args.run(args) or 0)
    except UnknownProvider as exc:
        _error(err, str(exc))
        return ExitCode.USAGE
    except UsageError as exc:
        _error(err, str(exc))
        return ExitCode.USAGE
    except CatalogError as exc:
        _error(err, "the catalogue has problems:")
        for problem in exc.problems:
            err.print(f"  {problem}", markup=False)
        return ExitCode.DATA
    except DataError as exc:
        _error(err, str(exc))
        return ExitCode.DATA
    except BrowserError as exc:
        _error(err, str(exc))
        return ExitCode.UNVERIFIED
    except KeyboardInterrupt:
        err.print("interrupted")
        return 130


def _error(console, message: str) -> None:
    from rich.text import Text

    # The message is plain text: a path or YAML snippet with [brackets] must print as it is.
    console.print(Text.assemble(("error: ", "bold red"), message))


if __name__ == "__main__":
    sys.exit(main())
