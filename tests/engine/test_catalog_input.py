"""Catalogue YAML a person or contributor may get wrong, beyond what test_catalog covers."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from checker.catalogue.catalog import CatalogError, load_catalog

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def catalogue(tmp_path):
    for folder in ("scenarios", "selectors"):
        shutil.copytree(ROOT / folder, tmp_path / folder)
    return tmp_path


@pytest.mark.parametrize("folder, key", [("scenarios", "vendor"), ("selectors", "provider")])
def test_a_duplicate_key_is_an_error_naming_both_lines(catalogue, folder, key):
    # YAML keeps the last of two equal keys without a word: a second `controls:` pasted below the
    # first would silently replace it, and a scan would check something other than what was written.
    path = catalogue / folder / "chatgpt.yaml"
    lines = path.read_text(encoding="utf-8").splitlines()
    first = next(n for n, line in enumerate(lines, 1) if line.startswith(f"{key}:"))
    lines.append(f"{key}: chatgpt")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(CatalogError) as raised:
        load_catalog(catalogue / "scenarios", catalogue / "selectors")
    [problem] = [p for p in raised.value.problems if "duplicate key" in p.message]
    assert problem.file == path and problem.line == len(lines)
    assert f"{key!r}" in problem.message and f"line {first}" in problem.message


def test_the_bundled_catalogue_has_no_duplicate_keys():
    load_catalog()  # raises CatalogError if any file repeats a key

