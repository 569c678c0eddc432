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

# Each command's one-line help, in the order `untrain --help` shows them. Kept here so that
# `untrain --help` imports no command (Playwright, pydantic, the catalogue): a test checks that each
# line is the same as the one its module registers.
SUMMARIES = {
    "scan": "read each provider's training controls and report what is still on",
    "catalog": "list the providers in the catalogue (and lint it)",
    "open": "open a provider's training setting in your browser",
    "schema": "regenerate the JSON Schemas of the catalogue, the reports and the native messages (for contributors)",
    "paths": "check that every documented path still exists, and say exactly what drifted",
    "record": "record a provider's settings page as a sanitised HAR (for bug reports)",
    "har": "make a HAR file safe to share (`untrain har sanitise IN.har --out OUT.har`)",
    "login": "sign in once to the providers, in Untrain's own browser profile",
    "history": "list past scans and what changed in each",
    "report": "write an HTML page of the latest states and their history",
    "schedule": "scan daily or weekly in the background, with alerts",
    "config": "show where the settings file is and what it says",
    "extension": "install the extension's native host, or rebuild its data",
    "new-provider": "scaffold a new page provider: scenario, selectors, replica and spec (for contributors)",
    "native-host": "the extension's native messaging backend (started by the browser)",
}
COMMANDS = list(SUMMARIES)

# Commands whose driver starts before anything else; each runs its async part through early_driver.
STARTS_DRIVER_EARLY = {"scan", "paths"}

EPILOG = """exit codes: 0 every control verified off (scan --demo: the demo read as declared)
            1 a control is on · 2 something not verified (schedule: not scheduled)
            64 usage error · 65 bad catalogue or input data · 70 a bug in Untrain (nothing verified)
            75 another scan is running"""


def build_parser(only: str | None = None, *, light: bool = False) -> argparse.ArgumentParser:
    """The whole parser, or with `only` a known command, just that command's part (the others are
    not even imported). `light`: every command by name and summary only, for `untrain --help`."""
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
        if light:
            sub.add_parser(name, help=SUMMARIES[name])
        else:
            importlib.import_module(f".commands.{name.replace('-', '_')}", __package__).register(sub)
    parser.commands = sub.choices  # name -> its parser, for its own usage on a bad flag
    return parser


def _did_you_mean(word: str, choices) -> str:
    import difflib

    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6) if word else []
    return f" (did you mean {close[0]}?)" if close else ""


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else list(argv)
    command = next((a for a in argv if not a.startswith("-")), None)
    early = None
    if command in STARTS_DRIVER_EARLY and not {"-h", "--help"} & set(argv):
        from .engine import early_driver as early

        early.start()
    try:
        code = _run(argv, command)
        sys.stdout.flush()  # a reader that left shows here, where it can be caught, not at exit
        return code
    except BrokenPipeError:
        return _reader_left()
    except KeyboardInterrupt:  # Ctrl-C while starting up, before _run's own handler is in place
        sys.stderr.write("interrupted\n")
        return 130
    finally:
        if early:
            early.stop()


# ExitCode.USAGE, without importing results.py (pydantic) before a command needs it.
EXIT_USAGE = 64


def _run(argv: list[str], command: str | None) -> int:
    if command is not None and command not in COMMANDS:
        _error(f"unknown command: {command}" + _did_you_mean(command, COMMANDS),
               [f"Commands: {', '.join(COMMANDS)}. `untrain --help` says what each does."])
        return EXIT_USAGE
    parser = build_parser(only=command, light=command is None)  # no command: only --help, --version
    try:
        args, extra = parser.parse_known_args(argv)
        if extra:
            # The command's own usage, not the top level's, with the flag it probably meant.
            own = parser.commands.get(command, parser)
            options = [o for action in own._actions for o in action.option_strings]
            own.error("unrecognized arguments: " + " ".join(extra)
                      + _did_you_mean(next((e for e in extra if e.startswith("-")), ""), options))
    except SystemExit as exc:  # argparse exits 2 on usage errors; the design says 64
        return EXIT_USAGE if exc.code not in (0, None) else 0
    if not getattr(args, "run", None):
        parser.print_help()
        return EXIT_USAGE
    # Only now, with a command to run: these pull in pydantic and the catalogue's models.
    from .catalogue.catalog import CatalogError
    from .errors import BrowserError, DataError, UsageError
    from .store.lock import ScanRunning
    from .results import ExitCode

    try:
        from . import path_args

        path_args.check(args)  # a path whose folder is missing: 64, for every command and flag
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
    except BrokenPipeError:
        return _reader_left()
    except Exception as exc:  # noqa: BLE001 - a bug must not exit 1, which means "a control is on"
        return _internal_error(exc)


EXIT_READER_LEFT = 141  # what a shell reports for a command stopped by SIGPIPE (128 + 13)


def _reader_left() -> int:
    """The program reading our output went away (`untrain catalog --json | head`): not a bug and
    nothing to say. Later writes, and Python's flush at exit, go nowhere instead of failing again."""
    try:
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    except OSError:
        pass
    return EXIT_READER_LEFT


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
