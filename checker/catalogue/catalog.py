"""Load and lint the catalogue: scenarios/*.yaml (what) and selectors/*.yaml (how).

Every problem becomes one line naming file, line and field. YAML is read with SafeLoader only.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable

import yaml
from pydantic import BaseModel, ValidationError

from ..store import data_paths
from ..errors import UsageError
from .models import Confidence, GotoStep, Kind, ReadStep, Scenario, SelectorFile, SelectorKind

SCHEMA_COMMENT = "# yaml-language-server: $schema="

# Where a fact belongs but nobody has looked it up yet, `untrain new-provider` writes
# `FILL[key]: what to put here`. No real label or URL looks like that, so the linter can refuse every
# one left, by name, and an unfinished scaffold never loads as a provider. The same key means the
# same value in every file of a scaffold (its replica page carries them too).
PLACEHOLDER = re.compile(r"FILL\[([a-z0-9_]+)\]")


@dataclass(frozen=True)
class Problem:
    file: Path
    line: int | None
    field: str
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else str(self.file)
        return f"{where}: {self.field}: {self.message}" if self.field else f"{where}: {self.message}"


class CatalogError(Exception):
    """The catalogue has problems. Exit code 65."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


class UnknownProvider(UsageError):
    """A provider id the catalogue does not have: a usage error (exit 64) listing the known ones."""

    def __init__(self, unknown: list[str], known: Iterable[str]):
        self.unknown, self.known = unknown, sorted(known)
        guesses = {u: difflib.get_close_matches(u, self.known, n=1, cutoff=0.6) for u in unknown}
        hint = ", ".join(f"{g[0]} for {u}" if len(unknown) > 1 else g[0] for u, g in guesses.items() if g)
        super().__init__(
            f"unknown provider{'s' if len(unknown) > 1 else ''}: {', '.join(unknown)}"
            + (f" (did you mean {hint}?)" if hint else "") + f". Known: {', '.join(self.known)}"
        )


@dataclass
class Entry:
    scenario: Scenario
    selectors: SelectorFile | None
    scenario_file: Path
    selectors_file: Path | None


class Catalog:
    def __init__(self, entries: dict[str, Entry]):
        self.entries = dict(sorted(entries.items()))

    @property
    def ids(self) -> list[str]:
        return list(self.entries)

    def __getitem__(self, provider_id: str) -> Entry:
        return self.entries[provider_id]

    def select(self, ids: list[str] | None) -> list[Entry]:
        if not ids:
            return list(self.entries.values())
        unknown = [i for i in ids if i not in self.entries]
        if unknown:
            raise UnknownProvider(unknown, self.entries)
        return [self.entries[i] for i in dict.fromkeys(ids)]


# --------------------------------------------------------------------------- YAML with lines

# libyaml's SafeLoader when PyYAML was built with it (its wheels are): the same safe subset, with
# the same line marks, about ten times faster. Every `untrain` command loads the whole catalogue.
SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _read_yaml(path: Path) -> tuple[Any, yaml.Node | None]:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise CatalogError([Problem(path, None, "", f"cannot read: {exc}")]) from None
    try:
        node = yaml.compose(text, Loader=SAFE_LOADER)
        data = yaml.load(text, Loader=SAFE_LOADER)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark else None
        problem = getattr(exc, "problem", None) or str(exc)
        raise CatalogError([Problem(path, line, "", f"invalid YAML: {problem}")]) from None
    if SCHEMA_COMMENT not in text.split("\n", 1)[0]:
        raise CatalogError([Problem(path, 1, "", f"first line must reference the schema ({SCHEMA_COMMENT}...)")])
    duplicates = list(_duplicate_keys(path, node))
    if duplicates:
        raise CatalogError(duplicates)
    return data, node


