"""`untrain new-provider ID`: scaffold a new page provider (checker/catalogue/scaffold.py), then say which
facts to look up where, and how to run its spec."""

from __future__ import annotations

import argparse
import sys
import textwrap
from pathlib import Path

from ..store import data_paths
from ..catalogue import scaffold
from ..invocation import prog

WIDTH = 100  # the next steps' lines; a command or path in them is never cut

SUMMARY = "scaffold a new page provider: scenario, selectors, replica and spec (for contributors)"

DESCRIPTION = """\
Write the files a new page provider needs into an Untrain checkout:
  scenarios/ID.yaml          what to check: hosts, deep link, documented path, the control, sources
  selectors/ID.yaml          how to find each element: ranked candidates
  tests/replicas/ID/         a replica skeleton: replica.yaml (states on, off, signed_out),
                             app.html and README.md
  tests/providers/test_ID.py its spec on the shared harness (tests/harness.py)
It never overwrites a file: when any of them exists, it writes nothing.

None of it is a fact yet. Where a label, an address, a role, a date or a source belongs, the files
say FILL[key]: what to put there. No real label looks like that: the catalogue linter refuses each
one left, naming file, line and field, and so does the spec for the replica's. Until all are filled
the whole catalogue does not load, so `untrain scan`, `catalog`, `open`, `extension build` and the
test suite stop with that list (exit 65). That is on purpose: an unfinished entry skipped quietly
would drop out of scans and tests without anyone noticing, and one loaded as it is would put
made-up text in front of people. Work on a branch; `untrain catalog` is the to-do list.
docs/catalogue.md describes every field."""

EPILOG = """\
exit codes: 0 written · 64 a bad id, an id that is taken, or DIR is not a checkout
            65 a file could not be written (what this run wrote is removed again)"""


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("new-provider", help=SUMMARY, description=DESCRIPTION, epilog=EPILOG,
                       formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("provider", metavar="ID",
                   help="the new provider's id: lower-case letters, digits, '-' and '_', starting with a letter "
                   "(like grok-x); it names its files and is what people type (`untrain scan ID`)")
    p.add_argument("--dir", metavar="DIR", type=Path, default=Path("."),
                   help="the checkout to write into (default: the current folder)")
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    made = scaffold.create(args.dir, args.provider)
    print(f"Scaffolded {made.provider} in {_shown(made.root)}:")
    for path in made.files:
        print(f"  {path}")
    print()
    for line in next_steps(made):
        print(line)
    return 0


def next_steps(made: scaffold.Scaffold) -> list[str]:
    here = _is_cwd(made.root)
    cd = "" if here else f"cd {_shown(made.root)} && "
    python = _python() if here else sys.executable
    # `untrain catalog` reads the catalogue this program was installed with; another checkout's is
    # named through the variables data_paths reads.
    own = (made.root / "scenarios").resolve() == data_paths.scenarios_dir().resolve()
    env = "" if own else f"UNTRAIN_SCENARIOS={_shown(made.root / 'scenarios')} " \
                         f"UNTRAIN_SELECTORS={_shown(made.root / 'selectors')} "
    count = sum(len(scaffold.unfilled(made.root / path)) for path in made.files)
    lines = [
        "Next:",
        f"1. Fill each of the {count} FILL[…] placeholders with what a source shows, and cite that source:",
        "   never guess a label or an address. The same FILL[key] is the same value in every file.",
    ]
    lines += [textwrap.fill(f"{where}: {', '.join(keys)}", WIDTH, initial_indent="   - ", subsequent_indent="     ")
              for where, keys in scaffold.EVIDENCE]
    lines += [
        f"   What is left in the scenario and selectors: {env}{prog()} catalog",
        "   (the catalogue will not load until none is; docs/catalogue.md describes every field).",
        f"2. Rewrite the replica's page ({made.files[3]}) from the evidence, and say in its README what",
        "   is inferred.",
        f"3. Run its spec: {cd}{python} -m pytest -q {made.spec}",
        "4. Before it joins the suite: the replica's drifted and drifted_on states",
        "   (tests/providers/test_replicas.py), its entry in DEMO_STATES (checker/replicas/demo.py), then",
        f"   `{prog()} extension build` and tests/providers/ and tests/qa/.",
    ]
    return lines


def _is_cwd(path: Path) -> bool:
    try:
        return path.resolve() == Path.cwd().resolve()
    except OSError:
        return False


def _shown(path: Path) -> str:
    """A path as short as it can be said from here: relative when it is under the current folder."""
    try:
        relative = path.resolve().relative_to(Path.cwd().resolve())
    except (ValueError, OSError):
        return str(path.resolve())
    return str(relative) if str(relative) != "." else "."


def _python() -> str:
    """This interpreter as the person can type it from here: `.venv/bin/python` when it lives under
    the current folder, as the README writes it (not resolved: the venv's python is a symlink)."""
    executable = Path(sys.executable)
    try:
        return str(executable.relative_to(Path.cwd()))
    except ValueError:
        return str(executable)
