"""Catalogue variants for QA tests: a copy of the catalogue with some candidates removed.

A drifted replica renames a label. The real catalogue knows the old label as an alias, so the
step shows as drift. Removing the alias candidate from a copy makes the same rename one the
catalogue has never heard of: the step goes missing and the suggestions must find the element.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import yaml

from checker.store import data_paths
from checker.catalogue.catalog import Catalog, load_catalog

SCHEMA_LINE = "# yaml-language-server: $schema=../checker/schemas/{}.schema.json\n"


def copy_catalog(dest: Path, providers: list[str] | None = None) -> tuple[Path, Path]:
    scenarios, selectors = dest / "scenarios", dest / "selectors"
    scenarios.mkdir(parents=True)
    selectors.mkdir(parents=True)
    for src, out in ((data_paths.scenarios_dir(), scenarios), (data_paths.selectors_dir(), selectors)):
        for path in src.glob("*.yaml"):
            if providers is None or path.stem in providers:
                shutil.copy(path, out / path.name)
    return scenarios, selectors


def keep_only_first_candidate(dest: Path, provider: str, selector: str) -> Catalog:
    """The variant where `selector` knows only its rank-0 candidate (no aliases, no fallbacks)."""
    scenarios, selectors = copy_catalog(dest, [provider])
    path = selectors / f"{provider}.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    first = data["selectors"][selector]["candidates"][0]
    if first.pop("inferred", False):
        # Alone, a guessed name would be the only way through the step, which the linter refuses. This
        # variant only asks what a rename does to the step, so it cites the scenario's first source.
        first["source"] = [yaml.safe_load((scenarios / f"{provider}.yaml").read_text(encoding="utf-8"))["sources"][0]["id"]]
    data["selectors"][selector]["candidates"] = [first]
    path.write_text(SCHEMA_LINE.format("selectors") + yaml.safe_dump(data, sort_keys=False, allow_unicode=True),
                    encoding="utf-8")
    return load_catalog(scenarios, selectors)