def _duplicate_keys(path: Path, node: yaml.Node | None, seen: set[int] | None = None):
    """YAML keeps the last of two equal keys silently; a pasted second `controls:` would replace
    the first without a word. Each repeat is a problem pointing at both lines."""
    seen = set() if seen is None else seen
    if id(node) in seen:  # an alias shares its node: visit it once (nested aliases grow exponentially)
        return
    seen.add(id(node))
    if isinstance(node, yaml.MappingNode):
        first_lines: dict[str, int] = {}
        for key, value in node.value:
            if isinstance(key, yaml.ScalarNode) and key.tag != "tag:yaml.org,2002:merge":
                line = key.start_mark.line + 1
                if key.value in first_lines:
                    yield Problem(path, line, "", f"duplicate key {key.value!r} (first at line {first_lines[key.value]})")
                else:
                    first_lines[key.value] = line
            yield from _duplicate_keys(path, value, seen)
    elif isinstance(node, yaml.SequenceNode):
        for item in node.value:
            yield from _duplicate_keys(path, item, seen)


def _placeholders(path: Path, node: yaml.Node | None, loc: tuple = (), seen: set[int] | None = None):
    """One problem per value still holding a FILL[…] placeholder: file, line, field, and the hint
    the placeholder carries (what to put there)."""
    seen = set() if seen is None else seen
    if id(node) in seen:  # an alias shares its node: visit it once, as _duplicate_keys does
        return
    seen.add(id(node))
    if isinstance(node, yaml.ScalarNode):
        match = PLACEHOLDER.search(node.value)
        if match:
            rest = node.value[match.end():]
            hint = " ".join(rest[1:].split()) if rest.startswith(":") else ""
            yield Problem(path, node.start_mark.line + 1, ".".join(map(str, loc)) or "(top level)",
                          f"not filled in: {hint or 'the value a source shows'} (placeholder FILL[{match[1]}])")
    elif isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            yield from _placeholders(path, value, (*loc, key.value), seen)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            yield from _placeholders(path, item, (*loc, index), seen)


def _line_of(node: yaml.Node | None, loc: Iterable[Any]) -> int | None:
    """Follow a pydantic error location through the YAML node tree to the nearest line."""
    line = node.start_mark.line + 1 if node is not None else None
    for key in loc:
        if isinstance(node, yaml.MappingNode):
            match = next(((k, v) for k, v in node.value if k.value == key), None)
            if match is None:
                break
            node = match[1]
            line = match[0].start_mark.line + 1
        elif isinstance(node, yaml.SequenceNode) and isinstance(key, int) and key < len(node.value):
            node = node.value[key]
            line = node.start_mark.line + 1
        elif isinstance(key, str) and not isinstance(node, (yaml.MappingNode, yaml.SequenceNode)):
            break
    return line


def _validate(model: type[BaseModel], path: Path) -> tuple[BaseModel | None, list[Problem], yaml.Node | None]:
    data, node = _read_yaml(path)
    unfilled = list(_placeholders(path, node))
    if unfilled:
        # Before the models: a placeholder also fails their patterns (a URL, a date, a choice), and
        # one message per unfilled field says more than a pattern error beside each.
        return None, unfilled, node
    if not isinstance(data, dict):
        return None, [Problem(path, 1, "", "expected a mapping at the top level")], node
    try:
        return model.model_validate(data), [], node
    except ValidationError as exc:
        problems = []
        for err in exc.errors():
            # Drop the discriminating union member names pydantic adds to the location.
            loc = [part for part in err["loc"] if not (isinstance(part, str) and part[:1].isupper())]
            field = ".".join(str(p) for p in loc) or "(top level)"
            message = err["msg"].removeprefix("Value error, ")
            if err["type"] == "extra_forbidden":
                message = "unknown key"
            problems.append(Problem(path, _line_of(node, loc), field, message))
        return None, _dedupe(problems), node


def _dedupe(problems: list[Problem]) -> list[Problem]:
    # A step that matches no union member yields one error per member; keep one per field/message.
    seen, kept = set(), []
    for p in problems:
        if (p.field, p.message) not in seen:
            seen.add((p.field, p.message))
            kept.append(p)
    return kept


# --------------------------------------------------------------------------- cross-checks


