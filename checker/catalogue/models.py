"""Catalogue models: the single source of truth for scenario and selector YAML.

The JSON Schemas in checker/schemas/ are generated from these classes (`untrain schema`), and the
loader in catalog.py validates every YAML file against them. A new step type, reader or candidate
kind is added here first; everything else follows from it.
"""

from __future__ import annotations

import datetime as dt
import re
from enum import Enum
from typing import Annotated, ClassVar, Literal, Union

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, field_validator, model_validator

ID_PATTERN = r"^[a-z][a-z0-9_-]*$"
DATE_PATTERN = r"^\d{4}(-\d{2}(-\d{2})?)?$"
# YAML reads an unquoted 2026-03-07 as a date; the catalogue keeps dates as text.
DateText = Annotated[
    str,
    BeforeValidator(lambda v: v.isoformat() if isinstance(v, dt.date) else str(v) if isinstance(v, int) else v),
    Field(pattern=DATE_PATTERN, description="YYYY, YYYY-MM or YYYY-MM-DD."),
]


class Strict(BaseModel):
    """Unknown keys are errors: a typo in the catalogue must never be silently ignored."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class Confidence(str, Enum):
    verified = "verified"  # the vendor's own code/docs, or a dated live observation
    documented = "documented"  # the vendor's help page or a dated guide
    reported = "reported"  # press or how-to guides
    contested = "contested"  # sources disagree; both are recorded
    inferred = "inferred"  # no source shows it; we chose it and say so


def date_reached(date_text: str, today: dt.date) -> bool:
    """Whether a catalogue date (YYYY, YYYY-MM or YYYY-MM-DD) has come: a bare month or year counts
    from its first day, so "2026-12" is reached on 2026-12-01."""
    year, month, day = (int(part) for part in (date_text + "-01-01").split("-")[:3])
    return today >= dt.date(year, month, day)


class Sourced(Strict):
    """Any fact: it names at least one source id from the scenario's `sources` and a confidence."""

    source: list[str] = Field(min_length=1, description="Ids of entries in this file's `sources`.")
    confidence: Confidence
    recheck_after: DateText | None = Field(
        None, description="This fact's own recheck date, when it needs a live look before its entry's "
        "(a low-confidence claim, a contested default). `untrain catalog --due` lists it once reached."
    )

    def recheck_due(self, today: dt.date) -> bool:
        return self.recheck_after is not None and date_reached(self.recheck_after, today)

    @field_validator("source", mode="before")
    @classmethod
    def _one_or_many(cls, value):
        return [value] if isinstance(value, str) else value


class Reader(str, Enum):
    """How a control's state is read (extension/lib/read_state.js). `state` is the default and reads
    what the accessibility tree exposes, whatever the UI kit; the others are overrides for controls
    whose state only shows in one attribute or in text."""

    state = "state"  # checked (native box), aria-checked (switch…), aria-pressed, or the selected option
    aria_checked = "aria_checked"  # role=switch/checkbox: aria-checked="true|false"
    checked = "checked"  # native <input type=checkbox>: the checked property
    selected_option = "selected_option"  # <select>, or a dropdown button showing its value
    state_text = "state_text"  # a state word in the accessible name or text ("… Off")
    # The last word of the rendered text, ignoring aria-label: a Google chip is NAMED by its action
    # ("Turn off your Keep Activity setting") but SHOWS its state ("✓ On").
    shown_text = "shown_text"
    # The whole accessible name of a button named by what a click would do ("Turn off" while on).
    action_name = "action_name"


# --------------------------------------------------------------------------- selectors (HOW)


# A candidate's ways to find an element, best first.
STRATEGIES = ("role", "label", "test_id", "text", "titled", "css")


