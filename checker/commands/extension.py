"""`untrain extension install|uninstall|build`: connect the browser extension to this machine."""

from __future__ import annotations

import argparse
from pathlib import Path

from ..extension_host import extension_build, extension_install
from ..extension_host.extension_build import EXTENSION_ID
from ..results import ExitCode


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("extension", help="install the extension's native host, or rebuild its data",
                       description="Connect the Untrain browser extension to this machine, so it can show "
                       "your scan results and record in-page readings.")
    actions = p.add_subparsers(dest="action", metavar="ACTION")

    def browser_option(parser):
        parser.add_argument("--browser", action="append", choices=extension_install.BROWSERS,
                            help="only this browser (repeatable; default: all of them)")
        parser.add_argument("--home", type=Path, metavar="DIR",
                            help=f"home folder to write into (default: yours, or ${extension_install.HOME_ENV})")

    inst = actions.add_parser("install", help="register the native host with your browsers",
                              description="Write the native messaging host manifest and its launcher into "
                              "each browser's per-user NativeMessagingHosts folder (Linux, macOS).")
    browser_option(inst)
    inst.add_argument("--dry-run", action="store_true", help="print the files it would write, write nothing")
    inst.set_defaults(run=run_install)

    uninst = actions.add_parser("uninstall", help="remove the native host from your browsers")
    browser_option(uninst)
    uninst.add_argument("--dry-run", action="store_true", help="print the files it would remove")
    uninst.set_defaults(run=run_uninstall)

    build = actions.add_parser("build", help="regenerate the extension's provider data from the catalogue",
                               description="Write extension/manifest.json and extension/data/catalog.js from "
                               "scenarios/ and selectors/. A test fails when the committed files are stale.")
    build.add_argument("--check", action="store_true", help="only report stale files (exit 65 if any)")
    build.set_defaults(run=run_build)
    p.set_defaults(run=lambda args: (p.print_help(), 64)[1])


def _targets(args):
    return extension_install.targets(args.browser, home=args.home)


def run_install(args: argparse.Namespace) -> int:
    files = _targets(args)
    if args.dry_run:
        print("Would write (nothing written, --dry-run):")
        for target in files:
            print(f"  {target.browser}:")
            print(f"    {target.manifest}  (host manifest, mode 0600, allowed_origins {extension_build.ORIGIN})")
            print(f"    {target.launcher}  (launcher, mode 0700)")
        return 0
    extension_install.install(files)
    for target in files:
        print(f"{target.browser}: wrote {target.manifest}")
        print(f"{' ' * len(target.browser)}  wrote {target.launcher}")
    print()
    print(f"Extension id: {EXTENSION_ID} (fixed by the manifest key)")
    for browser in dict.fromkeys(t.browser for t in files):
        print(extension_install.load_instructions(browser))
    return 0


def run_uninstall(args: argparse.Namespace) -> int:
    files = _targets(args)
    if args.dry_run:
        print("Would remove (nothing removed, --dry-run):")
        for target in files:
            for path in (target.manifest, target.launcher):
                if path.is_file():
                    print(f"  {target.browser}: {path}")
        return 0
    removed = extension_install.uninstall(files)
    for path in removed:
        print(f"removed {path}")
    if not removed:
        print("nothing to remove: the native host was not installed for these browsers")
    return 0


def run_build(args: argparse.Namespace) -> int:
    if args.check:
        stale = extension_build.stale_files()
        for path in stale:
            print(f"stale: {path} (run `untrain extension build`)")
        return ExitCode.DATA if stale else 0  # 1 would mean "a control is on"
    for path in extension_build.build():
        print(f"wrote {path}")
    return 0
