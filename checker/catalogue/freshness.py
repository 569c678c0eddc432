"""What in the catalogue is due for a recheck, and what to look at live when you recheck it.

An entry is due once its `recheck_after` has come: all of its facts then want a fresh look. A single
fact can carry its own, earlier `recheck_after` (a low-confidence claim, a contested default); it is
due on its own while its entry is not. Each due item says what to check live, worded from the facts
themselves (the documented path, the labels, the defaults), so a person with an account can do it.
`today` is always passed in: the command takes it from the clock, tests from a fixed calendar.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from .catalog import Catalog, _facts
from .models import Alias, Control, Default, DeepLink, DocumentedPath, Kind, Scenario, Sourced


@dataclass(frozen=True)
class DueItem:
    provider: str
    name: str
    scope: str  # "entry" (the whole entry) or "fact" (one fact with its own date)
    field: str | None  # the fact's place in the scenario file ("controls.0.default"), for a fact
    due_since: str
    last_verified: str
    checks: list[str] = field(default_factory=list)
    command: str | None = None  # the command that walks the documented path live, for a page entry

    def as_json(self) -> dict:
        return {"provider": self.provider, "name": self.name, "scope": self.scope, "field": self.field,
                "due_since": self.due_since, "last_verified": self.last_verified,
                "checks": self.checks, "command": self.command}


def due_items(catalog: Catalog, today: dt.date) -> list[DueItem]:
    """Entries past their recheck date, then single facts past their own (in entries not yet due)."""
    entries, facts = [], []
    for entry in catalog.entries.values():
        sc = entry.scenario
        command = f"untrain paths --live {sc.id}" if sc.kind == Kind.page else None
        if sc.recheck_due(today):
            checks = [check_for(sc, loc, fact) for loc, fact in _facts(sc) if _is_live_fact(loc)]
            if sc.kind != Kind.page and sc.advice:
                checks.append(f"the advice is still right: {sc.advice}")
            entries.append(DueItem(sc.id, sc.name, "entry", None, sc.recheck_after, sc.last_verified,
                                   checks, command))
            continue
        for loc, fact in _facts(sc):
            if fact.recheck_due(today):
                facts.append(DueItem(sc.id, sc.name, "fact", ".".join(map(str, loc)), fact.recheck_after,
                                     sc.last_verified, [check_for(sc, loc, fact)], command))
    return entries + facts


def _is_live_fact(loc: list) -> bool:
    # For a whole entry, the facts a person can see on the page: the path, the links, each control
    # with its label, aliases and default. Gotchas are listed one by one only when they carry a date.
    return loc[0] in ("deep_links", "documented_path", "controls")


def check_for(sc: Scenario, loc: list, fact: Sourced) -> str:
    """One line: what to look at live to confirm this fact."""
    control = sc.controls[loc[1]] if loc[0] == "controls" else None
    if isinstance(fact, DocumentedPath):
        if sc.kind != Kind.page:  # an advice entry's steps are often alternatives (mobile; desktop)
            return "the documented steps are still right: " + "; ".join(fact.steps)
        return "the documented path still leads to the setting: " + " → ".join(fact.steps)
    if isinstance(fact, DeepLink):
        return f"the deep link {fact.url} still lands on the setting"
    if isinstance(fact, Control):
        return f'the control is still labelled "{fact.label}" ({fact.fix_path})'
    if isinstance(fact, Alias):
        return (f'the other wording "{fact.label}" of "{control.label}" ({fact.period or "undated"}): '
                "is it still shown anywhere?")
    if isinstance(fact, Default):
        value = getattr(fact.value, "value", fact.value)  # "varies" is a plain string
        disputed = (f"; sources disagree, see the note in scenarios/{sc.id}.yaml"
                    if fact.confidence.value == "contested" else "")
        return (f'the default of "{control.label}" for a new account is still {value}'
                f" ({fact.confidence.value}{disputed})")
    text = getattr(fact, "text", None)  # a gotcha or the business default
    # A fact of a kind this module does not know yet still gets a line naming where it is.
    return f"still true: {text}" if text else f"still true: {'.'.join(map(str, loc))} in scenarios/{sc.id}.yaml"