def _lint_pair(entry: Entry, scenario_node, selectors_node) -> list[Problem]:
    sc, sel = entry.scenario, entry.selectors
    problems: list[Problem] = []

    def at(node, loc, field, message, file=entry.scenario_file):
        problems.append(Problem(file, _line_of(node, loc), field, message))

    if entry.scenario_file.stem != sc.id:
        at(scenario_node, ["id"], "id", f"must match the file name ({entry.scenario_file.stem})")

    source_ids = [s.id for s in sc.sources]
    for i, dup in enumerate(source_ids):
        if source_ids.index(dup) != i:
            at(scenario_node, ["sources", i, "id"], f"sources.{i}.id", f"duplicate source id {dup!r}")
    for loc, fact in _facts(sc):
        for ref in fact.source:
            if ref not in source_ids:
                at(scenario_node, loc + ["source"], ".".join(map(str, loc + ["source"])),
                   f"unknown source {ref!r} (known: {', '.join(source_ids)})")

    if sc.deep_links and sc.deep_links[0].confidence == Confidence.inferred:
        # `untrain open`, the report and the extension send the person to the first link.
        at(scenario_node, ["deep_links", 0, "confidence"], "deep_links.0",
           "the first deep link is the one people are sent to; it must not be inferred "
           "(put a link a source shows first; inferred ones may follow)")

    control_ids = [c.id for c in sc.controls]
    for i, cid in enumerate(control_ids):
        if control_ids.index(cid) != i:
            at(scenario_node, ["controls", i, "id"], f"controls.{i}.id", f"duplicate control id {cid!r}")

    if sc.kind == Kind.local:
        return problems + _lint_local(sc, scenario_node, entry.scenario_file)
    if sc.local or any(c.local for c in sc.controls):
        at(scenario_node, ["local"], "local", "only a local entry reads settings files")
    if sc.kind != Kind.page:
        if not sc.advice:
            at(scenario_node, ["kind"], "advice", f"a {sc.kind.value} entry needs `advice`")
        if sc.controls and sc.kind != Kind.advice:
            at(scenario_node, ["controls"], "controls", f"a {sc.kind.value} entry has no switch, so no controls")
        for i, control in enumerate(sc.controls):
            if control.readings:
                at(scenario_node, ["controls", i, "readings"], f"controls.{i}.readings",
                   f"a {sc.kind.value} entry is never scanned: its controls take no readings")
        return problems

    if sel is None:
        at(scenario_node, ["id"], "id", f"no selectors file selectors/{sc.id}.yaml")
        return problems
    if not sc.steps or not sc.controls or not sc.hosts:
        at(scenario_node, ["kind"], "kind", "a page entry needs hosts, steps and controls")
    if sel.provider != sc.id:
        at(selectors_node, ["provider"], "provider", f"must be {sc.id!r}", entry.selectors_file)
    names = list(sel.selectors)
    if names != sorted(names):
        at(selectors_node, ["selectors"], "selectors", "selector names must be sorted", entry.selectors_file)
    for name, selector in sel.selectors.items():
        if selector.within and selector.within not in sel.selectors:
            at(selectors_node, ["selectors", name, "within"], f"selectors.{name}.within",
               f"unknown selector {selector.within!r}", entry.selectors_file)

    def need(loc, name, kinds=None):
        field = ".".join(map(str, loc))
        if name not in sel.selectors:
            at(scenario_node, loc, field, f"unknown selector {name!r} (not in {entry.selectors_file.name})")
        elif kinds and sel.selectors[name].kind not in kinds:
            allowed = "/".join(k.value for k in kinds)
            at(scenario_node, loc, field,
               f"selector {name!r} is a {sel.selectors[name].kind.value}; this needs a {allowed} selector"
               + (" (a scan never clicks a control)" if sel.selectors[name].kind == SelectorKind.control else ""))

    urls = {d.url for d in sc.deep_links} | ({sc.start_url} if sc.start_url else set())
    reads: dict[str, int] = {}
    for i, step in enumerate(sc.steps):
        loc = ["steps", i]
        # Every step says which selectors it names and of which kinds: a new step type is checked
        # here without this loop knowing it.
        for field, name, kinds in step.named_selectors():
            need(loc + [field], name, kinds)
        # What is not a selector is checked by type: a goto's URL, a read's control.
        if isinstance(step, GotoStep):
            if step.goto not in ("deep_link", "start") and step.goto not in urls:
                at(scenario_node, loc + ["goto"], f"steps.{i}.goto", "must be deep_link, start, or a listed URL")
            if step.goto == "start" and not sc.start_url:
                at(scenario_node, loc + ["goto"], f"steps.{i}.goto", "no start_url is set")
        elif isinstance(step, ReadStep):
            if step.read not in control_ids:
                at(scenario_node, loc + ["read"], f"steps.{i}.read", f"unknown control {step.read!r}")
            reads[step.read] = reads.get(step.read, 0) + 1
    for i, control in enumerate(sc.controls):
        if not control.readings:
            at(scenario_node, ["controls", i], f"controls.{i}.readings", "a page entry's control needs readings")
        for j, reading in enumerate(control.readings):
            need(["controls", i, "readings", j, "locator"], reading.locator, [SelectorKind.control])
        if reads.get(control.id, 0) != len(control.readings):
            at(scenario_node, ["controls", i, "readings"], f"controls.{i}.readings",
               f"{len(control.readings)} reading(s) but {reads.get(control.id, 0)} `read: {control.id}` step(s)")
    for field in ("signed_in", "signed_out", "blocked", "pending_consent", "not_applicable"):
        for j, name in enumerate(getattr(sc.detect, field)):
            need(["detect", field, j], name)
    if sc.deep_link_shows:
        need(["deep_link_shows"], sc.deep_link_shows)
    for j, wall in enumerate(sc.detect.consent_walls):
        need(["detect", "consent_walls", j, "marker"], wall.marker)
        need(["detect", "consent_walls", j, "pass_with"], wall.pass_with, [SelectorKind.dismiss])
    return problems + _lint_traceable(entry, selectors_node, source_ids)


