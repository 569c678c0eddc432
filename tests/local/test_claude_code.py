"""Claude Code: the env block of user, project, local and managed settings files, and the scan's own
environment, read by documented precedence (managed wins; a file wins over the environment)."""

from __future__ import annotations

import pytest

from checker.catalogue.models import Platform, Scope

from .helpers import PLATFORMS, Machine

TOOL = "claude-code"
UMBRELLA = "CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC"
CONTROLS = {"telemetry": "DISABLE_TELEMETRY", "error_reporting": "DISABLE_ERROR_REPORTING",
            "bug_command": "DISABLE_BUG_COMMAND"}
FILES = [Scope.user, Scope.project, Scope.local, Scope.managed]


@pytest.fixture(params=PLATFORMS, ids=lambda p: p.value)
def machine(request, tmp_path) -> Machine:
    m = Machine(tmp_path, platform=request.param)
    m.install(TOOL)
    return m


def test_not_installed_is_not_applicable_with_the_reason(tmp_path):
    m = Machine(tmp_path, environ={"PATH": str(tmp_path / "bin")})
    result = m.scan(TOOL)
    assert {c.status.value for c in result.controls} == {"not_applicable"}
    assert result.status.value == "not_applicable"
    assert "not installed" in result.controls[0].detail and "~/.claude" in result.controls[0].detail


def test_a_binary_on_path_counts_as_installed(tmp_path):
    binary = tmp_path / "bin" / "claude"
    binary.parent.mkdir()
    binary.write_text("#!/bin/sh\n")
    binary.chmod(0o755)
    m = Machine(tmp_path, environ={"PATH": str(binary.parent)})
    assert m.status(TOOL, "telemetry") == "on"  # installed, nothing set: the default


@pytest.mark.parametrize("control", CONTROLS)
def test_nothing_set_is_on(machine, control):
    assert machine.status(TOOL, control) == "on"


@pytest.mark.parametrize("scope", FILES, ids=lambda s: s.value)
@pytest.mark.parametrize("control,variable", CONTROLS.items())
def test_each_file_alone_turns_each_control_off(machine, scope, control, variable):
    path = machine.write(TOOL, scope, {"env": {variable: "1"}})
    result = next(c for c in machine.scan(TOOL).controls if c.id == control)
    assert result.status.value == "off"
    assert str(path) in result.detail and scope.value in result.detail


@pytest.mark.parametrize("scope", FILES, ids=lambda s: s.value)
@pytest.mark.parametrize("control", CONTROLS)
def test_the_umbrella_variable_turns_every_control_off(machine, scope, control):
    machine.write(TOOL, scope, {"env": {UMBRELLA: "1"}})
    assert machine.status(TOOL, control) == "off"


def test_the_other_controls_stay_on(machine):
    machine.write(TOOL, Scope.user, {"env": {"DISABLE_TELEMETRY": "1"}})
    assert [machine.status(TOOL, c) for c in CONTROLS] == ["off", "on", "on"]


def test_the_environment_counts_and_says_a_scheduled_scan_cannot_see_the_shell(tmp_path):
    m = Machine(tmp_path, environ={"DISABLE_TELEMETRY": "1"})
    m.install(TOOL)
    result = next(c for c in m.scan(TOOL).controls if c.id == "telemetry")
    assert result.status.value == "off"
    assert "scheduled scan" in result.detail and "environment" in result.detail


def test_an_on_result_says_it_read_only_this_scans_environment(machine):
    result = next(c for c in machine.scan(TOOL).controls if c.id == "telemetry")
    assert "scheduled scan" in result.detail


# Precedence, lowest first: environment, user, project, local, managed. An empty value set higher up
# wins over "1" set lower down (it is the value Claude Code ends up with), so "" shows who won.
ORDER = [Scope.environment, Scope.user, Scope.project, Scope.local, Scope.managed]
PAIRS = [(low, high) for i, low in enumerate(ORDER) for high in ORDER[i + 1:]]


def _set(machine: Machine, scope: Scope, value: str) -> None:
    if scope == Scope.environment:
        machine.environ["DISABLE_TELEMETRY"] = value
    else:
        machine.write(TOOL, scope, {"env": {"DISABLE_TELEMETRY": value}})


@pytest.mark.parametrize("low,high", PAIRS, ids=lambda s: s.value)
def test_the_higher_source_wins(machine, low, high):
    _set(machine, low, "1")
    _set(machine, high, "")
    assert machine.status(TOOL, "telemetry") == "on"  # the higher, empty value is the one in force
    _set(machine, low, "")
    _set(machine, high, "1")
    assert machine.status(TOOL, "telemetry") == "off"


# Value forms. "1" is what the docs show; JSON numbers appear in real files (issue #29134); a
# 2026-10-15 write-up reports that any non-empty value disables, "0" included.
VALUE_FORMS = [
    ("1", "off"), (1, "off"), (True, "off"), ("true", "off"), ("yes", "off"),
    ("", "on"), ("  ", "on"),
    ("0", "unknown"), (0, "unknown"), (False, "unknown"), ("false", "unknown"), ("no", "unknown"),
    (None, "unknown"), ([1], "unknown"),
]


