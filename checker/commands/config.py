"""`untrain config path|show`: where the settings file is, and what Untrain reads from it."""

from __future__ import annotations

import argparse
import json
import sys

from ..store import config


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("config", help="show where the settings file is and what it says",
                       description="Untrain's settings live in one TOML file you edit by hand: providers to "
                       "scan, alert targets, schedule, timeout and browser. `path` prints where it is; `show` "
                       "prints the settings in effect (defaults included), or an example when there is no file.")
    p.add_argument("action", choices=["path", "show"], help="path: print the file's location; show: the settings")
    p.add_argument("--json", action="store_true", help="show: print JSON instead of TOML-like text")
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    file = config.path()
    if args.action == "path":
        print(file)
        return 0
    settings = config.load(file)
    warning = config.exposure_warning(file, settings)
    if warning:
        print(f"warning: {warning}", file=sys.stderr)
    if args.json:
        print(json.dumps(settings.model_dump(mode="json"), indent=2))
        return 0
    print(f"# {file}" + ("" if file.exists() else " (not created yet: these are the defaults)"))
    data = settings.model_dump(mode="json")
    sections = [key for key, value in data.items() if isinstance(value, dict)]
    for key in (key for key in data if key not in sections):
        print(f"{key} = {_toml(data[key])}" if data[key] is not None else f"# {key}: not set (default)")
    for section in sections:
        print(f"\n[{section}]")
        for key, value in data[section].items():
            if key == "apprise":
                # URLs may hold passwords or tokens; show only their schemes.
                value = [url.split("://", 1)[0] + "://…" for url in value]
            print(f"{key} = {_toml(value)}")
    if not file.exists():
        print("\n# To change them, create the file with:\n" + "\n".join("#   " + l for l in config.EXAMPLE.splitlines()))
    return 0


def _toml(value) -> str:
    if value is None:
        return "# (not set)"
    return json.dumps(value, ensure_ascii=False)
