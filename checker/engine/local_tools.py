"""Read a local AI tool's settings files into ControlResults (catalogue kind `local`; no browser).

A local entry (scenarios/claude-code.yaml, scenarios/gemini-cli.yaml) lists where its tool reads
settings from, lowest precedence first: the scan's own environment and files per platform. This
module reads each of them, finds the value that wins for every control by that precedence, and
turns it into a status. It only ever reads: no file is created, changed or touched.

Fail closed, as for pages:
- the tool is not installed (no settings folder, no binary on PATH): `not_applicable`;
- a file that decides the answer cannot be read or parsed: `unknown`, naming the file and line;
- a value whose meaning the sources dispute ("0" for an env flag, a string for a boolean): `unknown`
  (ambiguous), with what was found and how to say it plainly;
- otherwise `on` or `off`, with the file (or the environment) that decided it.

Everything about the machine comes in a `Host` (platform, home, working folder, environment), so
tests read scratch folders for every platform without depending on the real OS.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import sys
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath, PureWindowsPath
from typing import Any, Mapping

from ..catalogue.catalog import Entry
from ..catalogue.models import LocalControl, Platform, Scope, Scenario, SettingsSource, ValueRule
from ..results import ControlResult, ProviderResult, Reason, Source, Status, provider_status

SCHEDULED_NOTE = ("read from this scan's own environment: a scheduled scan does not see the "
                  "variables your shell exports")
# The contested forms of an env flag: the docs show "1"; reports show any non-empty value disabling.
FALSE_LIKE = {"0", "false", "no", "off"}
ENV_REFERENCE = re.compile(r"\$(?:\{(\w+)\}|(\w+))")


@dataclass(frozen=True)
class Host:
    """The machine a scan reads. `system_root`, for tests, puts every absolute system path (such as
    /etc/claude-code/… or C:\\Program Files\\…) under a scratch folder instead."""

    platform: Platform
    home: Path
    cwd: Path
    environ: Mapping[str, str]
    system_root: Path | None = None

    @classmethod
    def current(cls) -> "Host":
        platform = {"darwin": Platform.darwin, "win32": Platform.windows}.get(sys.platform, Platform.linux)
        return cls(platform=platform, home=Path.home(), cwd=Path.cwd(), environ=dict(os.environ))

    def path(self, text: str) -> Path:
        """A catalogue path: `~/…` in the home folder, an absolute one on the system, any other in
        the project (the folder the scan runs in)."""
        if text.startswith("~/"):
            return self.home.joinpath(*PurePosixPath(text[2:]).parts)
        pure = PureWindowsPath(text) if self.platform == Platform.windows else PurePosixPath(text)
        if not pure.is_absolute():
            return self.cwd.joinpath(*pure.parts)
        if self.system_root is None:
            return Path(text)
        drive = pure.drive.rstrip(":")  # C:\Program Files\… → <root>/C/Program Files/…
        return self.system_root.joinpath(*([drive] if drive else []), *pure.parts[1:])

    def on_path(self, binary: str) -> bool:
        return shutil.which(binary, path=self.environ.get("PATH", "")) is not None


# --------------------------------------------------------------------------- reading the sources


@dataclass
class Layer:
    """One source as read: its parsed settings, or the problem that kept it from being read."""

    scope: Scope
    where: str  # for people: the file's path, or "this scan's environment"
    data: dict[str, Any] | None = None  # None: the file does not exist
    problem: str | None = None  # "<file>:<line>: …" when it exists but cannot be used
    via_env: str | None = None  # the variable that named this file, when one did


def read_layers(scenario: Scenario, host: Host) -> list[Layer]:
    """Every source of the entry, lowest precedence first."""
    return [_read(source, host) for source in scenario.local.sources]


def source_path(source: SettingsSource, host: Host) -> tuple[Path, str | None]:
    """Where this host keeps the file, and the environment variable that moved it there, if one did."""
    default = host.path(source.path_on(host.platform))
    if source.path_env and host.environ.get(source.path_env):
        return Path(host.environ[source.path_env]).expanduser(), source.path_env
    if source.folder_env and host.environ.get(source.folder_env):
        return Path(host.environ[source.folder_env]).expanduser() / default.name, source.folder_env
    return default, None


def _read(source: SettingsSource, host: Host) -> Layer:
    if source.scope == Scope.environment:
        return Layer(Scope.environment, "this scan's environment", data={"env": dict(host.environ)})
    path, via_env = source_path(source, host)
    layer = Layer(source.scope, str(path), via_env=via_env)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return layer
    except (OSError, UnicodeDecodeError) as exc:
        layer.problem = f"{path}: cannot be read ({exc.strerror or exc.__class__.__name__})" \
            if isinstance(exc, OSError) else f"{path}: not UTF-8 text"
        return layer
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        layer.problem = f"{path}:{exc.lineno}: not valid JSON ({exc.msg}, column {exc.colno})"
        return layer
    if not isinstance(data, dict):
        layer.problem = f"{path}:1: expected a JSON object at the top level"
        return layer
    layer.data = data
    return layer


# --------------------------------------------------------------------------- what wins


@dataclass
class Finding:
    """The value that decides one variable or key, and where it came from."""

    state: str  # set | unset | contested | problem | enabled | disabled
    name: str = ""
    value: Any = None
    layer: Layer | None = None
    problem: str | None = None
    notes: list[str] = field(default_factory=list)

    def where(self) -> str:
        if self.layer is None:
            return ""
        if self.layer.scope == Scope.environment:
            return "this scan's environment"
        via = f", named by {self.layer.via_env}" if self.layer.via_env else ""
        return f"{self.layer.where} ({self.layer.scope.value}{via})"


def _env_flag(name: str, layers: list[Layer]) -> Finding:
    """The winning value of one env variable: the highest-precedence layer that sets it."""
    for layer in reversed(layers):
        if layer.problem:
            return Finding("problem", name, layer=layer, problem=layer.problem)
        env = (layer.data or {}).get("env")
        if env is None:
            continue
        if not isinstance(env, dict):
            return Finding("problem", name, layer=layer, problem=f"{layer.where}: `env` is not an object")
        if name in env:
            return Finding(_flag_state(env[name]), name, env[name], layer)
    return Finding("unset", name)


def _flag_state(value: Any) -> str:
    if isinstance(value, bool):
        return "set" if value else "contested"
    if isinstance(value, (int, float)):
        return "set" if value != 0 else "contested"
    if isinstance(value, str):
        if not value.strip():
            return "unset"  # an empty value does not disable (reports: "any non-empty value")
        return "contested" if value.strip().lower() in FALSE_LIKE else "set"
    return "contested"  # null, a list, an object: what the tool makes of it is not documented


def _setting(keys: list[str], layers: list[Layer], host: Host) -> Finding:
    """The winning value of one setting that may be written under several names (current first)."""
    for layer in reversed(layers):
        if layer.problem:
            return Finding("problem", keys[0], layer=layer, problem=layer.problem)
        if layer.scope == Scope.environment or layer.data is None:
            continue
        found = {key: value for key in keys if (value := _dotted(layer.data, key)) is not _MISSING}
        if not found:
            continue
        if len({json.dumps(v) for v in found.values()}) > 1:
            both = ", ".join(f"{k}={json.dumps(v)}" for k, v in found.items())
            return Finding("contested", keys[0], layer=layer,
                           notes=[f"the file sets both names to different values ({both})"])
        name, value = next(iter(found.items()))
        return _boolean(name, value, layer, host)
    return Finding("unset", keys[0])


def _boolean(name: str, value: Any, layer: Layer, host: Host) -> Finding:
    if isinstance(value, bool):
        return Finding("enabled" if value else "disabled", name, value, layer)
    finding = Finding("contested", name, value, layer)
    if isinstance(value, str):
        # Settings may reference environment variables ($VAR, ${VAR}); Gemini CLI resolves them from
        # its own environment, which a scheduled scan does not share.
        refs = [a or b for a, b in ENV_REFERENCE.findall(value)]
        if refs:
            resolved = ENV_REFERENCE.sub(lambda m: host.environ.get(m.group(1) or m.group(2), m.group(0)), value)
            missing = [r for r in refs if r not in host.environ]
            finding.notes.append(f"{json.dumps(value)} reads {', '.join('$' + r for r in refs)}: "
                                 + ("not set in this scan's environment" if missing else
                                    f"here it is {json.dumps(resolved)}")
                                 + f" ({SCHEDULED_NOTE})")
        finding.notes.append("the docs want true or false; a string may be read as true")
    return finding


_MISSING = object()


def _dotted(data: dict, key: str) -> Any:
    node: Any = data
    for part in key.split("."):
        if not isinstance(node, dict) or part not in node:
            return _MISSING
        node = node[part]
    return node


# --------------------------------------------------------------------------- statuses


def installed(scenario: Scenario, host: Host) -> bool:
    tool = scenario.local
    folders = [host.path(f) for f in tool.folders] + [
        source_path(s, host)[0].parent for s in tool.sources if s.folder_env and host.environ.get(s.folder_env)]
    return any(f.is_dir() for f in folders) or any(host.on_path(b) for b in tool.binaries)


def read_control(control: LocalControl, layers: list[Layer], host: Host) -> tuple[Status, Reason | None, str]:
    if control.rule == ValueRule.env_flag:
        return _env_status([_env_flag(name, layers) for name in control.env])
    return _boolean_status(_setting(control.keys, layers, host))


def _env_status(findings: list[Finding]) -> tuple[Status, Reason | None, str]:
    by_state = {state: [f for f in findings if f.state == state] for state in
                ("set", "problem", "contested", "unset")}
    if by_state["set"]:
        f = by_state["set"][0]
        detail = f"{f.name}={json.dumps(f.value)} in {f.where()}"
        return Status.off, None, detail + (f"; {SCHEDULED_NOTE}" if f.layer.scope == Scope.environment or f.layer.via_env else "")
    if by_state["problem"]:
        return Status.unknown, Reason.error, f"{by_state['problem'][0].problem}; nothing is verified until it is fixed"
    if by_state["contested"]:
        f = by_state["contested"][0]
        return Status.unknown, Reason.ambiguous, (
            f"{f.name}={json.dumps(f.value)} in {f.where()}: the docs show only \"1\", and reports say any "
            f"non-empty value disables, \"0\" included. Set it to \"1\" if you want it off")
    names = ", ".join(f.name for f in findings)
    return Status.on, None, f"none of {names} is set in the settings files or in this scan's environment " \
                            f"({SCHEDULED_NOTE})"


def _boolean_status(f: Finding) -> tuple[Status, Reason | None, str]:
    if f.layer is not None and f.layer.via_env:  # the file was found through this scan's environment
        f.notes.append(f"{f.layer.via_env} is {SCHEDULED_NOTE}")
    notes = "".join(f"; {n}" for n in f.notes)
    if f.state == "problem":
        return Status.unknown, Reason.error, f"{f.problem}; nothing is verified until it is fixed"
    if f.state == "contested":
        return Status.unknown, Reason.ambiguous, f"{f.name}={json.dumps(f.value)} in {f.where()}{notes}"
    if f.state == "unset":
        return Status.on, None, f"{f.name} is not set in any settings file: the default is on"
    status = Status.on if f.state == "enabled" else Status.off
    return status, None, f"{f.name}={json.dumps(f.value)} in {f.where()}{notes}"


def read_tool(entry: Entry, host: Host, source: Source = Source.scan) -> ProviderResult:
    """The entry's controls, read from this host's files and environment."""
    sc = entry.scenario
    tool = sc.local
    layers = read_layers(sc, host) if installed(sc, host) else None
    fix_files = {s.scope: s for s in tool.sources}
    controls = []
    for control in sc.controls:
        if layers is None:
            folders = " or ".join(tool.folders)
            binaries = " or ".join(f"`{b}`" for b in tool.binaries)
            status, reason, detail = (Status.not_applicable, None,
                                      f"{sc.name} is not installed here: no {folders} folder and no {binaries} on PATH")
        else:
            status, reason, detail = read_control(control.local, layers, host)
        fix_source = fix_files[control.local.fix_scope]
        controls.append(ControlResult(
            id=control.id, label=control.label, status=status, reason=reason, detail=detail,
            meaning=control.meaning.value, severity=control.severity.value,
            fix_path=str(source_path(fix_source, host)[0]),
            fix_snippet=fix_snippet(control.local),
        ))
    status, reason = provider_status(controls)
    return ProviderResult(
        id=sc.id, name=sc.name, status=status, reason=reason, controls=controls,
        gotchas=[g.text for g in sc.gotchas], documented_path=sc.documented_path.steps, source=source,
    )


def fix_snippet(control: LocalControl) -> str:
    """The JSON to add, ready to copy: merged into the file's top-level object (or the whole file,
    if there is none yet)."""
    return json.dumps(control.fix, indent=2)


def merged_snippet(controls: list[ControlResult]) -> str | None:
    """One JSON object holding the fixes of these controls (those of one file), to paste at once."""
    merged: dict = {}
    for control in controls:
        if control.fix_snippet:
            _merge(merged, json.loads(control.fix_snippet))
    return json.dumps(merged, indent=2) if merged else None


def _merge(into: dict, more: dict) -> None:
    for key, value in more.items():
        if isinstance(value, dict) and isinstance(into.get(key), dict):
            _merge(into[key], value)
        else:
            into[key] = value


def link_training(results: list[ProviderResult], entries: list[Entry]) -> None:
    """A local tool whose training follows an account's switch points at that account's result."""
    by_id = {r.id: r for r in results}
    for entry in entries:
        tool = entry.scenario.local
        if entry.scenario.kind.value != "local" or not tool or not tool.training_follows:
            continue
        result, account = by_id.get(entry.scenario.id), by_id.get(tool.training_follows)
        if result is None or result.status == Status.not_applicable:
            continue
        if account is None:
            note = (f"Training is not set here: it follows your account's switch (the "
                    f"`{tool.training_follows}` entry), not scanned in this run: `untrain scan {tool.training_follows}`.")
        else:
            from ..report.labels import status_words

            note = (f"Training is not set here: it follows your {account.name} account's switch, which "
                    f"reads {status_words(account.status, account.reason)} in this scan (see {account.name} above).")
        result.notes.append(note)
