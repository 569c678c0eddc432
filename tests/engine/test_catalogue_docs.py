"""docs/catalogue.md, the rule authors' reference, keeps up with the models: it names every step type,
candidate field, reader, detect list, selector kind and confidence value that checker/catalogue/models.py
defines (the lists come from the models, so a new one fails here until it is described), and every
example it quotes is still, word for word, in the file it names."""

from __future__ import annotations

import re
from pathlib import Path
from typing import get_args

import pytest

from checker.catalogue.models import Candidate, Confidence, Detection, Reader, SelectorKind, Step

ROOT = Path(__file__).resolve().parents[2]
DOC = ROOT / "docs" / "catalogue.md"
STEP_TYPES = get_args(get_args(Step)[0])


def section(title: str) -> str:
    """The text under `## title`, up to the next `## ` heading."""
    text = DOC.read_text(encoding="utf-8")
    match = re.search(rf"^## {re.escape(title)}\n(.*?)(?=^## |\Z)", text, re.M | re.S)
    assert match, f"docs/catalogue.md has no section '## {title}'"
    return match[1]


def headings(text: str, level: str) -> set[str]:
    """The `name` of every `### `name`` (or ####) heading."""
    return set(re.findall(rf"^{level} `([a-z_]+)`", text, re.M))


def table_keys(text: str) -> set[str]:
    """The `name` that starts each table row."""
    return set(re.findall(r"^\| `([a-z_]+)` \|", text, re.M))


@pytest.mark.parametrize("title, level_or_table, defined", [
    ("Steps", "###", {step.kind for step in STEP_TYPES}),
    ("Selectors", "table", set(Candidate.model_fields)),
    ("Selectors", "table", {kind.value for kind in SelectorKind}),
    ("Controls and readings", "####", {reader.value for reader in Reader}),
    ("Detect", "###", set(Detection.model_fields)),
    ("Sources and confidence", "table", {value.value for value in Confidence}),
], ids=["step types", "candidate fields", "selector kinds", "readers", "detect lists", "confidence values"])
def test_the_reference_describes_everything_the_models_define(title, level_or_table, defined):
    text = section(title)
    described = table_keys(text) if level_or_table == "table" else headings(text, level_or_table)
    assert defined <= described, f"docs/catalogue.md, '## {title}', does not describe {sorted(defined - described)}"


def quotes():
    """(block number, path, quoted text), as params, for every fenced block that names the file it quotes."""
    blocks = re.findall(r"^```(\w*)\n(.*?)^```", DOC.read_text(encoding="utf-8"), re.M | re.S)
    for number, (language, body) in enumerate(blocks, 1):
        first, _, rest = body.partition("\n")
        named = re.fullmatch(r"# ((?:scenarios|selectors|tests)/[\w./-]+)", first)
        if language in ("yaml", "python"):
            # A YAML or Python example is a quote: it names its file on its first line.
            assert named, f"block {number} ({language}) does not name the file it quotes: {first!r}"
        if named:
            yield pytest.param(number, named[1], rest, id=f"{number}-{named[1]}")


@pytest.mark.parametrize("number, path, quoted", list(quotes()))
def test_every_example_is_quoted_word_for_word(number, path, quoted):
    source = ROOT / path
    assert source.is_file(), f"block {number} quotes {path}, which does not exist"
    assert quoted in source.read_text(encoding="utf-8"), f"block {number} is no longer in {path}:\n{quoted}"


def test_the_reference_quotes_real_examples_and_is_linked_from_the_readme():
    assert len(list(quotes())) >= 20
    assert "(docs/catalogue.md)" in (ROOT / "README.md").read_text(encoding="utf-8")
