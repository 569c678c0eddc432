"""Scan results: statuses, reasons, evidence, and the versioned JSON report.

These models are the stable interface shared by the terminal report, the JSON/Markdown/HTML
writers, history, alerts and the extension's native host.
"""

from __future__ import annotations

from datetime import datetime, timezone
from enum import Enum, StrEnum

from pydantic import BaseModel, Field, computed_field

# 2 (2026-12): the `not_trained` status and its summary count; controls' meaning is one of
# training, human_review, ads, telemetry (1 had training and informational). A version 1 report
# still loads: every field 2 added has a default. 3 (2026-12): each of `changes` is an object with
# the provider's and control's ids and the states before and after; a version 2 report's lines of
# text still load as text. See README, "Reports".
SCHEMA_VERSION = 3

# What counts toward the exit code, the summary, a provider's status, the extension's badge and
# alerts. Ads and telemetry controls are shown, never counted; so is version 1's "informational".
COUNTED_MEANINGS = frozenset({"training", "human_review"})


class Status(str, Enum):
    on = "on"  # verified: training is allowed
    off = "off"  # verified: training is disabled
    unknown = "unknown"  # not verified; `reason` says why
    no_opt_out = "no_opt_out"  # the provider offers no toggle
    not_trained = "not_trained"  # documented as not trained, with no switch: settled, never a risk
    not_applicable = "not_applicable"  # e.g. a business plan was detected


class Source(StrEnum):
    """Where a result was read: what the person's history keeps apart and the report names."""

    scan = "scan"  # the person's own accounts, in their profile
    demo = "demo"  # the bundled replicas
    har = "har"  # a recorded visit, replayed
    record = "record"  # the reading taken while `untrain record` recorded a visit (never kept)
    extension = "extension"  # the browser extension, on a page the person opened


class Reason(str, Enum):
    signed_out = "signed_out"
    blocked = "blocked"  # bot check, captcha or consent wall
    path_missing = "path_missing"  # a documented step or control was not found
    pending_consent = "pending_consent"  # a terms pop-up or first-run screen, whose default may opt in, is waiting
    ambiguous = "ambiguous"  # more than one match, or readings disagree
    timeout = "timeout"
    error = "error"


class ExitCode:
    OK = 0  # every counted control verified off (or no_opt_out / not_trained / not_applicable)
    ON = 1  # at least one control is on
    UNVERIFIED = 2  # something is not verified and nothing is on
    USAGE = 64
    DATA = 65
    INTERNAL = 70  # a bug in Untrain: no answer about any setting (sysexits' EX_SOFTWARE)
    LOCKED = 75  # another scan holds the lock


class Evidence(BaseModel):
    locator: str
    candidate: str
    candidate_rank: int
    attribute: str
    value: str
    url: str
    elapsed_ms: int


def same_words(a: str | None, b: str | None) -> bool:
    """Two labels that differ at most in spacing. A drift between them is a change of markup (a later
    candidate found the control), not a rename, and is told as such."""
    return " ".join((a or "").split()) == " ".join((b or "").split())


class Drift(BaseModel):
    locator: str
    candidate_rank: int
    expected_label: str
    found_label: str
    message: str


class ControlResult(BaseModel):
    id: str
    label: str
    status: Status
    reason: Reason | None = None
    detail: str | None = None
    meaning: str = Field("training", description=(
        "What the control governs: training, human_review, ads or telemetry (checker/catalogue/models.py Meaning). "
        "Only training and human_review count toward exit_code and summary. Version 1 reports may also "
        "hold informational, never counted."))
    severity: str = "high"
    drift: list[Drift] = []
    evidence: list[Evidence] = []
    fix_path: str | None = Field(None, description="Where to turn it off: a path to click, or (local "
                                 "tools) the settings file to edit.")
    fix_snippet: str | None = Field(None, description="Local tools: the exact JSON to add to the file "
                                    "named by fix_path, ready to copy. Untrain never edits it.")
    deep_link: str | None = None

    @property
    def counted(self) -> bool:
        """Whether this control counts toward the exit code, the badge and alerts (its meaning)."""
        return self.meaning in COUNTED_MEANINGS

    @property
    def counts_as_on(self) -> bool:
        return self.counted and self.status == Status.on