class Candidate(Strict):
    """One way to find an element. Exactly one strategy key is set; they are listed by rank."""

    role: str | None = Field(None, description="ARIA role, used with `name`.")
    name: str | None = Field(None, description="Accessible name (substring, case-insensitive unless exact).")
    name_pattern: str | None = Field(None, description="Accessible name as a regular expression.")
    exact: bool = False
    label: str | None = Field(None, description="Text of an associated <label> or aria-label.")
    test_id: str | None = None
    test_id_attribute: str = Field("data-testid", description="Google uses data-test-id.")
    text: str | None = Field(None, description="Visible text.")
    titled: str | None = Field(
        None, description="A setting's title shown beside its control with nothing tying them (a menu "
        "button named by its value): the one control in the smallest part of the page that holds the "
        "title and a control, and no second title like it."
    )
    css: str | None = Field(None, description="Last resort. No positional or hashed selectors.")
    shows_label: str | None = Field(
        None, description="The human label this candidate matches, used in drift messages."
    )
    reader: Reader | None = Field(
        None, description="Read a match by this candidate with another reader: an older UI kind "
        "(a checkbox where a dropdown is now). Its values must be listed in the reading."
    )
    # Where a name comes from (the catalogue linter checks it): the scenario's documented path, a
    # control's label or alias, or else a source cited here. A guess says so, and is never the
    # only way through a step.
    source: list[str] = Field(
        [], description="Ids of the scenario's `sources` that show this name, label or text, when "
        "the documented path and the control labels do not."
    )
    inferred: bool = Field(
        False, description="No source shows this name: a guess. Never the only way through a step."
    )

    @model_validator(mode="after")
    def _one_strategy(self):
        strategies = [k for k in STRATEGIES if getattr(self, k)]
        if len(strategies) != 1:
            raise ValueError(
                f"a candidate needs exactly one of {', '.join(STRATEGIES)} "
                f"(found {strategies or 'none'})"
            )
        if (self.source or self.inferred) and not self.words:
            raise ValueError("`source` and `inferred` say where a name, label or text comes from; "
                             "this candidate names none")
        if self.source and self.inferred:
            raise ValueError("a name is either shown by a source or inferred, not both")
        if (self.name or self.name_pattern) and not self.role:
            raise ValueError("name/name_pattern go with role")
        if self.name_pattern:
            re.compile(self.name_pattern)
        if self.css:
            forbid_fragile_css(self.css)
        return self

    @property
    def strategy(self) -> str:
        return next(k for k in STRATEGIES if getattr(self, k))

    @property
    def words(self) -> str | None:
        """What the candidate expects the page to say (name, pattern, label or text), if anything."""
        return self.name or self.name_pattern or self.label or self.text or self.titled

    def describe(self) -> str:
        if self.role:
            name = self.name or (f"/{self.name_pattern}/" if self.name_pattern else None)
            return f"role={self.role}" + (f" name={name!r}" if name else "")
        if self.test_id:
            return f"{self.test_id_attribute}={self.test_id!r}"
        value = getattr(self, self.strategy)
        return f"{self.strategy}={value!r}"


_POSITIONAL = re.compile(r":nth-|:first-child|:last-child|:eq\(|>>\s*nth=")
_HASHED = re.compile(r"\.(css-[0-9a-z]{5,}|r-[0-9a-z]{5,}|sc-[A-Za-z]{5,})|radix-[:_]r")


def forbid_fragile_css(css: str) -> None:
    if _POSITIONAL.search(css):
        raise ValueError(f"positional CSS is not allowed: {css!r}")
    if _HASHED.search(css):
        raise ValueError(f"hashed or generated class names/ids are not allowed: {css!r}")


class SelectorKind(str, Enum):
    navigation = "navigation"  # may be clicked by a scan (tabs, menu items, rows that open dialogs)
    dismiss = "dismiss"  # the non-committal choice of a dialog ("Not now", "Reject all")
    control = "control"  # a training control: never clicked
    marker = "marker"  # only looked at (sign-in wall, bot check, dialogs, plan badges)


class Selector(Strict):
    kind: SelectorKind
    description: str | None = None
    within: str | None = Field(None, description="Name of a selector that contains this one.")
    candidates: list[Candidate] = Field(min_length=1)


class SelectorFile(Strict):
    provider: str = Field(pattern=ID_PATTERN)
    selectors: dict[str, Selector]


# --------------------------------------------------------------------------- scenarios (WHAT)


class Source(Strict):
    id: str = Field(pattern=ID_PATTERN)
    title: str
    date: DateText
    url: str | None = None
    file: str | None = Field(None, description="The copy in shared/sources/, when there is one.")


class DeepLink(Sourced):
    url: str = Field(pattern=r"^https://")
    note: str | None = None


class DocumentedPath(Sourced):
    steps: list[str] = Field(min_length=1, description="The path as the help page words it.")


class Alias(Sourced):
    label: str
    period: str | None = Field(None, description="When this label was in use, as the source says.")


class Value(str, Enum):
    on = "on"
    off = "off"


class Default(Sourced):
    value: Value | Literal["varies"]
    note: str | None = None