def _documented_words(sc: Scenario) -> list[str]:
    """What the scenario's sources say the way looks like: the documented path, each step's words
    for itself, and every control's label, aliases and fix path."""
    words = [*sc.documented_path.steps, *(step.path for step in sc.steps if getattr(step, "path", None))]
    for control in sc.controls:
        words += [control.label, control.fix_path, *(alias.label for alias in control.aliases)]
    return [_plain(w) for w in words if isinstance(w, str)]


def _plain(text: str) -> str:
    # Sources quote with typographic marks; a page's name may use plain ones.
    text = text.translate(str.maketrans({"\u2019": "'", "\u2018": "'", "\u201c": '"', "\u201d": '"'}))
    return " ".join(text.casefold().split())


def _traces(candidate, documented: list[str]) -> bool:
    if candidate.name_pattern:
        return any(re.search(candidate.name_pattern, words, re.IGNORECASE) for words in documented)
    # Whole words: "Log in" is not in "Log into your account".
    wanted = re.compile(r"(?<!\w)" + re.escape(_plain(candidate.words)) + r"(?!\w)")
    return any(wanted.search(words) for words in documented)


def _lint_traceable(entry: Entry, selectors_node, source_ids: list[str]) -> list[Problem]:
    """Every name a selector looks for traces to the documented path, a control's label or alias,
    or a cited source; otherwise it is marked inferred, and an inferred name is never the only way
    through a step (a guess that fails must not end the walk)."""
    sc, sel = entry.scenario, entry.selectors
    problems: list[Problem] = []
    documented = _documented_words(sc)

    def at(name, i, field, message):
        loc = ["selectors", name, "candidates", i] + ([field] if field else [])
        problems.append(Problem(entry.selectors_file, _line_of(selectors_node, loc),
                                ".".join(map(str, loc)), message))

    for name, selector in sel.selectors.items():
        for i, candidate in enumerate(selector.candidates):
            for ref in candidate.source:
                if ref not in source_ids:
                    at(name, i, "source", f"unknown source {ref!r} (known: {', '.join(source_ids)})")
            if candidate.words and not (candidate.source or candidate.inferred or _traces(candidate, documented)):
                field = next(f for f in ("name", "name_pattern", "label", "text") if getattr(candidate, f))
                at(name, i, field, f"{candidate.words!r} is not in the documented path or a control's label "
                   "or aliases: cite the source that shows it (source: [id]) or mark it `inferred: true`")

    on_the_way = {name for step in sc.steps for _, name, _ in step.named_selectors()}
    on_the_way |= {reading.locator for control in sc.controls for reading in control.readings}
    for name in sorted(on_the_way & set(sel.selectors)):
        candidates = sel.selectors[name].candidates
        if all(c.inferred for c in candidates):
            at(name, 0, None, "every candidate is an inferred name: add one a source shows, or one found "
               "by place (css, test_id), so that a guess is never the only way through this step")
    return problems


