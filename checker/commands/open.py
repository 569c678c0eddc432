"""`untrain open PROVIDER`: the deep link and the documented path, opened in your browser."""

from __future__ import annotations

import argparse
import webbrowser

from ..catalogue.catalog import UnknownProvider, load_catalog


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("open", help="open a provider's training setting in your browser",
                       description="Print the deep link and the documented path to a provider's training "
                       "setting, and open the link in your default browser.")
    p.add_argument("provider", metavar="PROVIDER", help="provider id (see `untrain catalog`)")
    p.add_argument("--print", dest="print_only", action="store_true", help="only print; do not open a browser")
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    catalog = load_catalog()
    if args.provider not in catalog.ids:
        raise UnknownProvider([args.provider], catalog.ids)
    sc = catalog[args.provider].scenario
    print(f"{sc.name} ({sc.vendor})")
    if sc.deep_link:
        print(f"  Link: {sc.deep_link}")
    print("  Path: " + " → ".join(sc.documented_path.steps))
    for control in sc.controls:
        print(f"  Fix:  {control.fix_path}")
    if sc.advice:
        print(f"  Advice: {sc.advice}")
    if sc.deep_link and not args.print_only:
        webbrowser.open(sc.deep_link)
    return 0