class ProviderResult(BaseModel):
    id: str
    name: str
    status: Status
    reason: Reason | None = None
    detail: str | None = None
    controls: list[ControlResult] = []
    notes: list[str] = Field(default_factory=list, description="e.g. a consent wall passed with 'Reject all'.")
    drift: list[Drift] = Field(
        default_factory=list, description="Drift on the way to the controls: a renamed tab, a moved menu item."
    )
    gotchas: list[str] = []
    deep_link: str | None = None
    documented_path: list[str] = []
    source: Source = Source.scan  # a local tool's files are read in any of them
    duration_ms: int = 0


class Summary(BaseModel):
    on: int = 0
    off: int = 0
    unknown: int = 0
    no_opt_out: int = 0
    not_trained: int = 0
    not_applicable: int = 0


class ControlChange(BaseModel):
    """A control whose state differs from its last known one (History.diff). Kept as data, so
    history can be filtered by id and a reader of the JSON report needs no parsing; the report
    layer puts it into words (checker/report/labels.py change_words)."""

    provider: str
    provider_name: str
    control: str
    label: str
    before: Status
    before_reason: Reason | None = None
    after: Status
    after_reason: Reason | None = None


class ScanReport(BaseModel):
    schema_version: int = SCHEMA_VERSION
    generated_at: str = Field(default_factory=lambda: datetime.now(timezone.utc).isoformat(timespec="seconds"))
    untrain_version: str = ""
    demo: bool = False
    summary: Summary = Summary()
    providers: list[ProviderResult] = []
    changes: list[ControlChange | str] = Field(default_factory=list, description=(
        "Each control whose state differs from its last known one. Reports before version 3 held "
        "lines of text ('ChatGPT · Improve the model for everyone: off → on'), which still load."))
    demo_misread: list[str] = Field(
        default_factory=list, description="A demo's replicas that did not read as they declare (checker/replicas/demo.py)."
    )

    @classmethod
    def build(cls, providers: list[ProviderResult], **kwargs) -> "ScanReport":
        report = cls(providers=providers, **kwargs)
        report.summary = summarize(providers)
        return report

    @computed_field(description="What `untrain scan` exits with for this report (see README).")
    @property
    def exit_code(self) -> int:
        if self.demo:  # not the person's state: 0 unless the demo itself failed
            return ExitCode.UNVERIFIED if self.demo_misread else ExitCode.OK
        return exit_code_for(self.providers)


# Outcomes that need nothing more: verified off, or nothing to switch (no opt-out, not trained, not
# applicable). Only an unknown keeps a scan unverified.
SETTLED = (Status.off, Status.no_opt_out, Status.not_trained, Status.not_applicable)
# Outcomes of a whole provider with no switch to read; each is counted once in the summary.
PAGELESS = (Status.no_opt_out, Status.not_trained, Status.not_applicable)


def counted_controls(providers: list[ProviderResult]) -> list[ControlResult]:
    """The controls whose meaning counts (training, human review)."""
    return [c for p in providers for c in p.controls if c.counted]


def summarize(providers: list[ProviderResult]) -> Summary:
    summary = Summary()
    for control in counted_controls(providers):
        setattr(summary, control.status.value, getattr(summary, control.status.value) + 1)
    for provider in providers:
        if not provider.controls and provider.status in PAGELESS:
            setattr(summary, provider.status.value, getattr(summary, provider.status.value) + 1)
    return summary


def exit_code_for(providers: list[ProviderResult]) -> int:
    controls = counted_controls(providers)
    if any(c.status == Status.on for c in controls):
        return ExitCode.ON
    if all(c.status in SETTLED for c in controls) and all(
        p.status in SETTLED for p in providers if not p.controls
    ):
        return ExitCode.OK
    return ExitCode.UNVERIFIED


def provider_status(controls: list[ControlResult]) -> tuple[Status, Reason | None]:
    """A provider is `on` if any counted control is on, else unknown if any is unverified. A
    provider with only uncounted controls (ads, telemetry) takes its status from them."""
    training = [c for c in controls if c.counted] or controls
    if not training:  # nothing was read, so nothing is verified
        return Status.unknown, Reason.error
    if any(c.status == Status.on for c in training):
        return Status.on, None
    unknown = [c for c in training if c.status == Status.unknown]
    if unknown:
        return Status.unknown, unknown[0].reason
    statuses = {c.status for c in training}
    if statuses == {Status.not_applicable}:
        return Status.not_applicable, None
    if statuses == {Status.no_opt_out}:
        return Status.no_opt_out, None
    return Status.off, None