@pytest.mark.parametrize("value,expected", VALUE_FORMS, ids=repr)
def test_value_forms(machine, value, expected):
    machine.write(TOOL, Scope.user, {"env": {"DISABLE_TELEMETRY": value}})
    result = next(c for c in machine.scan(TOOL).controls if c.id == "telemetry")
    assert result.status.value == expected
    if expected == "unknown":
        assert result.reason.value == "ambiguous" and '"1"' in result.detail


def test_a_contested_value_does_not_hide_a_clear_one(machine):
    machine.write(TOOL, Scope.user, {"env": {"DISABLE_TELEMETRY": "0", UMBRELLA: "1"}})
    assert machine.status(TOOL, "telemetry") == "off"


def test_a_malformed_file_is_unknown_naming_file_and_line(machine):
    path = machine.write(TOOL, Scope.project, '{\n  "env": {\n    "DISABLE_TELEMETRY": "1",\n  }\n}\n')
    for control in machine.scan(TOOL).controls:
        assert control.status.value == "unknown" and control.reason.value == "error"
        assert f"{path}:4:" in control.detail  # the trailing comma's line, as json reports it


def test_a_malformed_file_below_the_deciding_one_does_not_matter(machine):
    machine.write(TOOL, Scope.user, "{ not json")
    machine.write(TOOL, Scope.managed, {"env": {UMBRELLA: "1"}})
    assert machine.status(TOOL, "telemetry") == "off"


def test_a_malformed_file_above_a_value_hides_it(machine):
    machine.write(TOOL, Scope.user, {"env": {"DISABLE_TELEMETRY": "1"}})
    path = machine.write(TOOL, Scope.local, "[1, 2")
    result = next(c for c in machine.scan(TOOL).controls if c.id == "telemetry")
    assert result.status.value == "unknown" and str(path) in result.detail


def test_a_file_that_is_not_an_object_is_unknown(machine):
    path = machine.write(TOOL, Scope.user, "[]")
    result = machine.scan(TOOL).controls[0]
    assert result.status.value == "unknown" and f"{path}:1:" in result.detail


def test_an_env_block_that_is_not_an_object_is_unknown(machine):
    machine.write(TOOL, Scope.user, {"env": ["DISABLE_TELEMETRY=1"]})
    assert machine.status(TOOL, "telemetry") == "unknown"


@pytest.mark.parametrize("platform,expected", [
    ("linux", "system/etc/claude-code/managed-settings.json"),
    ("darwin", "system/Library/Application Support/ClaudeCode/managed-settings.json"),
    ("windows", "system/C/Program Files/ClaudeCode/managed-settings.json"),
])
def test_managed_settings_live_where_each_platform_keeps_them(tmp_path, platform, expected):
    m = Machine(tmp_path, platform=Platform(platform))
    assert m.path(TOOL, Scope.managed) == tmp_path / expected
    assert m.path(TOOL, Scope.user) == tmp_path / "home/.claude/settings.json"
    assert m.path(TOOL, Scope.local) == tmp_path / "project/.claude/settings.local.json"


def test_the_fix_is_exact_json_for_the_user_file(machine):
    import json

    result = machine.scan(TOOL)
    user_file = str(machine.path(TOOL, Scope.user))
    for control in result.controls:
        assert control.fix_path == user_file
        assert json.loads(control.fix_snippet) == {"env": {CONTROLS[control.id]: "1"}}


def test_training_is_not_a_claude_code_setting_the_report_points_at_claude():
    from checker.engine.local_tools import link_training
    from checker.catalogue.catalog import load_catalog
    from checker.results import ProviderResult, Status

    catalog = load_catalog()
    entries = [catalog["claude-code"], catalog["claude"]]
    local = ProviderResult(id="claude-code", name="Claude Code", status=Status.on)
    claude = ProviderResult(id="claude", name="Claude", status=Status.off)
    link_training([local, claude], entries)
    assert local.notes and "Claude" in local.notes[0] and "off" in local.notes[0]
    alone = ProviderResult(id="claude-code", name="Claude Code", status=Status.on)
    link_training([alone], entries[:1])
    assert "untrain scan claude" in alone.notes[0]


def test_claude_config_dir_moves_the_user_settings(tmp_path):
    moved = tmp_path / "work-profile"
    moved.mkdir()
    (moved / "settings.json").write_text('{"env": {"DISABLE_TELEMETRY": "1"}}')
    m = Machine(tmp_path, environ={"CLAUDE_CONFIG_DIR": str(moved)})
    m.write(TOOL, Scope.user, {"env": {}})  # ~/.claude/settings.json: no longer the one Claude Code reads
    result = next(c for c in m.scan(TOOL).controls if c.id == "telemetry")
    assert result.status.value == "off" and "CLAUDE_CONFIG_DIR" in result.detail and "scheduled scan" in result.detail
    assert result.fix_path == str(moved / "settings.json")


def test_claude_config_dir_alone_counts_as_installed(tmp_path):
    moved = tmp_path / "work-profile"
    moved.mkdir()
    m = Machine(tmp_path, environ={"CLAUDE_CONFIG_DIR": str(moved), "PATH": ""})
    assert m.status(TOOL, "telemetry") == "on"
