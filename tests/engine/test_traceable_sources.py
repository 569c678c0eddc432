"""A selector's name that cites a source (`source: [id]`) is really in that source, in the part about
its provider. The sources live beside the repository (shared/, as each scenario's `file:` names
them); on a machine without them this test is skipped, and the linter's own rules still hold.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from checker.catalogue.catalog import load_catalog

SHARED_ROOT = Path(__file__).resolve().parents[3]  # the folder that holds the repo and shared/


def _parts_about(text: str, title: str, keywords: list[str]) -> list[str]:
    """The paragraphs of a source that are about the provider: its own section when the source's
    title names one ("section 6, Perplexity"), else the paragraphs that name the provider."""
    section = re.search(r"\bsection (\d+)\b", title)
    if section:
        match = re.search(rf"^## {section.group(1)}\. .*?(?=^## |\Z)", text, re.M | re.S)
        if match:
            return [match.group(0)]
    paragraphs = re.split(r"\n\s*\n|\n(?=\|)", text)
    return [p for p in paragraphs if any(k.casefold() in p.casefold() for k in keywords)]


def _found_in(candidate, parts: list[str]) -> bool:
    if candidate.name_pattern:
        pattern = candidate.name_pattern.removeprefix("^").removesuffix("$")
        return any(re.search(pattern, part, re.IGNORECASE) for part in parts)
    words = re.compile(r"(?<!\w)" + re.escape(" ".join(candidate.words.split())) + r"(?!\w)", re.IGNORECASE)
    return any(words.search(" ".join(part.split())) for part in parts)


def citing_sources(entry, candidate, root: Path = SHARED_ROOT) -> list[str]:
    """The ids of the entry's sources (with a file here) whose part about the provider shows the
    candidate's words."""
    sc = entry.scenario
    keywords = [sc.name, sc.vendor, sc.id.replace("-", " "), sc.id.replace("-", ".")]
    hits = []
    for source in sc.sources:
        path = root / source.file if source.file else None
        if path and path.is_file():
            if _found_in(candidate, _parts_about(path.read_text(encoding="utf-8"), source.title, keywords)):
                hits.append(source.id)
    return hits


def test_every_cited_name_is_in_its_source():
    catalog = load_catalog()
    if not (SHARED_ROOT / "shared" / "evidence").is_dir():
        pytest.skip("the sources (shared/) are not on this machine")
    wrong = []
    for entry in catalog.entries.values():
        if entry.selectors is None:
            continue
        for name, selector in entry.selectors.selectors.items():
            for i, candidate in enumerate(selector.candidates):
                if candidate.source and not set(candidate.source) & set(citing_sources(entry, candidate)):
                    wrong.append(f"{entry.scenario.id}: {name}[{i}] {candidate.words!r} is in none of {candidate.source}")
    assert wrong == []
