"""Gemini CLI: privacy.usageStatisticsEnabled (and the older top-level usageStatisticsEnabled) in the
system defaults, user, project and system files; the system file wins, and
GEMINI_CLI_SYSTEM_SETTINGS_PATH / GEMINI_CLI_SYSTEM_DEFAULTS_PATH move the system files."""

from __future__ import annotations

import pytest

from checker.catalogue.models import Platform, Scope

from .helpers import PLATFORMS, Machine

TOOL = "gemini-cli"
ORDER = [Scope.system_defaults, Scope.user, Scope.project, Scope.system]
PAIRS = [(low, high) for i, low in enumerate(ORDER) for high in ORDER[i + 1:]]


@pytest.fixture(params=PLATFORMS, ids=lambda p: p.value)
def machine(request, tmp_path) -> Machine:
    m = Machine(tmp_path, platform=request.param)
    m.install(TOOL)
    return m


def _result(machine: Machine):
    return machine.scan(TOOL).controls[0]


def test_not_installed_is_not_applicable(tmp_path):
    result = _result(Machine(tmp_path, environ={"PATH": ""}))
    assert result.status.value == "not_applicable" and "~/.gemini" in result.detail and "`gemini`" in result.detail


def test_nothing_set_is_on_by_default(machine):
    result = _result(machine)
    assert result.status.value == "on" and "default" in result.detail


@pytest.mark.parametrize("scope", ORDER, ids=lambda s: s.value)
@pytest.mark.parametrize("content", [{"privacy": {"usageStatisticsEnabled": False}},
                                     {"usageStatisticsEnabled": False}], ids=["nested", "older-top-level"])
def test_each_file_and_both_key_forms_turn_it_off(machine, scope, content):
    path = machine.write(TOOL, scope, content)
    result = _result(machine)
    assert result.status.value == "off" and str(path) in result.detail


@pytest.mark.parametrize("low,high", PAIRS, ids=lambda s: s.value)
def test_the_higher_file_wins(machine, low, high):
    machine.write(TOOL, low, {"privacy": {"usageStatisticsEnabled": False}})
    machine.write(TOOL, high, {"privacy": {"usageStatisticsEnabled": True}})
    assert _result(machine).status.value == "on"
    machine.write(TOOL, low, {"usageStatisticsEnabled": True})  # the older key, lower down
    machine.write(TOOL, high, {"privacy": {"usageStatisticsEnabled": False}})
    assert _result(machine).status.value == "off"


def test_a_file_without_the_key_does_not_hide_a_lower_one(machine):
    machine.write(TOOL, Scope.user, {"privacy": {"usageStatisticsEnabled": False}})
    machine.write(TOOL, Scope.system, {"ui": {"theme": "GitHub"}})
    assert _result(machine).status.value == "off"


@pytest.mark.parametrize("variable,scope", [("GEMINI_CLI_SYSTEM_SETTINGS_PATH", Scope.system),
                                            ("GEMINI_CLI_SYSTEM_DEFAULTS_PATH", Scope.system_defaults)])
def test_the_system_files_can_be_moved_by_the_environment(machine, tmp_path, variable, scope):
    machine.write(TOOL, scope, {"privacy": {"usageStatisticsEnabled": False}})  # the default place: ignored
    moved = tmp_path / "elsewhere" / "gemini.json"
    moved.parent.mkdir()
    moved.write_text('{"privacy": {"usageStatisticsEnabled": true}}')
    machine.environ[variable] = str(moved)
    result = _result(machine)
    assert result.status.value == "on" and str(moved) in result.detail and variable in result.detail
    assert "scheduled scan" in result.detail  # it depends on the environment: said where it matters


def test_both_key_forms_disagreeing_in_one_file_is_ambiguous(machine):
    machine.write(TOOL, Scope.user, {"usageStatisticsEnabled": True, "privacy": {"usageStatisticsEnabled": False}})
    result = _result(machine)
    assert result.status.value == "unknown" and result.reason.value == "ambiguous"


@pytest.mark.parametrize("value,expected", [
    (True, "on"), (False, "off"), ("false", "unknown"), (0, "unknown"), (None, "unknown"), ({}, "unknown"),
], ids=repr)
def test_value_forms(machine, value, expected):
    machine.write(TOOL, Scope.user, {"privacy": {"usageStatisticsEnabled": value}})
    assert _result(machine).status.value == expected


def test_an_env_reference_is_resolved_and_flagged_for_scheduled_scans(machine):
    machine.write(TOOL, Scope.user, {"privacy": {"usageStatisticsEnabled": "${GEMINI_STATS}"}})
    machine.environ["GEMINI_STATS"] = "false"
    result = _result(machine)
    # A string where the docs want a boolean: never read as off.
    assert result.status.value == "unknown" and result.reason.value == "ambiguous"
    assert '"false"' in result.detail and "scheduled scan" in result.detail
    del machine.environ["GEMINI_STATS"]
    assert "not set in this scan's environment" in _result(machine).detail


def test_a_malformed_file_is_unknown_naming_file_and_line(machine):
    path = machine.write(TOOL, Scope.user, '{\n  "privacy": {\n    "usageStatisticsEnabled": false\n  \n')
    result = _result(machine)
    assert result.status.value == "unknown" and result.reason.value == "error"
    assert f"{path}:5:" in result.detail


def test_an_unreadable_file_is_unknown(machine):
    path = machine.path(TOOL, Scope.system)
    path.mkdir(parents=True)  # a folder where the file should be: it exists but cannot be read
    result = _result(machine)
    assert result.status.value == "unknown" and str(path) in result.detail


@pytest.mark.parametrize("platform,expected", [
    (Platform.linux, "system/etc/gemini-cli/settings.json"),
    (Platform.darwin, "system/Library/Application Support/GeminiCli/settings.json"),
    (Platform.windows, "system/C/ProgramData/gemini-cli/settings.json"),
])
def test_system_settings_live_where_each_platform_keeps_them(tmp_path, platform, expected):
    m = Machine(tmp_path, platform=platform)
    assert m.path(TOOL, Scope.system) == tmp_path / expected
    assert m.path(TOOL, Scope.user) == tmp_path / "home/.gemini/settings.json"
    assert m.path(TOOL, Scope.project) == tmp_path / "project/.gemini/settings.json"


def test_the_fix_is_the_documented_json_for_the_user_file(machine):
    import json

    result = _result(machine)
    assert result.fix_path == str(machine.path(TOOL, Scope.user))
    assert json.loads(result.fix_snippet) == {"privacy": {"usageStatisticsEnabled": False}}


def test_the_free_tier_training_fact_is_a_gotcha_with_its_source():
    from checker.catalogue.catalog import load_catalog

    sc = load_catalog()[TOOL].scenario
    gotcha = next(g for g in sc.gotchas if "free tier" in g.text)
    assert "issue-14104" in gotcha.source
    assert next(s for s in sc.sources if s.id == "issue-14104").date == "2025-11-28"
