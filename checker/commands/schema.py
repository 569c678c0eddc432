"""`untrain schema`: regenerate the JSON Schemas from the models (catalogue files, JSON reports, native messages)."""

from __future__ import annotations

import argparse

from ..catalogue import schema


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("schema", help="regenerate the JSON Schemas of the catalogue, the reports and the native messages (for contributors)",
                       description="Write checker/schemas/*.json from the pydantic models: the catalogue's, which "
                       "the YAML files reference for editor completion, the JSON reports', and the messages between "
                       "the extension and `untrain native-host`. A test fails when "
                       "they are stale.")
    p.add_argument("--print", dest="name", choices=sorted(schema.SCHEMAS), help="print one schema instead")
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    if args.name:
        print(schema.render(schema.SCHEMAS[args.name]), end="")
        return 0
    for path in schema.write_all():
        print(f"wrote {path}")
    return 0
