"""The result of a paths run: one line per documented step, in a versioned JSON shape."""

from __future__ import annotations

from datetime import datetime, timezone
from enum import StrEnum

from pydantic import BaseModel, Field, computed_field

from ..results import ExitCode, same_words

SCHEMA_VERSION = 1


class PathOutcome(StrEnum):
    """A documented step, as `untrain paths` reports it."""

    found = "found"
    drift = "drift"  # found by an older label: a warning
    skipped = "skipped"  # optional and not shown, or its purpose already met
    missing = "missing"  # the path broke here
    unverified = "unverified"  # a wall, a time-out or a crash stopped the walk here; `reason` says which
    not_reached = "not_reached"  # after the step that stopped the walk


class LinkOutcome(StrEnum):
    """A deep link, opened on its own."""

    lands = "lands"  # its landmark shows
    misses = "misses"  # its landmark did not show
    unverified = "unverified"  # not judged: a wall, or the path itself is broken


class PathsStatus(StrEnum):
    """A provider's documented path as a whole: its worst step."""

    ok = "ok"
    drift = "drift"
    missing = "missing"
    unverified = "unverified"
    skipped = "skipped"  # nothing to walk (no settings page)


OK_OUTCOMES = {PathOutcome.found, PathOutcome.drift, PathOutcome.skipped}


class StepReport(BaseModel):
    index: int
    kind: str  # goto | click | wait | read | dismiss | press
    target: str  # the selector name (or URL / key) the step uses
    path: str | None = None  # how the documented path words it
    outcome: PathOutcome
    rank: int | None = None  # which candidate matched (0 = the first)
    expected_label: str | None = None
    found_label: str | None = None
    reason: str | None = None  # for unverified: signed_out | blocked | timeout | error | ambiguous ...
    detail: str | None = None
    suggestions: list[dict] = []  # {role, name, score}, best first
    already_visible: str | None = None  # a later step's element is already on the page: the step moved
    flake: str | None = None  # suspect | gone (after N consecutive missing runs)
    consecutive_failures: int = 0

    @property
    def ok(self) -> bool:
        return self.outcome in OK_OUTCOMES

    @property
    def key(self) -> str:
        return f"{self.index}:{self.kind}:{self.target}"

    def message(self) -> str:
        if self.outcome == PathOutcome.found:
            return f"found (candidate {self.rank + 1})" if self.rank is not None else "ok"
        if self.outcome == PathOutcome.drift and same_words(self.expected_label, self.found_label):
            return (f"drift: {self.expected_label!r} found only by candidate {(self.rank or 0) + 1}: "
                    "the same words, in markup built differently")
        if self.outcome == PathOutcome.drift:
            return f"drift: {self.expected_label!r} → {self.found_label!r} (candidate {(self.rank or 0) + 1})"
        if self.outcome == PathOutcome.skipped:
            return f"skipped: {self.detail}"
        if self.outcome == PathOutcome.missing:
            text = f"{self.expected_label!r} not found" if self.expected_label else (self.detail or "not found")
            if self.suggestions:
                text += "; closest: " + ", ".join(
                    f"{s['role']} {s['name']!r} ({s['score']:.2f})" for s in self.suggestions[:3])
            else:
                text += "; nothing similar on the page"
            if self.already_visible:
                text += f"; but {self.already_visible} is already visible (the path got shorter)"
            return text
        if self.outcome == PathOutcome.unverified:
            return f"not verified ({self.reason}): {self.detail}"
        return "not reached"


class DeepLinkReport(BaseModel):
    url: str
    confidence: str  # the catalogue's, for this link
    landmark: str  # the selector that must show once the link is open
    outcome: LinkOutcome
    reason: str | None = None  # for misses and unverified: path_missing | signed_out | blocked | ...
    detail: str | None = None

    def message(self, first: bool = True) -> str:
        """`first`: the link `untrain open` and the extension send people to; the others are
        alternatives, so a miss there is a warning that affects neither."""
        if self.outcome == LinkOutcome.lands:
            return f"lands ({self.landmark} shows)"
        if self.outcome == LinkOutcome.misses and first:
            return (f"MISSES: {self.landmark} did not show; `untrain open` and the extension send people "
                    "here and land elsewhere (a scan still reaches the setting by clicking the whole path)")
        if self.outcome == LinkOutcome.misses:
            return (f"warning: misses ({self.landmark} did not show). An alternative link: `untrain open` and "
                    "the extension use the first one, so they are not affected; fix or drop it in the catalogue")
        return f"not verified ({self.reason}): {self.detail}"


class ProviderPaths(BaseModel):
    id: str
    name: str
    status: PathsStatus
    reason: str | None = None
    detail: str | None = None
    steps: list[StepReport] = []
    artifacts: list[str] = []
    deep_links: list[DeepLinkReport] = []  # each of the scenario's links, opened on its own
    duration_ms: int = 0

    @property
    def first_link_moved(self) -> bool:
        """The link people are sent to no longer shows the setting."""
        return bool(self.deep_links) and self.deep_links[0].outcome == LinkOutcome.misses

    @property
    def link_warnings(self) -> int:
        """Alternative links (not the first) that no longer land: warnings, not failures."""
        return sum(link.outcome == LinkOutcome.misses for link in self.deep_links[1:])

    @property
    def verdict(self) -> str:
        """missing becomes suspect or gone once the flake history has been applied; a path that is
        fine but whose first link moved is "link moved", and one with only alternative links
        missing is "warning", so the verdict never says ok above a link that misses."""
        if self.status == PathsStatus.missing:
            return "gone" if any(s.flake == "gone" for s in self.steps) else "suspect"
        if self.status in (PathsStatus.ok, PathsStatus.drift) and self.first_link_moved:
            return "link moved"
        if self.status == PathsStatus.ok and self.link_warnings:
            return "warning"
        return self.status


class PathsReport(BaseModel):
    schema_version: int = SCHEMA_VERSION
    generated_at: str = Field(default_factory=lambda: datetime.now(timezone.utc).isoformat(timespec="seconds"))
    untrain_version: str = ""
    target: str  # replica:<state> | har:<file> | live
    gone_after: int = 2
    providers: list[ProviderPaths] = []

    @computed_field(description="What `untrain paths` exits with for this report (see README).")
    @property
    def exit_code(self) -> int:
        # Drift alone is a warning (the design: a lower-ranked match is drift, not failure), so 0.
        # Anything missing or unverified this run is 2, suspect or gone alike: a CI run must notice.
        # So is a first deep link that moved: `untrain open` and the extension depend on it. Other
        # links are alternatives, reported but not failing the run.
        if all(p.status in (PathsStatus.ok, PathsStatus.drift, PathsStatus.skipped) and not p.first_link_moved for p in self.providers):
            return ExitCode.OK
        return ExitCode.UNVERIFIED
