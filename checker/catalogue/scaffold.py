"""Scaffold a new page provider in a checkout: its scenario, its selectors, a replica skeleton and
its spec on the shared harness (`untrain new-provider`).

The files are the templates in checker/templates/new_provider/ with the id put in. Every fact in
them (a label, an address, a role, a date, a source) is a `FILL[key]: what to put here` placeholder
(catalog.PLACEHOLDER), because the project never invents one: the catalogue linter refuses each one
left, so an unfinished scaffold can never load as a provider. Nothing here overwrites a file.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from .catalog import PLACEHOLDER
from ..errors import DataError, UsageError
from .models import ID_PATTERN

TEMPLATES = Path(__file__).resolve().parents[1] / "templates" / "new_provider"
ID_TOKEN = "@@ID@@"

# Template -> where it goes in the checkout. The spec's module name has `_` for `-`, as the
# existing ones do (grok-x: tests/providers/test_grok_x.py).
FILES = (
    ("scenario.yaml", "scenarios/{id}.yaml"),
    ("selectors.yaml", "selectors/{id}.yaml"),
    ("replica.yaml", "tests/replicas/{id}/replica.yaml"),
    ("app.html", "tests/replicas/{id}/app.html"),
    ("README.md", "tests/replicas/{id}/README.md"),
    ("spec.py.tmpl", "tests/providers/test_{module}.py"),
)

# A folder holding these is a checkout to scaffold into.
CHECKOUT_FOLDERS = ("scenarios", "selectors", "tests/replicas", "tests/providers")

# Where each placeholder's fact comes from, for the next steps the command prints. A test checks
# that every key in the templates is listed here, once.
EVIDENCE = (
    ("the provider's help pages or a dated guide",
     ("name", "vendor", "product", "plan_scope", "documented_path", "default", "fix_path")),
    ("the help pages, or the live page seen on a date you record as a source",
     ("host", "start_url", "deep_link", "control_label")),
    ("the live page's elements (DevTools' Accessibility pane shows each one's role and name)",
     ("account_role", "account_name", "nav_role", "nav_name", "sign_in_role", "sign_in_name",
      "allowed_value", "disabled_value")),
    ("each source you used, one `sources` entry each with its date",
     ("source_id", "source_title", "source_date", "source_url")),
    ("each fact's citation (the ids of the sources that show it) and how sure they are",
     ("source", "confidence")),
    ("when you checked, and when to look again", ("last_verified", "recheck_after")),
    ("the replica's README, what is evidence and what is inferred", ("replica_evidence", "replica_inferred")),
)


@dataclass(frozen=True)
class Scaffold:
    root: Path
    provider: str
    files: tuple[Path, ...]  # relative to root, in the order written

    @property
    def spec(self) -> Path:
        return self.files[-1]


def check_id(provider: str) -> None:
    """The catalogue's own id rule (models.ID_PATTERN): a bad id is a usage error, not a file."""
    if not re.fullmatch(ID_PATTERN, provider):
        raise UsageError(f"{provider!r} is not a provider id: an id is lower-case letters, digits, '-' and "
                         "'_', and starts with a letter (like grok-x or github-copilot)")


def targets(provider: str) -> list[tuple[str, Path]]:
    """(template, path relative to the checkout) for every file of a scaffold."""
    module = provider.replace("-", "_")
    return [(template, Path(target.format(id=provider, module=module))) for template, target in FILES]


def render(template: str, provider: str) -> str:
    return (TEMPLATES / template).read_text(encoding="utf-8").replace(ID_TOKEN, provider)


def create(root: Path, provider: str) -> Scaffold:
    """Write every file of the scaffold, or none: an id that is taken (any of its files exists) is
    refused before anything is written, each file is created only if absent, and a write that
    fails takes back what this run wrote."""
    check_id(provider)
    missing = [folder for folder in CHECKOUT_FOLDERS if not (root / folder).is_dir()]
    if missing:
        raise UsageError(f"{root} is not an Untrain checkout (no {', '.join(f + '/' for f in missing)}): "
                         "run this in the checkout, or name it with --dir")
    files = targets(provider)
    # The replica's folder is claimed whole: files of another replica there would be mixed in.
    replica = Path("tests/replicas") / provider
    claims = dict.fromkeys(replica if path.parent == replica else path for _, path in files)
    taken = [str(path) for path in claims if (root / path).exists()]
    if taken:
        raise UsageError(f"provider {provider!r} is taken in {root}: {', '.join(taken)} already "
                         f"{'exists' if len(taken) == 1 else 'exist'}. "
                         "Nothing was written: choose another id, or edit those files.")
    replica = root / replica
    written: list[Path] = []  # what this run made, to take back if a later write fails
    try:
        replica.mkdir()  # fails if it has appeared since the check: then it is not ours to remove
        written.append(replica)
        for template, path in files:
            with open(root / path, "x", encoding="utf-8") as out:  # "x": never replace a file
                written.append(root / path)
                out.write(render(template, provider))
    except OSError as exc:
        for path in reversed(written):  # files first, then their (now empty) folder
            if path == replica:
                path.rmdir()
            else:
                path.unlink(missing_ok=True)
        where = getattr(exc, "filename", None) or root
        raise DataError(f"{where}: cannot write the scaffold ({exc.strerror or exc}); nothing was left "
                        "behind") from None
    return Scaffold(root, provider, tuple(path for _, path in files))


def unfilled(path: Path) -> list[str]:
    """`file:line: FILL[key]` for every placeholder left in a file, or in the files of a folder."""
    files = sorted(p for p in path.rglob("*") if p.is_file()) if path.is_dir() else [path]
    return [f"{file}:{number}: {match[0]}"
            for file in files
            for number, line in enumerate(file.read_text(encoding="utf-8", errors="replace").splitlines(), 1)
            for match in PLACEHOLDER.finditer(line)]