def _lint_local(sc: Scenario, node, file: Path) -> list[Problem]:
    """A local entry names its settings files and, per control, what in them decides it."""
    problems = []

    def at(loc, message):
        problems.append(Problem(file, _line_of(node, loc), ".".join(map(str, loc)), message))

    if sc.local is None:
        at(["kind"], "a local entry needs `local` (binaries, folders, sources)")
        return problems
    if sc.steps or sc.hosts or sc.deep_links:
        at(["kind"], "a local entry has no hosts, deep links or steps: nothing is opened in a browser")
    scopes = [s.scope for s in sc.local.sources]
    for i, scope in enumerate(scopes):
        if scopes.index(scope) != i:
            at(["local", "sources", i, "scope"], f"scope {scope.value!r} is listed twice")
    if not sc.controls:
        at(["controls"], "a local entry needs controls")
    for i, control in enumerate(sc.controls):
        if control.local is None:
            at(["controls", i], "a local entry's control needs `local`")
        elif control.local.fix_scope not in scopes:
            at(["controls", i, "local", "fix_scope"], f"{control.local.fix_scope.value!r} is not one of the sources")
        if control.readings:
            at(["controls", i, "readings"], "a local entry's control is read from disk, not with readings")
    return problems


def _facts(sc: Scenario):
    """Every sourced fact with its location, so each source reference can be checked."""
    yield from ((["deep_links", i], d) for i, d in enumerate(sc.deep_links))
    yield ["documented_path"], sc.documented_path
    if sc.local:
        yield from ((["local", "sources", i], s) for i, s in enumerate(sc.local.sources))
    for i, c in enumerate(sc.controls):
        yield ["controls", i], c
        yield ["controls", i, "default"], c.default
        yield from ((["controls", i, "aliases", j], a) for j, a in enumerate(c.aliases))
        yield from ((["controls", i, "readings", j, "witness"], r.witness)
                    for j, r in enumerate(c.readings) if r.witness)
    yield from ((["gotchas", i], g) for i, g in enumerate(sc.gotchas))
    if sc.business_default:
        yield ["business_default"], sc.business_default


# --------------------------------------------------------------------------- entry points


def load_catalog(scenarios: Path | None = None, selectors: Path | None = None) -> Catalog:
    scenarios = scenarios or data_paths.scenarios_dir()
    selectors = selectors or data_paths.selectors_dir()
    problems: list[Problem] = []
    entries: dict[str, Entry] = {}
    scenario_files = sorted(scenarios.glob("*.yaml"))
    if not scenario_files:
        raise CatalogError([Problem(scenarios, None, "", "no scenario files found")])
    for path in scenario_files:
        try:
            scenario, errs, s_node = _validate(Scenario, path)
            sel_path = selectors / f"{path.stem}.yaml"
            sel, sel_errs, sel_node = (None, [], None)
            if sel_path.exists():
                sel, sel_errs, sel_node = _validate(SelectorFile, sel_path)
        except CatalogError as exc:
            problems += exc.problems
            continue
        problems += errs + sel_errs
        if scenario is None or (sel_path.exists() and sel is None):
            continue
        if scenario.id in entries:
            problems.append(Problem(path, _line_of(s_node, ["id"]), "id", f"duplicate id {scenario.id!r}"))
            continue
        entry = Entry(scenario, sel, path, sel_path if sel else None)
        problems += _lint_pair(entry, s_node, sel_node)
        entries[scenario.id] = entry
    for entry in entries.values():
        follows = entry.scenario.local.training_follows if entry.scenario.local else None
        if follows and follows not in entries:
            problems.append(Problem(entry.scenario_file, None, "local.training_follows", f"unknown provider {follows!r}"))
    for path in sorted(selectors.glob("*.yaml")):
        if not (scenarios / path.name).exists():
            problems.append(Problem(path, None, "", f"no scenario file scenarios/{path.name}"))
    if problems:
        raise CatalogError(problems)
    return Catalog(entries)