class Witness(Sourced):
    """A reading's second witness: the settings request the page loads the value from, where the
    evidence names one. The page's reading must agree with the request's answer, or the control is
    unknown; an answer that never came is unknown too (checker/engine/settle.py)."""

    request: str = Field(pattern=r"^/", description="The request's URL path on the provider's site, "
                                                     "without its query; `*` matches any run of characters.")
    pointer: str = Field(pattern=r"^(/[^/]*)+$", description="JSON pointer (RFC 6901) to the value in the answer.")
    training_allowed: list[bool | int | str] = Field(min_length=1, description="Values meaning training is on.")
    training_disabled: list[bool | int | str] = Field(min_length=1, description="Values meaning it is off.")


class Reading(Strict):
    """How to read one control: which locator, which reader, which raw values mean what."""

    locator: str
    reader: Reader = Field(Reader.state, description="Omit it: the default reads the checked, pressed or "
                           "selected state the accessibility tree exposes. Name another only when the "
                           "state shows nowhere else (a chip's text).")
    training_allowed: list[str] = Field(min_length=1, description="Raw values meaning training is on.")
    training_disabled: list[str] = Field(min_length=1, description="Raw values meaning it is off.")
    witness: Witness | None = Field(None, description="A settings request the reading must agree with.")


class Meaning(str, Enum):
    """What a control governs. Only training and human review count toward the exit code, the badge
    and alerts (results.COUNTED_MEANINGS); ads and telemetry are shown, never counted."""

    training = "training"  # content may be used to train or improve models
    human_review = "human_review"  # people at the vendor may read the content
    ads = "ads"  # ad personalisation or targeting
    telemetry = "telemetry"  # usage, diagnostics and other product data that is not training


class Severity(str, Enum):
    high = "high"
    medium = "medium"
    low = "low"
    info = "info"


# --------------------------------------------------------------------------- local tools (settings on disk)


class Platform(str, Enum):
    linux = "linux"
    darwin = "darwin"  # macOS
    windows = "windows"


class SettingsPath(Strict):
    """One path per platform. `~/…` is the home folder, a relative path is the project (the folder
    the scan runs in), an absolute one is the system's."""

    linux: str
    darwin: str
    windows: str

    def on(self, platform: Platform) -> str:
        return getattr(self, platform.value)


class Scope(str, Enum):
    environment = "environment"  # the scan's own environment variables (no file)
    system_defaults = "system_defaults"
    user = "user"
    project = "project"
    local = "local"
    managed = "managed"
    system = "system"


class SettingsSource(Sourced):
    """A place a local tool reads its settings from. A scenario lists them lowest precedence first:
    the last one that sets a value wins."""

    scope: Scope
    path: SettingsPath | str | None = Field(
        None, description="The file (one string for every platform, or one per platform); none for "
        "`environment`."
    )
    path_env: str | None = Field(
        None, description="An environment variable that, when set, names this file instead."
    )
    folder_env: str | None = Field(
        None, description="An environment variable that, when set, names the folder this file is "
        "in instead (the file keeps its name)."
    )

    @model_validator(mode="after")
    def _path_or_environment(self):
        if (self.scope == Scope.environment) != (self.path is None):
            raise ValueError("`environment` has no path; every other scope needs one")
        if self.path_env and self.folder_env:
            raise ValueError("name the file (path_env) or its folder (folder_env), not both")
        return self

    def path_on(self, platform: Platform) -> str | None:
        return self.path.on(platform) if isinstance(self.path, SettingsPath) else self.path


class ValueRule(str, Enum):
    # An environment variable that turns something off when set. Claude Code's docs show `=1`; a
    # 2026-10-15 write-up and anthropics/claude-code#29134 show any non-empty value disabling, "0"
    # included. checker/engine/local_tools.py reads "1"/true-like values as off, "" as unset, and the
    # contested "0"/false-like values as unknown (ambiguous): the person likely meant "on", the tool
    # likely reads "off", and only the person can settle which they want.
    env_flag = "env_flag"
    # A JSON boolean that enables something: true is on, false is off, anything else is unknown.
    boolean_enabled = "boolean_enabled"


class LocalControl(Strict):
    """What decides one control of a local tool."""

    rule: ValueRule
    env: list[str] = Field([], description="env_flag: variables (in a settings file's `env` block or "
                           "the environment); any one set turns the control off.")
    keys: list[str] = Field([], description="boolean_enabled: the dotted key of one setting, current "
                            "name first, older names after (a file that holds either sets it).")
    fix_scope: Scope = Field(Scope.user, description="The file the fix goes in.")
    fix: dict = Field(description="The JSON to add to that file, exactly as it is to be pasted.")

    @model_validator(mode="after")
    def _names_match_rule(self):
        if self.rule == ValueRule.env_flag and (not self.env or self.keys):
            raise ValueError("env_flag reads `env` variables (and no `keys`)")
        if self.rule == ValueRule.boolean_enabled and (not self.keys or self.env):
            raise ValueError("boolean_enabled reads `keys` (and no `env`)")
        if self.fix_scope == Scope.environment:
            raise ValueError("fix_scope must be a file")
        return self


class LocalTool(Strict):
    """A tool whose settings live in files on disk. No browser is involved."""

    binaries: list[str] = Field(min_length=1, description="Program names looked up on PATH.")
    folders: list[str] = Field(min_length=1, description="Its settings folders (`~/…`). The tool "
                               "counts as installed if one exists or a binary is on PATH.")
    sources: list[SettingsSource] = Field(min_length=1, description="Lowest precedence first.")
    training_follows: str | None = Field(
        None, description="The provider id whose training switch also covers this tool."
    )


class Control(Sourced):
    id: str = Field(pattern=ID_PATTERN)
    label: str
    aliases: list[Alias] = []
    meaning: Meaning = Field(
        Meaning.training, description="What the control governs. Only training and human_review "
        "count toward the exit code, the badge and alerts; ads and telemetry are shown, never counted."
    )
    severity: Severity
    default: Default
    readings: list[Reading] = Field(
        [], description="Each `read` step for this control takes the next reading; all must agree. "
        "A page entry's control needs at least one; a local entry's has none (it has `local`); an "
        "advice entry's controls have none (they name a switch Untrain cannot reach, with its "
        "meaning and fix path, and are never read).",
    )
    local: LocalControl | None = Field(None, description="For a local entry: what on disk decides it.")
    fix_path: str = Field(description="One line: where to click (or which file to edit) to turn it off.")
    risk: str | None = None
    missing_note: str | None = Field(
        None, description="Added to the reason when the control is not found, e.g. the regions "
        "where the provider hides it. Absence is still never `off`."
    )


class Gotcha(Sourced):
    text: str


# Steps: one class per step type. The interpreter in steps.py has one handler per class; what else
# needs to know about a step (the linter, the extension build, QA reports) asks the step itself.


class StepModel(Strict):
    """What every step type says about itself. Class variables, not fields: the YAML and the
    JSON Schema stay as they are."""

    # The key that makes a step this type (`click: …`): its kind in reports and in the extension.
    # That key's value is the step's target.
    kind: ClassVar[str]
    # Each field that names a selector, with the selector kinds it may name (empty: any kind). The
    # linter checks exactly these, so a step type that leaves one out here goes unchecked.
    selector_fields: ClassVar[dict[str, tuple[SelectorKind, ...]]] = {}

    @property
    def target(self) -> str:
        return str(getattr(self, self.kind))

    @property
    def selector(self) -> str | None:
        """The selector the step acts on, when its target is one (QA names it and its label)."""
        return self.target if self.kind in self.selector_fields else None

    def named_selectors(self) -> list[tuple[str, str, tuple[SelectorKind, ...]]]:
        """(field, selector name, kinds it may be) for every selector this step names."""
        return [(field, getattr(self, field), kinds) for field, kinds in self.selector_fields.items()
                if getattr(self, field) is not None]


class GotoStep(StepModel):
    kind = "goto"  # a URL or a name for one, not a selector: the linter checks it on its own

    goto: str = Field(description="'deep_link' (the first deep link), 'start', or a listed URL.")
    path: str | None = None


class ClickStep(StepModel):
    kind = "click"
    selector_fields = {"click": (SelectorKind.navigation,)}

    click: str = Field(description="A selector of kind navigation. Skipped, in a scan, when a later step's "
                                    "target already shows (a deep link or an older layout got there).")
    optional: bool = False
    path: str | None = Field(None, description="How the documented path words this step.")


class WaitStep(StepModel):
    kind = "wait"
    selector_fields = {"wait": ()}

    wait: str = Field(description="A selector that must become visible.")
    path: str | None = None


class ReadStep(StepModel):
    # It names a control, not a selector: its selector is that control's next reading's locator,
    # which only the scenario knows (see `reading`). The linter checks those locators per control.
    kind = "read"

    read: str = Field(description="A control id; takes that control's next reading.")
    path: str | None = None

    def reading(self, scenario: Scenario, index: int) -> Reading:
        """The reading this step takes as step `index`: the n-th `read` of a control takes its n-th
        reading (the scan counts the readings it has taken instead; the two agree)."""
        earlier = sum(1 for s in scenario.steps[:index] if isinstance(s, ReadStep) and s.read == self.read)
        readings = scenario.control(self.read).readings
        return readings[min(earlier, len(readings) - 1)]


class DismissStep(StepModel):
    kind = "dismiss"
    selector_fields = {"dismiss": (SelectorKind.dismiss,)}

    dismiss: str = Field(description="A selector of kind dismiss, clicked only if visible.")
    path: str | None = None


class PressStep(StepModel):
    kind = "press"

    press: Literal["Escape"] = Field(description="Only non-committal keys.")
    path: str | None = None


Step = Annotated[
    Union[GotoStep, ClickStep, WaitStep, ReadStep, DismissStep, PressStep],
    Field(union_mode="left_to_right"),
]


class ConsentWall(Strict):
    marker: str
    pass_with: str = Field(description="A dismiss selector; only 'Reject all'-style choices.")
    note: str


class Detection(Strict):
    """Markers checked while waiting for any step. The first one visible decides."""

    signed_in: list[str] = []
    signed_out: list[str] = []
    blocked: list[str] = []
    pending_consent: list[str] = []
    not_applicable: list[str] = []
    consent_walls: list[ConsentWall] = []


class Kind(str, Enum):
    page = "page"  # a settings page the scan drives
    no_opt_out = "no_opt_out"  # the provider offers no toggle
    not_trained = "not_trained"  # documented as not trained, and no switch: nothing to turn off
    advice = "advice"  # nothing to drive; shown as "check manually"
    local = "local"  # settings files of a tool on this machine: read from disk, no browser


class Scenario(Strict):
    id: str = Field(pattern=ID_PATTERN)
    name: str
    vendor: str
    product: str
    plan_scope: str
    kind: Kind = Kind.page
    hosts: list[str] = Field([], description="Hosts the scan may visit (and the replica serves).")
    start_url: str | None = Field(None, pattern=r"^https://")
    deep_links: list[DeepLink] = []
    deep_link_shows: str | None = Field(
        None, description="The selector a deep link shows once it lands: QA opens each link and waits for it.")
    documented_path: DocumentedPath
    detect: Detection = Detection()
    steps: list[Step] = []
    controls: list[Control] = []
    advice: str | None = Field(
        None, description="For no_opt_out/not_trained/advice entries: what to do, or what the vendor says."
    )
    local: LocalTool | None = Field(None, description="For local entries: where the settings live.")
    business_default: Gotcha | None = None
    gotchas: list[Gotcha] = []
    sources: list[Source] = Field(min_length=1)
    confidence: Confidence
    last_verified: DateText
    recheck_after: DateText

    @property
    def deep_link(self) -> str | None:
        return self.deep_links[0].url if self.deep_links else None

    def control(self, control_id: str) -> Control:
        return next(c for c in self.controls if c.id == control_id)

    def ahead(self, index: int) -> list[tuple[int, str]]:
        """(step index, selector) of what later steps look for, up to and including the next read:
        when one already shows, the steps before it have nothing left to do. A goto ends the view
        (a new page), and dismiss and press steps are not progress. The read's selector is the
        reading that step will take, counting the control's earlier reads."""
        taken: dict[str, int] = {}
        for step in self.steps[:index + 1]:
            if isinstance(step, ReadStep):
                taken[step.read] = taken.get(step.read, 0) + 1
        out = []
        for later, step in enumerate(self.steps[index + 1:], index + 1):
            if isinstance(step, GotoStep):
                break
            if isinstance(step, (ClickStep, WaitStep)):
                out.append((later, step.target))
            elif isinstance(step, ReadStep):
                readings = self.control(step.read).readings
                n = taken.get(step.read, 0)
                if n < len(readings):
                    out.append((later, readings[n].locator))
                break
        return out

    def recheck_due(self, today: dt.date) -> bool:
        """Its facts are due to be checked again: `recheck_after` (its first day, for a bare month
        or year) has come. `untrain catalog --due` lists what to check, and a test fails the build
        while an entry is due (tests/engine/test_catalog.py), so the date forces a decision."""
        return date_reached(self.recheck_after, today)
